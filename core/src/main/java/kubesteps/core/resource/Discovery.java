package kubesteps.core.resource;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.retry.Retries;
import kubesteps.core.time.Deadline;

/**
 * Resolves resource types through the API server's discovery, so that custom resources work without code. Asks only
 * what it needs, in kubectl's priority: the core group first, then the groups in the server's order, each group's
 * preferred version first; stops at the first match. A fully qualified {@code TYPE.VERSION.GROUP} goes straight to
 * that group version. Answers are kept for the life of this object and in kubectl's on-disk cache
 * ({@link DiscoveryCache}), so a repeated run asks nothing; a type or kind the cache does not know is asked of the
 * server afresh before it is called unknown. Discovery documents are read as plain JSON maps (binding them to
 * fabric8's model classes costs Jackson's bean introspection, a tenth of a short command's start-up).
 */
public final class Discovery {
  private final ApiRequests api;
  private final Deadline deadline;
  private final Map<String, List<ResourceType>> byGroupVersion = new HashMap<>();
  private final DiscoveryCache cache;
  /** The server's API groups (of {@code /apis}), in its order; null until asked. */
  private List<ApiGroup> groups;
  /** Whether an answer came from the disk cache (then a miss is asked again of the server). */
  private boolean cacheUsed;
  /** Not to read the disk cache any more (after a miss in it). */
  private boolean fresh;

  /** Discovery with kubectl's disk cache for the client's server. */
  public Discovery(KubernetesClient client, Deadline deadline) {
    this(ApiRequests.of(client).within(deadline), deadline);
  }

  /** Discovery with kubectl's disk cache for the server {@code api} talks to. */
  public Discovery(ApiRequests api, Deadline deadline) {
    this(api, deadline, DiscoveryCache.forServer(api.server()));
  }

  public Discovery(KubernetesClient client, Deadline deadline, DiscoveryCache cache) {
    this(ApiRequests.of(client).within(deadline), deadline, cache);
  }

  public Discovery(ApiRequests api, Deadline deadline, DiscoveryCache cache) {
    this.api = api;
    this.deadline = deadline;
    this.cache = cache;
  }

  /** The type named by {@code typed} ({@code cm}, {@code jobs.batch}, {@code deployments.v1.apps}, a kind...). */
  public ResourceType resolve(String typed) {
    Optional<ResourceType> hit = find(typed);
    if (hit.isEmpty() && refreshAfterCacheMiss()) hit = find(typed);
    return hit.orElseThrow(() -> new StepException(ExitCode.INVALID_INPUT,
        "the server doesn't have a resource type \"" + typed + "\"" + suggestion(typed)));
  }

  /**
   * The types of a category ({@code all}, a custom resource's own), as kubectl expands it: every type of the core
   * group's and each group's preferred version that lists the category, in discovery's order; empty when none does.
   */
  public List<ResourceType> category(String name) {
    List<ResourceType> out = new ArrayList<>();
    if (name.contains(".") || name.contains("/")) return out;
    List<String> versions = new ArrayList<>(List.of("v1"));
    for (ApiGroup g : apiGroups()) {
      if (g.preferred() != null) versions.add(g.preferred());
      else if (!g.versions().isEmpty()) versions.add(g.versions().get(0));
    }
    Set<String> seen = new java.util.HashSet<>();
    for (String gv : versions) {
      for (ResourceType t : resources(gv)) {
        // a kind served by two groups (events, events.events.k8s.io) counts once, by its first group
        if (t.categories().contains(name) && seen.add(t.group() + "/" + t.plural())) out.add(t);
      }
    }
    return out;
  }

  /** After a miss: when the cache answered, forget it all and ask the server from now on; true if so. */
  private boolean refreshAfterCacheMiss() {
    if (!cacheUsed || fresh) return false;
    fresh = true;
    byGroupVersion.clear();
    groups = null;
    return true;
  }

  private Optional<ResourceType> find(String typed) {
    List<TypeName> readings = TypeName.readings(typed);
    // TYPE.VERSION.GROUP: its group version first, with no need for the list of groups
    for (TypeName reading : readings) {
      if (reading.version() == null || reading.group() == null) continue;
      String gv = reading.group().isEmpty() ? reading.version() : reading.group() + "/" + reading.version();
      Optional<ResourceType> hit = resources(gv).stream().filter(t -> matches(reading, t)).findFirst();
      if (hit.isPresent()) return hit;
    }
    for (String gv : searchOrder(readings)) {
      for (TypeName reading : readings) {
        Optional<ResourceType> hit = resources(gv).stream().filter(t -> matches(reading, t)).findFirst();
        if (hit.isPresent()) return hit;
      }
    }
    return Optional.empty();
  }

