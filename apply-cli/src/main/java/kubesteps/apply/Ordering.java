package kubesteps.apply;

import java.util.ArrayList;
import java.util.List;
import kubesteps.core.manifest.Manifest;

/** The order objects are applied in: Namespaces, then CustomResourceDefinitions, then the rest as written. */
final class Ordering {
  private Ordering() {}

  static List<Manifest> order(List<Manifest> in) {
    List<Manifest> out = new ArrayList<>();
    in.stream().filter(Ordering::isNamespace).forEach(out::add);
    in.stream().filter(Ordering::isCrd).forEach(out::add);
    in.stream().filter(m -> !isNamespace(m) && !isCrd(m)).forEach(out::add);
    return out;
  }

  static boolean isNamespace(Manifest m) {
    return "v1".equals(m.apiVersion()) && "Namespace".equals(m.kind());
  }

  static boolean isCrd(Manifest m) {
    return "CustomResourceDefinition".equals(m.kind()) && m.apiVersion().startsWith("apiextensions.k8s.io/");
  }
}
