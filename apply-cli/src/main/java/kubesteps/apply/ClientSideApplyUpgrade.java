package kubesteps.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kubesteps.core.status.Trees;

/**
 * What kubectl's {@code apply --server-side} does to an object last changed by client-side {@code kubectl apply}
 * (its "csaupgrade"), as pure functions over {@code metadata.managedFields}: the managers that wrote the
 * {@code last-applied-configuration} annotation with Update operations (kubectl's own is
 * {@code kubectl-client-side-apply}; {@code kubectl create --save-config} makes {@code kubectl-create} one) become
 * this tool's Apply manager. Their fields are then this tool's, as if it had applied them: no conflict with them, and
 * the next apply removes what its manifest leaves out, as a client-side apply would have.
 */
final class ClientSideApplyUpgrade {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final String MEMBER = ".";
  private static final Pattern CONFLICT_WITH = Pattern.compile("^conflicts? with \"((?:[^\"\\\\]|\\\\.)*)\"");

  private ClientSideApplyUpgrade() {}

  /**
   * The managers of Update entries that own the last-applied annotation: the client-side appliers (kubectl's
   * {@code FindFieldsOwners} for that field), in the order of the entries.
   */
  static Set<String> clientSideAppliers(Object managedFields) {
    Set<String> names = new LinkedHashSet<>();
    if (!(managedFields instanceof List<?> entries)) return names;
    for (Object e : entries) {
      if (!"Update".equals(Trees.at(e, "operation"))) continue;
      Object leaf = Trees.at(e, "fieldsV1", "f:metadata", "f:annotations", "f:" + LAST_APPLIED);
      if (leaf instanceof Map<?, ?> m && (m.isEmpty() || m.containsKey(MEMBER))) {
        names.add(Trees.string(e, "manager"));
      }
    }
    return names;
  }

  /**
   * The managed fields with the Update entries of {@code appliers} turned into {@code manager}'s Apply entry, or null
   * when there is nothing to change. As kubectl does it: where {@code manager} has no Apply entry yet, the most
   * recent (first) Update entry of an applier becomes it; the fields of the applier's Update entry of the same
   * apiVersion are added to it; every other Update entry of the applier is dropped. Only the main resource's entries
   * (no subresource) are touched.
   */
  static List<Object> upgraded(Object managedFields, Set<String> appliers, String manager) {
    if (!(managedFields instanceof List<?> original) || original.isEmpty()) return null;
    List<Object> entries = new ArrayList<>(original);
    for (String applier : appliers) entries = upgradedFor(entries, applier, manager);
    return entries.equals(original) ? null : entries;
  }

  private static List<Object> upgradedFor(List<Object> entries, String applier, String manager) {
    int target = indexOf(entries, manager, "Apply", null);
    if (target < 0) {
      target = indexOf(entries, applier, "Update", null);
      if (target < 0) return entries;
      Map<String, Object> converted = new LinkedHashMap<>(Trees.map(entries.get(target)));
      converted.put("manager", manager);
      converted.put("operation", "Apply");
      entries.set(target, converted);
    }
    Map<String, Object> into = new LinkedHashMap<>(Trees.map(entries.get(target)));
    int from = indexOf(entries, applier, "Update", Trees.string(into, "apiVersion"));
    if (from >= 0) {
      into.put("fieldsV1", union(Trees.map(into.get("fieldsV1")), Trees.map(Trees.at(entries.get(from), "fieldsV1"))));
      into.put("fieldsType", "FieldsV1");
    }
    entries.set(target, into);
    List<Object> kept = new ArrayList<>();
    for (Object e : entries) {
      if (!matches(e, applier, "Update", null)) kept.add(e);
    }
    return kept;
  }

  private static int indexOf(List<Object> entries, String manager, String operation, String apiVersion) {
    for (int i = 0; i < entries.size(); i++) {
      if (matches(entries.get(i), manager, operation, apiVersion)) return i;
    }
    return -1;
  }

  private static boolean matches(Object e, String manager, String operation, String apiVersion) {
    String sub = Trees.string(e, "subresource");
    return manager.equals(Trees.at(e, "manager")) && operation.equals(Trees.at(e, "operation"))
        && (sub == null || sub.isEmpty()) && (apiVersion == null || apiVersion.equals(Trees.at(e, "apiVersion")));
  }

  /**
   * The union of two field sets in the managed fields' trie form ({@code {"f:data":{".":{},"f:a":{}}}}: a key per
   * path element, {@code {}} a field, {@code "."} a field that also has fields under it).
   */
  static Map<String, Object> union(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : a.entrySet()) {
      Object other = b.get(e.getKey());
      out.put(e.getKey(), other == null || MEMBER.equals(e.getKey()) ? e.getValue() : node(Trees.map(e.getValue()),
          Trees.map(other)));
    }
    for (Map.Entry<String, Object> e : b.entrySet()) out.putIfAbsent(e.getKey(), e.getValue());
    return out;
  }

  private static Map<String, Object> node(Map<String, Object> a, Map<String, Object> b) {
    boolean member = a.isEmpty() || a.containsKey(MEMBER) || b.isEmpty() || b.containsKey(MEMBER);
    Map<String, Object> children = union(a, b);
    children.remove(MEMBER);
    if (children.isEmpty()) return children;
    if (!member) return children;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(MEMBER, Map.of());
    out.putAll(children);
    return out;
  }

  /**
   * The JSON patch kubectl sends for the upgrade: the managed fields replaced, and the resourceVersion "replaced"
   * with the one they were read at, so that a change in between is refused with a conflict (then read again).
   */
  static List<Object> patch(List<Object> managedFields, String resourceVersion) {
    return List.of(
        op("/metadata/managedFields", managedFields),
        op("/metadata/resourceVersion", resourceVersion));
  }

  private static Map<String, Object> op(String path, Object value) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("op", "replace");
    op.put("path", path);
    op.put("value", value);
    return op;
  }

  /**
   * The managers a conflict's causes name ({@code conflict with "kubectl-create" using v1}), or null when a cause
   * does not say (then nothing is taken for granted).
   */
  static Set<String> conflictingManagers(List<String> causeMessages) {
    Set<String> names = new LinkedHashSet<>();
    for (String message : causeMessages) {
      Matcher m = CONFLICT_WITH.matcher(Objects.requireNonNullElse(message, ""));
      if (!m.find()) return null;
      names.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return names;
  }

  /**
   * The server's conflict message on one line: {@code Apply failed with 2 conflicts: conflicts with "a" using v1:
   * .data.x, .data.y; conflict with "b" using v1: .data.z} (kubectl prints it over several lines, one field a line; a
   * single conflict is one line there too, the same).
   */
  static String oneLine(String serverMessage) {
    return serverMessage.strip().replace(":\n- ", ": ").replace("\n- ", ", ").replace("\n", "; ");
  }
}
