package kubesteps.get;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.retry.Retries;
import kubesteps.core.time.Deadline;

/**
 * Reads objects and server-rendered tables with plain GETs on fabric8's HTTP client (core's ApiRequests, so that one
 * code path serves objects and {@code as=Table} answers alike), retried as core retries.
 */
final class ApiReader {
  /** Table in meta.k8s.io/v1 (1.15+), else v1beta1, else the plain object. */
  static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  private final ApiRequests api;
  private final Deadline deadline;

  ApiReader(ApiRequests api, Deadline deadline) {
    this.api = api;
    this.deadline = deadline;
  }

  /** One object (or its Table), or null when the server says 404. */
  Map<String, Object> get(ResourceType type, String namespace, String name, boolean table) {
    return fetch(path(type, namespace) + "/" + encode(name) + (table ? "?includeObject=Metadata" : ""), table, true);
  }

  /**
   * A list (or its Table); namespace null for all namespaces (or a cluster-scoped type). In chunks of
   * {@code chunkSize} (0: one request), as kubectl's pager: each request asks for {@code limit} objects and the next
   * one continues from the server's token; the chunks are one consistent snapshot, merged into one list (items, or
   * a Table's rows) with the first chunk's resourceVersion. A continue token that expired (410 Gone) is answered as
   * kubectl does: the whole list once more, in one request.
   */
  Map<String, Object> list(ResourceType type, String namespace, String labelSelector, String fieldSelector,
      boolean table, long chunkSize) {
    List<String> query = new ArrayList<>();
    if (labelSelector != null) query.add("labelSelector=" + encode(labelSelector));
    if (fieldSelector != null) query.add("fieldSelector=" + encode(fieldSelector));
    if (table) query.add("includeObject=Metadata");
    String base = path(type, namespace);
    Map<String, Object> list = null;
    String token = null;
    do {
      List<String> q = new ArrayList<>(query);
      if (chunkSize > 0) q.add("limit=" + chunkSize);
      if (token != null) q.add("continue=" + encode(token));
      Map<String, Object> chunk;
      try {
        chunk = fetch(base + (q.isEmpty() ? "" : "?" + String.join("&", q)), table, false);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 410 || token == null) throw e;
        // the snapshot expired between chunks: all of it again, in one request
        return list(type, namespace, labelSelector, fieldSelector, table, 0);
      }
      token = continueToken(chunk);
      if (list == null) {
        list = chunk;
      } else {
        String key = table ? "rows" : "items";
        @SuppressWarnings("unchecked")
        List<Object> all = (List<Object>) list.get(key);
        if (chunk.get(key) instanceof List<?> more) all.addAll(more);
      }
    } while (token != null && !token.isEmpty());
    if (list.get("metadata") instanceof Map<?, ?> meta) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) meta;
      m.remove("continue");
      m.remove("remainingItemCount");
    }
    if (!table && list.get("items") instanceof List<?> items) {
      // the server leaves kind and apiVersion out of list items; kubectl puts them back
      for (Object i : items) {
        if (i instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, Object> item = (Map<String, Object>) m;
          item.putIfAbsent("apiVersion", type.apiVersion());
          item.putIfAbsent("kind", type.kind());
        }
      }
    }
    return list;
  }

  private static String continueToken(Map<String, Object> chunk) {
    return chunk.get("metadata") instanceof Map<?, ?> meta && meta.get("continue") instanceof String c ? c : null;
  }

  static String path(ResourceType type, String namespace) {
    String base = type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.group() + "/" + type.version();
    if (type.namespaced() && namespace != null) base += "/namespaces/" + encode(namespace);
    return base + "/" + type.plural();
  }

  private Map<String, Object> fetch(String path, boolean table, boolean nullOn404) {
    String body = Retries.call(deadline, () -> api.get(path, table ? TABLE_ACCEPT : "application/json", nullOn404));
    return body == null ? null : ObjectMaps.parseJson(body);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
