package kubesteps.core.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The readings of a typed resource type {@code RESOURCE[.VERSION][.GROUP]}, most specific first, as kubectl tries
 * them: {@code deployments.v1.apps} is resource deployments, version v1, group apps; {@code jobs.batch} is resource
 * jobs in group batch; {@code cm} is resource cm in any group.
 */
record TypeName(String resource, String version, String group) {
  private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

  static List<TypeName> readings(String typed) {
    String t = typed.toLowerCase(Locale.ROOT);
    List<TypeName> out = new ArrayList<>();
    int dot = t.indexOf('.');
    if (dot < 0) {
      out.add(new TypeName(t, null, null));
      return out;
    }
    String resource = t.substring(0, dot);
    String rest = t.substring(dot + 1);
    int dot2 = rest.indexOf('.');
    String first = dot2 < 0 ? rest : rest.substring(0, dot2);
    if (VERSION.matcher(first).matches()) {
      out.add(new TypeName(resource, first, dot2 < 0 ? "" : rest.substring(dot2 + 1)));
    }
    out.add(new TypeName(resource, null, rest));
    return out;
  }

  boolean groupGiven() {
    return group != null;
  }
}
