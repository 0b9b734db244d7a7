package kubesteps.apply;

import java.util.List;
import java.util.Map;
import kubesteps.core.output.ObjectText;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.status.Trees;

/** What k8s-apply prints, as kubectl prints it. Pure. */
final class Printer {
  private Printer() {}

  /** kubectl's type prefix: {@code configmap}, {@code sparkapplication.sparkoperator.k8s.io}. */
  static String typeOf(String apiVersion, String kind) {
    return ResourceType.typeName(apiVersion, kind);
  }

  static String name(Map<String, Object> r) {
    String n = Trees.string(r, "metadata", "name");
    if (n == null || n.isEmpty()) n = Trees.string(r, "metadata", "generateName") + "<generated>";
    return typeOf(Trees.string(r, "apiVersion"), Trees.string(r, "kind")) + "/" + n;
  }

  /** {@code sparkapplication.sparkoperator.k8s.io/spark-pi-x7k2p created (server dry run)}. */
  static String line(Map<String, Object> r, String action, DryRun dryRun) {
    return name(r) + " " + action + dryRun.suffix();
  }

  /** Several objects as YAML documents, for --output-manifest. */
  static String documents(List<Map<String, Object>> objects) {
    return ObjectText.documents(objects);
  }
}
