package kubesteps.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.ResourceType;

/** What k8s-apply prints, as kubectl prints it. Pure. */
final class Printer {
  private Printer() {}

  /** kubectl's type prefix: {@code configmap}, {@code sparkapplication.sparkoperator.k8s.io}. */
  static String typeOf(String apiVersion, String kind) {
    return ResourceType.typeName(apiVersion, kind);
  }

  static String name(GenericKubernetesResource r) {
    String n = r.getMetadata().getName();
    if (n == null || n.isEmpty()) n = r.getMetadata().getGenerateName() + "<generated>";
    return typeOf(r.getApiVersion(), r.getKind()) + "/" + n;
  }

  /** {@code sparkapplication.sparkoperator.k8s.io/spark-pi-x7k2p created (server dry run)}. */
  static String line(GenericKubernetesResource r, String action, DryRun dryRun) {
    return name(r) + " " + action + dryRun.suffix();
  }

  /** All objects as JSON or YAML: one object as itself, several as a {@code List}. */
  static String format(List<GenericKubernetesResource> objects, String output) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.put("items", objects);
    Object value = objects.size() == 1 ? objects.get(0) : list;
    if ("json".equals(output)) return ObjectMaps.serialization().asJson(value) + "\n";
    return ObjectMaps.serialization().asYaml(value);
  }

  /** Several objects as YAML documents, for --output-manifest. */
  static String documents(List<GenericKubernetesResource> objects) {
    StringBuilder sb = new StringBuilder();
    for (GenericKubernetesResource r : objects) {
      String y = ObjectMaps.serialization().asYaml(r);
      if (!y.startsWith("---")) sb.append("---\n");
      sb.append(y);
      if (!y.endsWith("\n")) sb.append('\n');
    }
    return sb.toString();
  }
}
