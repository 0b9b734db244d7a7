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
  /**
   * fabric8's serialization as its default constructor makes it, but without searching the class path for every
   * model class (searchClassloaders=false: some 700 classes from 30 model jars loaded at start-up for a kind-to-class
   * map that GenericKubernetesResource does not use). The clients share it (ConnectionOptions.client()).
   */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
      tools.jackson.databind.json.JsonMapper.builderWithJackson2Defaults()
          .addModule(new io.fabric8.kubernetes.model.jackson.Jackson2JdkTypesModule()).build(), false);

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
