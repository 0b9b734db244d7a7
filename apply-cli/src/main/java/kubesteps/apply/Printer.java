package kubesteps.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import kubesteps.core.output.ObjectText;
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

  /** Several objects as YAML documents, for --output-manifest. */
  static String documents(List<Map<String, Object>> objects) {
    return ObjectText.documents(objects);
  }
}
