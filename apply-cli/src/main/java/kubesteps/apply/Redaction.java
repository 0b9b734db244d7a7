package kubesteps.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;

/** Secrets' {@code data} and {@code stringData} never reach output unless asked for. */
final class Redaction {
  static final String REDACTED = "<redacted>";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private Redaction() {}

  static boolean isSecret(GenericKubernetesResource r) {
    return "v1".equals(r.getApiVersion()) && "Secret".equals(r.getKind());
  }

  /** A copy with the values of data and stringData (and kubectl's last-applied copy of them) replaced. */
  @SuppressWarnings("unchecked")
  static GenericKubernetesResource redact(GenericKubernetesResource r) {
    if (r == null || !isSecret(r)) return r;
    Map<String, Object> tree = ObjectMaps.of(r);
    for (String field : new String[] {"data", "stringData"}) {
      if (tree.get(field) instanceof Map<?, ?> values) {
        Map<String, Object> hidden = new LinkedHashMap<>();
        values.keySet().forEach(k -> hidden.put(String.valueOf(k), REDACTED));
        tree.put(field, hidden);
      }
    }
    if (tree.get("metadata") instanceof Map<?, ?> meta && meta.get("annotations") instanceof Map<?, ?> a
        && a.containsKey(LAST_APPLIED)) {
      ((Map<String, Object>) a).put(LAST_APPLIED, REDACTED);
    }
    return ObjectMaps.serialization().convertValue(tree, GenericKubernetesResource.class);
  }
}
