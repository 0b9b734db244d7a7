package kubesteps.core.resource;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A resource type the API server serves, as discovery describes it (its categories: {@code all}, ...). */
public record ResourceType(String group, String version, String kind, String plural, String singular,
    List<String> shortNames, boolean namespaced, List<String> verbs, List<String> categories) {

  public ResourceType {
    categories = categories == null ? List.of() : categories;
  }

  /** A type in no category. */
  public ResourceType(String group, String version, String kind, String plural, String singular,
      List<String> shortNames, boolean namespaced, List<String> verbs) {
    this(group, version, kind, plural, singular, shortNames, namespaced, verbs, List.of());
  }

  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** kubectl's name for the type: {@code configmaps}, {@code jobs.batch}. */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** kubectl's type prefix in names and lines: {@code configmap}, {@code sparkapplication.sparkoperator.k8s.io}. */
  public String typeName() {
    return typeName(apiVersion(), kind);
  }

  /** {@link #typeName()} for an object's apiVersion and kind. */
  public static String typeName(String apiVersion, String kind) {
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    return kind.toLowerCase(java.util.Locale.ROOT) + (group.isEmpty() ? "" : "." + group);
  }

  /**
   * The collection's path on the server, relative to its root: {@code api/v1/namespaces/NS/configmaps},
   * {@code apis/batch/v1/jobs}; {@code namespace} null for all namespaces or a cluster-scoped type.
   */
  public String path(String namespace) {
    String base = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    if (namespaced && namespace != null) base += "/namespaces/" + ApiRequests.encode(namespace);
    return base + "/" + plural;
  }

  /** One object's path: {@link #path(String)} and its name. */
  public String path(String namespace, String name) {
    return path(namespace) + "/" + ApiRequests.encode(name);
  }

  /**
   * The items of a list of this type as the server sent it, with the kind and apiVersion the server leaves out of
   * list items put back, as kubectl puts them back (the list's own maps, changed in place).
   */
  public List<Map<String, Object>> items(Map<String, Object> list) {
    List<Map<String, Object>> items = new ArrayList<>();
    if (list.get("items") instanceof List<?> l) {
      for (Object i : l) {
        if (i instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> item = (Map<String, Object>) m;
          item.putIfAbsent("apiVersion", apiVersion());
          item.putIfAbsent("kind", kind);
          items.add(item);
        }
      }
    }
    return items;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }
}
