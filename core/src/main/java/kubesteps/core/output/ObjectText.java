package kubesteps.core.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.jsonpath.GoJson;

/**
 * Objects (plain trees) as kubectl prints them, for every tool: {@code -o json} (Go's encoding/json, four-space
 * indent), {@code -o yaml} (sigs.k8s.io/yaml, {@link YamlText}), several objects as kubectl's {@code List}, and YAML
 * documents for manifest files. Pure.
 */
public final class ObjectText {
  private ObjectText() {}

  /** kubectl's list wrapper for several objects: {@code kind: List} with {@code items}. */
  public static Map<String, Object> list(List<Map<String, Object>> items) {
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("apiVersion", "v1");
    l.put("items", new ArrayList<Object>(items));
    l.put("kind", "List");
    l.put("metadata", Map.of("resourceVersion", ""));
    return l;
  }

  /** kubectl's name of an object: {@code configmap/settings}, {@code sparkapplication.sparkoperator.k8s.io/pi}. */
  public static String name(Map<String, Object> obj) {
    Object meta = obj.get("metadata");
    Object name = meta instanceof Map<?, ?> m ? m.get("name") : null;
    return kubesteps.core.resource.ResourceType.typeName(String.valueOf(obj.get("apiVersion")),
        String.valueOf(obj.get("kind"))) + "/" + name;
  }

  /** The object without {@code metadata.managedFields}, as kubectl shows it: a copy when there were some. */
  public static Map<String, Object> withoutManagedFields(Map<String, Object> obj) {
    if (!(obj.get("metadata") instanceof Map<?, ?> meta) || !meta.containsKey("managedFields")) return obj;
    Map<String, Object> m = new LinkedHashMap<>();
    meta.forEach((k, v) -> {
      if (!"managedFields".equals(k)) m.put(String.valueOf(k), v);
    });
    Map<String, Object> copy = new LinkedHashMap<>(obj);
    copy.put("metadata", m);
    return copy;
  }

  /** One object as itself, several as a List (kubectl's -o json/yaml of what it got or applied). */
  public static Object oneOrList(List<Map<String, Object>> objects) {
    return objects.size() == 1 ? objects.get(0) : list(objects);
  }

  public static String json(Object tree) {
    return GoJson.indent(tree, "    ") + "\n";
  }

  public static String yaml(Object tree) {
    return YamlText.of(tree);
  }

  /** Objects as YAML documents, each after a {@code ---} line: a manifest file others can apply or wait on. */
  public static String documents(List<Map<String, Object>> objects) {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> o : objects) sb.append("---\n").append(yaml(o));
    return sb.toString();
  }
}
