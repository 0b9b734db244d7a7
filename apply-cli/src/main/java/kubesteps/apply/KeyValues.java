package kubesteps.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import kubesteps.core.error.StepException;

/** {@code KEY=VALUE} flags checked against Kubernetes' rules for label and annotation keys and label values. */
final class KeyValues {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private KeyValues() {}

  static Map<String, String> labels(String flag, List<String> items) {
    Map<String, String> out = parse(flag, items);
    out.forEach((k, v) -> {
      if (!v.isEmpty() && !NAME.matcher(v).matches()) {
        throw StepException.invalid(flag + " " + k + "=" + v + ": invalid label value (at most 63 letters, digits,"
            + " '-', '_' or '.', starting and ending with a letter or digit)");
      }
    });
    return out;
  }

  static Map<String, String> parse(String flag, List<String> items) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : items == null ? List.<String>of() : items) {
      int eq = kv.indexOf('=');
      if (eq <= 0) throw StepException.invalid(flag + " " + kv + ": expected KEY=VALUE");
      String key = kv.substring(0, eq);
      checkKey(flag, key);
      out.put(key, kv.substring(eq + 1));
    }
    return out;
  }

  /** --set-lines: one KEY=VALUE per line; blank lines and lines starting with # are skipped, a CR before LF dropped. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) continue;
      out.add(line.stripLeading());
    }
    return out;
  }

  static void checkKey(String flag, String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    boolean ok = NAME.matcher(name).matches()
        && (prefix == null || prefix.length() <= 253 && PREFIX.matcher(prefix).matches());
    if (!ok) {
      throw StepException.invalid(flag + " " + key + ": invalid key (an optional DNS prefix and '/', then at most 63"
          + " letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
    }
  }
}