  /** The type of an object by its apiVersion and kind, as in a manifest. */
  public ResourceType forKind(String apiVersion, String kind) {
    Optional<ResourceType> hit = resources(apiVersion).stream().filter(t -> t.kind().equals(kind)).findFirst();
    if (hit.isEmpty() && refreshAfterCacheMiss()) {
      hit = resources(apiVersion).stream().filter(t -> t.kind().equals(kind)).findFirst();
    }
    return hit.orElseThrow(() -> new StepException(ExitCode.INVALID_INPUT, "no matches for kind \"" + kind
            + "\" in version \"" + apiVersion + "\"" + kindSuggestion(apiVersion, kind)));
  }

  /** "; did you mean ...?" with close kinds in that version or the versions of its group that serve the kind. */
  private String kindSuggestion(String apiVersion, String kind) {
    Set<String> close = new TreeSet<>();
    String want = kind.toLowerCase(Locale.ROOT);
    try {
      for (ResourceType t : resources(apiVersion)) {
        if (Suggestions.close(want, t.kind().toLowerCase(Locale.ROOT))) close.add("kind \"" + t.kind() + "\"");
      }
      int slash = apiVersion.indexOf('/');
      String group = slash < 0 ? "" : apiVersion.substring(0, slash);
      if (!group.isEmpty()) {
        for (ApiGroup g : apiGroups()) {
          if (!g.name().equals(group)) continue;
          for (String v : g.versions()) {
            if (v.equals(apiVersion)) continue;
            if (resources(v).stream().anyMatch(t -> t.kind().equals(kind))) {
              close.add("apiVersion \"" + v + "\"");
            }
          }
        }
      }
    } catch (KubernetesClientException e) {
      return " (is its CustomResourceDefinition installed?)";
    }
    if (close.isEmpty()) return " (is its CustomResourceDefinition installed?)";
    return "; did you mean " + String.join(" or ", close) + "?";
  }

  /** Forgets what was learnt about {@code apiVersion} (e.g. after a CRD was created). */
  public void forget(String apiVersion) {
    byGroupVersion.remove(apiVersion);
    groups = null;
    cache.forget(apiVersion);
  }

  private boolean matches(TypeName reading, ResourceType t) {
    if (reading.group() != null && !reading.group().equals(t.group())) return false;
    if (reading.version() != null && !reading.version().equals(t.version())) return false;
    String r = reading.resource();
    return r.equals(t.plural()) || r.equals(t.singular()) || t.shortNames().contains(r)
        || r.equals(t.kind().toLowerCase(Locale.ROOT));
  }

  /** The group versions to look in, lazily, most preferred first. */
  private Iterable<String> searchOrder(List<TypeName> readings) {
    boolean onlyCore = readings.stream().allMatch(r -> "".equals(r.group()));
    return () -> new java.util.Iterator<>() {
      int i = -1;
      List<String> rest;

      @Override
      public boolean hasNext() {
        if (i < 0) return true;
        if (onlyCore) return false;
        if (rest == null) rest = groupVersions(readings);
        return i < rest.size();
      }

      @Override
      public String next() {
        if (i < 0) {
          i = 0;
          return "v1";
        }
        return rest.get(i++);
      }
    };
  }

  private List<String> groupVersions(List<TypeName> readings) {
    Set<String> wantedGroups = new LinkedHashSet<>();
    boolean anyGroup = false;
    for (TypeName r : readings) {
      if (r.groupGiven()) wantedGroups.add(r.group());
      else anyGroup = true;
    }
    List<String> out = new ArrayList<>();
    for (ApiGroup g : apiGroups()) {
      if (!anyGroup && !wantedGroups.contains(g.name())) continue;
      if (g.preferred() != null) out.add(g.preferred());
      for (String v : g.versions()) {
        if (!v.equals(g.preferred())) out.add(v);
      }
    }
    return out;
  }

  /** One API group of {@code /apis}: its name, preferred group version and all its group versions. */
  record ApiGroup(String name, String preferred, List<String> versions) {}

