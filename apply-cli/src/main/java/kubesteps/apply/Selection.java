package kubesteps.apply;

import java.util.List;
import java.util.Locale;
import kubesteps.core.error.StepException;
import kubesteps.core.manifest.Manifest;

/**
 * {@code --select KIND/NAME}: which object the single-value output files describe. KIND is the kind or kubectl's
 * type prefix ({@code SparkApplication}, {@code sparkapplication.sparkoperator.k8s.io}), any case; NAME is the name or
 * the generateName (prefix).
 */
record Selection(String kind, String name) {

  static Selection parse(String text) {
    if (text == null) return null;
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      throw StepException.invalid("--select " + text + ": expected KIND/NAME");
    }
    return new Selection(text.substring(0, slash), text.substring(slash + 1));
  }

  boolean matches(Manifest m) {
    String k = kind.toLowerCase(Locale.ROOT);
    boolean kindOk = k.equals(m.kind().toLowerCase(Locale.ROOT)) || k.equals(Printer.typeOf(m.apiVersion(), m.kind()));
    if (!kindOk) return false;
    return name.equals(m.name()) || (m.name() == null && name.equals(m.generateName()));
  }

  /** The index of the selected object among {@code manifests}; the first when nothing is selected. */
  static int indexIn(Selection s, List<Manifest> manifests) {
    if (s == null) return 0;
    for (int i = 0; i < manifests.size(); i++) {
      if (s.matches(manifests.get(i))) return i;
    }
    throw StepException.invalid("--select " + s.kind() + "/" + s.name() + ": no such object in the manifests");
  }
}
