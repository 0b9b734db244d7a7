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
  private static final class Holder {
    // made on first use only: parseJson needs no mapper
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
        tools.jackson.databind.json.JsonMapper.builderWithJackson2Defaults()
            .addModule(new io.fabric8.kubernetes.model.jackson.Jackson2JdkTypesModule()).build(), false);
  }

  private ObjectMaps() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> of(KubernetesResource resource) {
    if (resource == null) return null;
    return Holder.SERIALIZATION.convertValue(resource, LinkedHashMap.class);
  }

  /** jackson-core alone: no databind mapper to set up for a one-shot read (see {@link #parseJson}). */
  private static final tools.jackson.core.json.JsonFactory JSON = tools.jackson.core.json.JsonFactory.builder().build();

  /**
   * A tree from JSON text (an API server's answer) with jackson-core's streaming parser: the tree Jackson's mapper
   * makes of it (LinkedHashMap, ArrayList, String, Integer/Long/BigInteger, Double, Boolean, null; a repeated key
   * keeps its first place and its last value), without setting a mapper up, which costs a short command a sixth of
   * its start-up. Not a JSON object: an {@link IllegalArgumentException}.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseJson(String json) {
    try (tools.jackson.core.JsonParser p = JSON.createParser(tools.jackson.core.ObjectReadContext.empty(), json)) {
      tools.jackson.core.JsonToken first = p.nextToken();
      if (first != tools.jackson.core.JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object: " + (first == null ? "no content" : first));
      }
      Object tree = value(p, first);
      if (p.nextToken() != null) throw new IllegalArgumentException("more than one JSON value");
      return (Map<String, Object>) tree;
    } catch (tools.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Object value(tools.jackson.core.JsonParser p, tools.jackson.core.JsonToken t) {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (t = p.nextToken(); t != tools.jackson.core.JsonToken.END_OBJECT; t = p.nextToken()) {
          String key = p.currentName();
          m.put(key, value(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY -> {
        java.util.List<Object> l = new java.util.ArrayList<>();
        for (t = p.nextToken(); t != tools.jackson.core.JsonToken.END_ARRAY; t = p.nextToken()) l.add(value(p, t));
        return l;
      }
      case VALUE_STRING -> {
        return p.getString();
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException("unexpected JSON token " + t);
    }
  }

  /** A tree from JSON or YAML text (one document). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String jsonOrYaml) {
    return Holder.SERIALIZATION.unmarshal(jsonOrYaml, LinkedHashMap.class);
  }

  public static KubernetesSerialization serialization() {
    return Holder.SERIALIZATION;
  }
}