  private List<ApiGroup> apiGroups() {
    if (groups == null && !fresh) {
      groups = parseGroups(cache.groups());
      if (groups != null) cacheUsed = true;
    }
    if (groups == null) {
      String json = Retries.call(deadline, () -> api.get("/apis", ApiRequests.JSON, true));
      groups = parseGroups(json);
      if (groups != null) cache.putGroups(json);
    }
    return groups == null ? List.of() : groups;
  }

  /** The groups of an APIGroupList document, or null when it is none (a damaged cache file, a 404). */
  static List<ApiGroup> parseGroups(String json) {
    Map<String, Object> doc = document(json, "APIGroupList");
    if (doc == null) return null;
    List<ApiGroup> out = new ArrayList<>();
    for (Map<String, Object> g : maps(doc.get("groups"))) {
      List<String> versions = new ArrayList<>();
      for (Map<String, Object> v : maps(g.get("versions"))) {
        if (v.get("groupVersion") instanceof String gv) versions.add(gv);
      }
      String preferred = g.get("preferredVersion") instanceof Map<?, ?> p && p.get("groupVersion") instanceof String gv
          ? gv : null;
      if (g.get("name") instanceof String name) out.add(new ApiGroup(name, preferred, versions));
    }
    return out;
  }

  /** The types of an APIResourceList document of {@code groupVersion} (subresources left out), or null. */
  static List<ResourceType> parseResources(String groupVersion, String json) {
    Map<String, Object> doc = document(json, "APIResourceList");
    if (doc == null) return null;
    int slash = groupVersion.indexOf('/');
    String group = slash < 0 ? "" : groupVersion.substring(0, slash);
    String version = slash < 0 ? groupVersion : groupVersion.substring(slash + 1);
    List<ResourceType> out = new ArrayList<>();
    for (Map<String, Object> r : maps(doc.get("resources"))) {
      if (!(r.get("name") instanceof String name) || !(r.get("kind") instanceof String kind)) continue;
      if (name.contains("/")) continue; // subresources: status, scale, log...
      String singular = r.get("singularName") instanceof String s && !s.isEmpty() ? s : kind.toLowerCase(Locale.ROOT);
      out.add(new ResourceType(group, version, kind, name, singular, strings(r.get("shortNames")),
          Boolean.TRUE.equals(r.get("namespaced")), strings(r.get("verbs")), strings(r.get("categories"))));
    }
    return out;
  }

  private static Map<String, Object> document(String json, String kind) {
    if (json == null || json.isBlank()) return null;
    try {
      Map<String, Object> doc = ObjectMaps.parseJson(json);
      return doc != null && (kind.equals(doc.get("kind")) || doc.get("kind") == null) ? doc : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object o) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object i : l) {
        if (i instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
      }
    }
    return out;
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object i : l) {
        if (i instanceof String s) out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /** The resources of one group version ({@code v1}, {@code batch/v1}); empty when the server does not serve it. */
  public List<ResourceType> resources(String groupVersion) {
    return byGroupVersion.computeIfAbsent(groupVersion, gv -> {
      List<ResourceType> types = fresh ? null : parseResources(gv, cache.resources(gv));
      if (types != null) {
        cacheUsed = true;
        return types;
      }
      // null: 404, the server does not serve that group version
      String path = gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
      String json = Retries.call(deadline, () -> api.get(path, ApiRequests.JSON, true));
      types = parseResources(gv, json);
      if (types == null) return List.of();
      cache.putResources(gv, json);
      return types;
    });
  }

  /** "; did you mean X?" with the known names closest to what was typed, or nothing. */
  private String suggestion(String typed) {
    String want = typed.toLowerCase(Locale.ROOT);
    int dot = want.indexOf('.');
    String resource = dot < 0 ? want : want.substring(0, dot);
    Set<String> close = new TreeSet<>();
    List<String> all = new ArrayList<>(List.of("v1"));
    try {
      all.addAll(groupVersions(List.of(new TypeName(resource, null, null))));
    } catch (KubernetesClientException e) {
      return "";
    }
    for (String gv : all) {
      for (ResourceType t : resources(gv)) {
        List<String> names = new ArrayList<>(t.shortNames());
        names.add(t.plural());
        names.add(t.singular());
        for (String n : names) {
          if (Suggestions.close(resource, n)) close.add(t.qualifiedPlural());
        }
      }
    }
    if (close.isEmpty()) return "";
    List<String> first = new ArrayList<>(close).subList(0, Math.min(5, close.size()));
    return "; did you mean " + String.join(", ", first) + "?";
  }
}
