package kubesteps.core.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Secrets are never printed unless asked: every value under a Secret's {@code data} and {@code stringData} becomes
 * {@value #REDACTED} (the keys stay, so one sees what the Secret holds), and so does its
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation, which repeats the data. Applied to each object
 * before any printer sees it, so every output format (json, yaml, jsonpath, custom-columns, watch) is covered.
 */
public final class Redaction {
  public static final String REDACTED = "<redacted>";
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private Redaction() {}

  /** The object, with a Secret's values replaced; other objects unchanged. Lists are redacted item by item. */
  public static Map<String, Object> apply(Map<String, Object> obj) {
    return apply(obj, java.util.Set.of());
  }

  /**
   * {@link #apply(Map)}, except the values of the keys in {@code shown}: those a template names one by one
   * ({@code -o jsonpath='{.data.password}'}), which the user asked for by name, as kubectl prints them.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> apply(Map<String, Object> obj, java.util.Set<String> shown) {
    if (obj == null) return null;
    if (obj.get("items") instanceof List<?> items && String.valueOf(obj.get("kind")).endsWith("List")) {
      Map<String, Object> copy = new LinkedHashMap<>(obj);
      copy.put("items", items.stream()
          .map(i -> i instanceof Map<?, ?> m ? (Object) apply((Map<String, Object>) m, shown) : i).toList());
      return copy;
    }
    if (!"Secret".equals(obj.get("kind")) || !"v1".equals(obj.get("apiVersion"))) return obj;
    Map<String, Object> copy = new LinkedHashMap<>(obj);
    for (String field : List.of("data", "stringData")) {
      if (copy.get(field) instanceof Map<?, ?> values) {
        Map<String, Object> hidden = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : values.entrySet()) {
          String k = String.valueOf(e.getKey());
          hidden.put(k, shown.contains(k) ? e.getValue() : REDACTED);
        }
        copy.put(field, hidden);
      }
    }
    if (copy.get("metadata") instanceof Map<?, ?> meta && meta.get("annotations") instanceof Map<?, ?> ann
        && ann.containsKey(LAST_APPLIED)) {
      Map<String, Object> metaCopy = new LinkedHashMap<>((Map<String, Object>) meta);
      Map<String, Object> annCopy = new LinkedHashMap<>((Map<String, Object>) ann);
      annCopy.put(LAST_APPLIED, REDACTED);
      metaCopy.put("annotations", annCopy);
      copy.put("metadata", metaCopy);
    }
    return copy;
  }
}
