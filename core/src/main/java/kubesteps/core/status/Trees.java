package kubesteps.core.status;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading plain object trees ({@code Map}/{@code List}/scalars, see ObjectMaps) without casts at every call. */
public final class Trees {
  private Trees() {}

  /** The value at {@code path} (map keys), or null where any step is missing or not a map. */
  public static Object at(Object root, String... path) {
    Object cur = root;
    for (String key : path) {
      if (!(cur instanceof Map<?, ?> m)) return null;
      cur = m.get(key);
    }
    return cur;
  }

  /** {@code tree} as a map when it is one (to read or copy), else an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object tree) {
    return tree instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  public static String string(Object root, String... path) {
    Object v = at(root, path);
    return v == null ? null : String.valueOf(v);
  }

  public static Long number(Object root, String... path) {
    Object v = at(root, path);
    if (v instanceof Number n) return n.longValue();
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  public static long numberOr(Object root, long fallback, String... path) {
    Long n = number(root, path);
    return n == null ? fallback : n;
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> conditions(Object obj) {
    Object c = at(obj, "status", "conditions");
    if (!(c instanceof List<?> list)) return List.of();
    return list.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x).toList();
  }

  /** The condition of {@code type} (compared ignoring case, as kubectl does), if the object has it. */
  public static Optional<Map<String, Object>> condition(Object obj, String type) {
    return conditions(obj).stream().filter(c -> type.equalsIgnoreCase(String.valueOf(c.get("type")))).findFirst();
  }

  /** Whether condition {@code type} has status {@code status} (ignoring case). */
  public static boolean conditionIs(Object obj, String type, String status) {
    return condition(obj, type).map(c -> status.equalsIgnoreCase(String.valueOf(c.get("status")))).orElse(false);
  }

  /** "reason: message" of a condition, or whichever of the two it has. */
  public static String conditionText(Map<String, Object> c) {
    Object reason = c.get("reason");
    Object message = c.get("message");
    if (reason != null && message != null) return reason + ": " + message;
    return String.valueOf(reason != null ? reason : message != null ? message : c.get("type") + "=" + c.get("status"));
  }

  public static String kind(Object obj) {
    return string(obj, "kind");
  }

  /** {@code group/Kind} for grouped kinds, {@code Kind} for the core group (kstatus's key). */
  public static String groupKind(Object obj) {
    String apiVersion = string(obj, "apiVersion");
    String kind = kind(obj);
    if (apiVersion == null || !apiVersion.contains("/")) return kind;
    return apiVersion.substring(0, apiVersion.indexOf('/')) + "/" + kind;
  }
}
