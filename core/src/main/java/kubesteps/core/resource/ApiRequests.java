package kubesteps.core.resource;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kubesteps.core.status.Trees;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.time.Deadline;
import kubesteps.core.time.Durations;

/**
 * Plain requests on fabric8's HTTP client (its TLS, authentication and impersonation), for answers read as JSON text:
 * discovery documents, objects, server-rendered tables. API errors come back as fabric8 exceptions carrying the
 * server's Status, so that core's ErrorText words them as kubectl does. Works with a whole fabric8 client or with
 * its HTTP client alone (what a one-shot read needs; see ConnectionOptions.httpClient()).
 */
public final class ApiRequests {
  /** What the API answers plain objects and lists as. */
  public static final String JSON = "application/json";

  /** Past the request timeout, what the HTTP client may still take to give up by itself before we stop waiting. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private final HttpClient http;
  private final String server;
  private final Duration requestTimeout;
  private final Deadline deadline;

  /** {@code requestTimeout}: how long one request may take, its whole answer read (zero or negative: no limit). */
  public ApiRequests(HttpClient http, String masterUrl, Duration requestTimeout) {
    this(http, masterUrl, requestTimeout, Deadline.NONE);
  }

  private ApiRequests(HttpClient http, String masterUrl, Duration requestTimeout, Deadline deadline) {
    this.http = http;
    this.server = masterUrl.endsWith("/") ? masterUrl : masterUrl + "/";
    this.requestTimeout = requestTimeout;
    this.deadline = deadline;
  }

  /**
   * The same requests, each also ended when the command's {@code deadline} passes (--timeout bounds the whole run: a
   * request that has no answer then, a stalled connection or TLS handshake say, ends the command with exit 4 at once
   * instead of after the connect or request timeout). A deadline of zero ({@code --timeout=0}: look once) bounds
   * nothing: the one look is made whatever it takes.
   */
  public ApiRequests within(Deadline deadline) {
    return new ApiRequests(http, server, requestTimeout, deadline);
  }

  public static ApiRequests of(KubernetesClient client) {
    return of(client.getHttpClient(), client.getConfiguration());
  }

  /** Requests on {@code http} to the server {@code config} names, bounded by its request timeout. */
  public static ApiRequests of(HttpClient http, Config config) {
    return new ApiRequests(http, config.getMasterUrl(), Duration.ofMillis(config.getRequestTimeout()));
  }

  /** The server's URL, ending in '/'. */
  public String server() {
    return server;
  }

  /** The body of {@code GET path} ({@code path} relative to the server), or null on 404 when {@code nullOn404}. */
  public String get(String path, String accept, boolean nullOn404) {
    return send("GET", path, accept, null, null, nullOn404);
  }

  /**
   * The body of the answer to {@code METHOD path} with {@code body} (JSON text, sent as {@code contentType}; null
   * for none), or null on 404 when {@code nullOn404}. An API error is a fabric8 exception with the server's Status.
   */
  public String send(String method, String path, String accept, String contentType, String body, boolean nullOn404) {
    String url = server + (path.startsWith("/") ? path.substring(1) : path);
    HttpRequest.Builder b = http.newHttpRequestBuilder().uri(url).header("Accept", accept);
    if (body != null) b.method(method, contentType, body);
    else if (!"GET".equals(method)) throw new IllegalArgumentException(method + " without a body");
    HttpResponse<String> r;
    CompletableFuture<HttpResponse<String>> answer = http.sendAsync(b.build(), String.class);
    // bounded here too: the HTTP client's own timeout stops at the answer's start, so an answer that stalls (or
    // whose reader thread died, e.g. out of memory) would otherwise be waited for for ever
    Duration bound = requestTimeout.isZero() || requestTimeout.isNegative() ? null : requestTimeout.plus(GRACE);
    boolean byDeadline = false;
    if (deadline.bounded() && !deadline.total().isZero()) {
      Duration left = deadline.remaining();
      if (bound == null || left.compareTo(bound) < 0) {
        bound = left;
        byDeadline = true;
      }
    }
    try {
      r = bound == null ? answer.get() : answer.get(Math.max(1, bound.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      if (byDeadline) {
        throw new StepException(ExitCode.TIMEOUT, "timed out after " + Durations.format(deadline.total())
            + " (--timeout): no answer from the API server to " + method + " " + path);
      }
      throw new KubernetesClientException(method + " " + path + ": no whole answer within " + Durations.format(
          requestTimeout) + " (--request-timeout)", new HttpTimeoutException("no whole answer within "
          + Durations.format(requestTimeout) + " (--request-timeout)"));
    } catch (ExecutionException e) {
      // an Error in the client's threads (out of memory) is that Error here, not an API error
      if (e.getCause() instanceof Error error) throw error;
      throw KubernetesClientException.launderThrowable(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubernetesClientException.launderThrowable(e);
    }
    if (r.code() == 404 && nullOn404) return null;
    if (r.code() >= 400) throw error(r);
    return r.body();
  }

  /**
   * A watch of {@code path} (relative to the server; its query says watch=true and from which resourceVersion), read
   * as it comes: not bounded by the request timeout, and never reconnected by itself (see ApiWatch).
   */
  public ApiWatch watch(String path) {
    return ApiWatch.start(http, server + (path.startsWith("/") ? path.substring(1) : path));
  }

  /** A path segment or query value, escaped for a URL. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static KubernetesClientException error(HttpResponse<String> r) {
    Status status = null;
    try {
      status = status(ObjectMaps.parseJson(r.body()));
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

  /**
   * The server's Status from its JSON tree, the fields the tools read (code, status, reason, message, details with
   * its causes), set one by one: an error is worded without setting up Jackson's mapper, which would delay it by a
   * tenth of a second in a run that had no need of the mapper (k8s-apply stops starting objects at its first error).
   */
  static Status status(Map<String, Object> tree) {
    Status status = new Status();
    status.setApiVersion(Trees.string(tree, "apiVersion"));
    status.setKind(Trees.string(tree, "kind"));
    if (tree.get("code") instanceof Number n) status.setCode(n.intValue());
    status.setStatus(Trees.string(tree, "status"));
    status.setReason(Trees.string(tree, "reason"));
    status.setMessage(Trees.string(tree, "message"));
    if (tree.get("details") instanceof Map<?, ?> d) {
      StatusDetails details = new StatusDetails();
      details.setName(Trees.string(d, "name"));
      details.setGroup(Trees.string(d, "group"));
      details.setKind(Trees.string(d, "kind"));
      details.setUid(Trees.string(d, "uid"));
      if (d.get("retryAfterSeconds") instanceof Number n) details.setRetryAfterSeconds(n.intValue());
      if (d.get("causes") instanceof List<?> causes) {
        List<StatusCause> list = new ArrayList<>();
        for (Object c : causes) {
          StatusCause cause = new StatusCause();
          cause.setField(Trees.string(c, "field"));
          cause.setMessage(Trees.string(c, "message"));
          cause.setReason(Trees.string(c, "reason"));
          list.add(cause);
        }
        details.setCauses(list);
      }
      status.setDetails(details);
    }
    return status;
  }
}
