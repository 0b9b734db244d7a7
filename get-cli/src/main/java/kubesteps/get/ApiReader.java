package kubesteps.get;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.retry.Retries;
import kubesteps.core.time.Deadline;

/**
 * Reads objects and server-rendered tables with plain GETs on fabric8's HTTP client (so that one code path serves
 * objects and {@code as=Table} answers alike), retried as core retries, API errors as fabric8 exceptions with the
 * server's Status so that core's ErrorText words them as kubectl does.
 */
final class ApiReader {
  /** Table in meta.k8s.io/v1 (1.15+), else v1beta1, else the plain object. */
  static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  private final KubernetesClient client;
  private final Deadline deadline;

  ApiReader(KubernetesClient client, Deadline deadline) {
    this.client = client;
    this.deadline = deadline;
  }

  /** One object (or its Table), or null when the server says 404. */
  Map<String, Object> get(ResourceType type, String namespace, String name, boolean table) {
    return fetch(path(type, namespace) + "/" + encode(name) + (table ? "?includeObject=Metadata" : ""), table, true);
  }

  /** A list (or its Table); namespace null for all namespaces (or a cluster-scoped type). */
  Map<String, Object> list(ResourceType type, String namespace, String labelSelector, String fieldSelector,
      boolean table) {
    List<String> query = new ArrayList<>();
    if (labelSelector != null) query.add("labelSelector=" + encode(labelSelector));
    if (fieldSelector != null) query.add("fieldSelector=" + encode(fieldSelector));
    if (table) query.add("includeObject=Metadata");
    String q = query.isEmpty() ? "" : "?" + String.join("&", query);
    Map<String, Object> list = fetch(path(type, namespace) + q, table, false);
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

  static String path(ResourceType type, String namespace) {
    String base = type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.group() + "/" + type.version();
    if (type.namespaced() && namespace != null) base += "/namespaces/" + encode(namespace);
    return base + "/" + type.plural();
  }

  private Map<String, Object> fetch(String path, boolean table, boolean nullOn404) {
    String master = client.getMasterUrl().toString();
    String url = (master.endsWith("/") ? master : master + "/") + path;
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url)
        .header("Accept", table ? TABLE_ACCEPT : "application/json").build();
    HttpResponse<String> response = Retries.call(deadline, () -> {
      HttpResponse<String> r;
      try {
        r = client.getHttpClient().sendAsync(request, String.class).get();
      } catch (ExecutionException e) {
        throw KubernetesClientException.launderThrowable(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw KubernetesClientException.launderThrowable(e);
      }
      if (r.code() >= 400 && !(r.code() == 404 && nullOn404)) throw error(r);
      return r;
    });
    if (response.code() == 404) return null;
    return ObjectMaps.parse(response.body());
  }

  private static KubernetesClientException error(HttpResponse<String> r) {
    Status status = null;
    try {
      status = ObjectMaps.serialization().unmarshal(r.body(), Status.class);
    } catch (RuntimeException e) {
      // not a Status: the code alone
    }
    if (status == null || status.getCode() == null) {
      status = new Status();
      status.setCode(r.code());
      status.setMessage(r.body() == null || r.body().isBlank() ? "HTTP " + r.code() : r.body().strip());
    }
    return new KubernetesClientException(status.getMessage(), r.code(), status);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
