package kubesteps.get;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.ListPager;
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
  /** Without a deadline, how long an unreachable server is retried; and how far apart the tries are at most. */
  private final Duration unbounded;
  private final Duration retryAtMost;

  /** A watch's reads: a stalled answer is tried again too. */
  private final boolean patient;

  ApiReader(ApiRequests api, Deadline deadline) {
    this(api, deadline, Retries.DEFAULT_BUDGET, Duration.ofSeconds(5), false);
  }

  private ApiReader(ApiRequests api, Deadline deadline, Duration unbounded, Duration retryAtMost, boolean patient) {
    this.api = api;
    this.patient = patient;
    this.deadline = deadline;
    this.unbounded = unbounded;
    this.retryAtMost = retryAtMost;
  }

  /**
   * The same reads for a watch that lists again: an unreachable server (or a stalled answer) is retried up to five
   * minutes where there is no deadline (a restarting control plane), the tries at most a second apart (it is seen
   * back soon).
   */
  ApiReader patient() {
    return new ApiReader(api, deadline, Duration.ofMinutes(5), Duration.ofSeconds(1), true);
  }

  /** A subresource of an object (status, scale), or its Table; a 404 is the server's error, in its own words. */
  Map<String, Object> subresource(ResourceType type, String namespace, String name, String subresource, boolean table) {
    return fetch(type.path(namespace, name) + "/" + ApiRequests.encode(subresource), table, false);
  }

  /** One object (or its Table), or null when the server says 404. */
  Map<String, Object> get(ResourceType type, String namespace, String name, boolean table) {
    return get(type, namespace, name, table, false);
  }

  /** {@link #get}; with {@code wholeObject}, a Table's row carries the whole object (for --sort-by). */
  Map<String, Object> get(ResourceType type, String namespace, String name, boolean table, boolean wholeObject) {
    return fetch(type.path(namespace, name) + (!table ? "" : wholeObject ? "?includeObject=Object"
        : "?includeObject=Metadata"), table, true);
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
    return list(type, namespace, labelSelector, fieldSelector, table, chunkSize, false);
  }

  /** {@link #list}; with {@code wholeObjects}, a Table's rows carry their whole objects (for --sort-by). */
  Map<String, Object> list(ResourceType type, String namespace, String labelSelector, String fieldSelector,
      boolean table, long chunkSize, boolean wholeObjects) {
    String key = table ? "rows" : "items";
    // the first chunk (or the whole list after an expired token) is the list, its items the chunks' together
    List<Map<String, Object>> head = new ArrayList<>(List.of(Map.of()));
    ListPager.Listed<Object> all = ListPager.list(chunkSize, (limit, token) -> {
      Map<String, Object> chunk = chunk(type, namespace, labelSelector, fieldSelector, table, limit, token,
          wholeObjects);
      // objects with kind and apiVersion put back as kubectl puts them; of a Table's rows, which carry each object's
      // metadata, only what the printed row needs is kept across chunks
      List<?> items = !table ? type.items(chunk) : chunk.get(key) instanceof List<?> l ? l : List.of();
      List<Object> kept = new ArrayList<>(items.size());
      for (Object i : items) kept.add(table && !wholeObjects ? Printers.printedPart(i) : i);
      if (token == null) {
        head.set(0, chunk);
        if (chunk.containsKey(key)) chunk.put(key, List.of()); // the chunks' items take their place at the end
      }
      return ListPager.Page.of(chunk, kept);
    });
    Map<String, Object> list = head.get(0);
    if (list.get(key) instanceof List<?>) list.put(key, new ArrayList<>(all.items()));
    if (list.get("metadata") instanceof Map<?, ?> meta) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) meta;
      m.remove("continue");
      m.remove("remainingItemCount");
    }
    return list;
  }

  /**
   * A list's objects chunk by chunk as they come (kind and apiVersion set as kubectl sets them), for output that need
   * not hold the whole list; returns the snapshot's resourceVersion. When a continue token expires midway, the whole
   * list comes once more and only the objects after the last one handed on are handed on (ListPager.each).
   */
  String listEach(ResourceType type, String namespace, String labelSelector, String fieldSelector, long chunkSize,
      Consumer<List<Map<String, Object>>> sink) {
    return ListPager.each(chunkSize, (limit, token) -> {
      Map<String, Object> chunk = chunk(type, namespace, labelSelector, fieldSelector, false, limit, token, false);
      return ListPager.Page.of(chunk, type.items(chunk));
    }, ApiReader::storageKey, sink);
  }

  /** One chunk of a list: at most {@code limit} objects (0: all), from {@code token} (null: the start). */
  private Map<String, Object> chunk(ResourceType type, String namespace, String labelSelector, String fieldSelector,
      boolean table, long limit, String token, boolean wholeObjects) {
    String query = ListPager.query(labelSelector, fieldSelector, limit, token,
        table ? new String[] {wholeObjects ? "includeObject=Object" : "includeObject=Metadata"} : new String[0]);
    return fetch(type.path(namespace) + query, table, false);
  }

  /** Where the API server keeps the object, as far as its order in a list goes: namespace/name. */
  private static String storageKey(Map<String, Object> obj) {
    Object meta = obj.get("metadata");
    String ns = meta instanceof Map<?, ?> m && m.get("namespace") instanceof String n ? n : "";
    String name = meta instanceof Map<?, ?> m && m.get("name") instanceof String n ? n : "";
    return ns.isEmpty() ? name : ns + "/" + name;
  }

  private Map<String, Object> fetch(String path, boolean table, boolean nullOn404) {
    dev.failsafe.function.CheckedSupplier<String> get = () -> api.get(path, table ? TABLE_ACCEPT : ApiRequests.JSON, nullOn404);
    String body = patient ? Retries.callThroughStalls(deadline, unbounded, retryAtMost, get)
        : Retries.call(deadline, unbounded, retryAtMost, get);
    return body == null ? null : ObjectMaps.parseJson(body);
  }

}
