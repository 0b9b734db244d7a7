package kubesteps.core.resource;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Objects as plain trees ({@code Map<String, Object>}, {@code List<Object>}, String, Number, Boolean, null): what the
 * pure logic (JSONPath, conditions, status rules) reads. Built with fabric8's own (Jackson 3) serialization.
 */
public final class ObjectMaps {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ObjectMaps() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> of(KubernetesResource resource) {
    if (resource == null) return null;
    return SERIALIZATION.convertValue(resource, LinkedHashMap.class);
  }

  /** A tree from JSON or YAML text (one document). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String jsonOrYaml) {
    return SERIALIZATION.unmarshal(jsonOrYaml, LinkedHashMap.class);
  }

  public static KubernetesSerialization serialization() {
    return SERIALIZATION;
  }
}
