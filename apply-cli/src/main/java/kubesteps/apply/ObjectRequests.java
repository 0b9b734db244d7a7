package kubesteps.apply;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.jsonpath.GoJson;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.ListPager;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.status.Trees;

/**
 * The writes (and the few reads) k8s-apply makes, as kubectl's resource helper makes them: plain object trees sent
 * as JSON (written as Go's encoding/json writes it, as kubectl sends it; no Jackson mapper to set up), answers parsed
 * into plain trees. One request each, not retried here (Applier retries); API errors are fabric8 exceptions carrying
 * the server's Status (core's ApiRequests). Safe to use from several threads.
 */
final class ObjectRequests {
  private static final String METADATA = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
  private static final String METADATA_LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
  private static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final String JSON_PATCH = "application/json-patch+json";

  private final ApiRequests api;

  ObjectRequests(ApiRequests api) {
    this.api = api;
  }

  /** The object, or null when there is none. */
  Map<String, Object> get(ResourceType type, String namespace, String name) {
    String body = api.get(type.path(namespace, name), ApiRequests.JSON, true);
    return body == null ? null : ObjectMaps.parseJson(body);
  }

  /** The object's metadata as it is now (managedFields included; read from etcd), or null when there is none. */
  Map<String, Object> metadata(ResourceType type, String namespace, String name) {
    String body = api.get(type.path(namespace, name), METADATA + "," + ApiRequests.JSON, true);
    return body == null ? null : ObjectMaps.parseJson(body);
  }

  /**
   * The object's metadata.resourceVersion as the API server's cache has it (GET with resourceVersion=0, metadata
   * only: no read from etcd, a small answer), or null when there is no such object. It may be a little behind the
   * object in etcd; what only tells "unchanged" from "applied" can take that.
   */
  String cachedResourceVersion(ResourceType type, String namespace, String name) {
    String body = api.get(type.path(namespace, name) + "?resourceVersion=0", METADATA + "," + ApiRequests.JSON,
        true);
    return body == null ? null : Trees.string(ObjectMaps.parseJson(body), "metadata", "resourceVersion");
  }

  /**
   * Name to metadata.resourceVersion of every object of the type in the namespace (one metadata-only list of at most
   * {@code limit}: for many objects of one type, one request instead of one each), or null when the namespace holds
   * more than {@code limit} of them: then a few objects of the input would cost a list of many others. A list with a
   * limit is read from etcd (the API server's cache ignores limits), so these versions are current.
   */
  Map<String, String> resourceVersions(ResourceType type, String namespace, int limit) {
    Map<String, Object> list = ObjectMaps.parseJson(api.get(type.path(namespace)
        + ListPager.query(null, null, limit, null), METADATA_LIST + "," + ApiRequests.JSON, false));
    String token = Trees.string(list, "metadata", "continue");
    if (token != null && !token.isEmpty()) return null;
    Map<String, String> versions = new HashMap<>();
    if (list.get("items") instanceof List<?> items) {
      for (Object i : items) {
        versions.put(Trees.string(i, "metadata", "name"), Trees.string(i, "metadata", "resourceVersion"));
      }
    }
    return versions;
  }

  /**
   * The name of the object of the type in the namespace whose annotation {@code key} is {@code value}, or null: a
   * metadata-only list in chunks of 500 (not the objects' data), read until it is found.
   */
  String nameAnnotated(ResourceType type, String namespace, String key, String value) {
    String base = type.path(namespace);
    String last = null;
    String token = null;
    do {
      Map<String, Object> list = ObjectMaps.parseJson(api.get(base + ListPager.query(null, null, 500, token),
          METADATA_LIST + "," + ApiRequests.JSON, false));
      if (list.get("items") instanceof List<?> items) {
        for (Object i : items) {
          if (value.equals(Trees.at(i, "metadata", "annotations", key))) return Trees.string(i, "metadata", "name");
        }
      }
      last = token;
      token = Trees.string(list, "metadata", "continue");
    } while (token != null && !token.isEmpty() && !token.equals(last));
    return null;
  }

  /** The objects of the type in the namespace with the label selector, kind and apiVersion set as kubectl sets them. */
  List<Map<String, Object>> list(ResourceType type, String namespace, String labelSelector) {
    return type.items(ObjectMaps.parseJson(api.get(type.path(namespace) + ListPager.query(labelSelector, null, 0, null),
        ApiRequests.JSON, false)));
  }

  /** POST: creates the object (its name or generateName in it). */
  Map<String, Object> create(ResourceType type, String namespace, Map<String, Object> object, boolean dryRun) {
    return send("POST", type.path(namespace) + (dryRun ? "?dryRun=All" : ""), ApiRequests.JSON, object);
  }

  /** PUT: replaces the object (its metadata.resourceVersion says which version it replaces). */
  Map<String, Object> replace(ResourceType type, String namespace, Map<String, Object> object, boolean dryRun) {
    return send("PUT", type.path(namespace, Trees.string(object, "metadata", "name")) + (dryRun ? "?dryRun=All" : ""),
        ApiRequests.JSON, object);
  }

  /** PATCH with server-side apply: the fields of {@code object} owned by {@code fieldManager}. */
  Map<String, Object> serverSideApply(ResourceType type, String namespace, Map<String, Object> object,
      String fieldManager, boolean force, boolean dryRun) {
    String query = "?fieldManager=" + ApiRequests.encode(fieldManager) + (force ? "&force=true" : "")
        + (dryRun ? "&dryRun=All" : "");
    return send("PATCH", type.path(namespace, Trees.string(object, "metadata", "name")) + query, APPLY_PATCH, object);
  }

  /** PATCH with a JSON patch (a list of operations), as kubectl's upgrade from client-side apply sends it. */
  Map<String, Object> jsonPatch(ResourceType type, String namespace, String name, List<Object> operations) {
    return send("PATCH", type.path(namespace, name), JSON_PATCH, operations);
  }

  private Map<String, Object> send(String method, String path, String contentType, Object object) {
    return ObjectMaps.parseJson(api.send(method, path, ApiRequests.JSON, contentType,
        GoJson.compact(object), false));
  }
}
