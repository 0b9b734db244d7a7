package kubesteps.core.resource;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kubesteps.core.status.Trees;

/**
 * One watch request, read line by line as plain trees, and nothing more: it does not reconnect. Its end is an event
 * too, so that the caller decides what comes next (the tools list again and watch from the new resourceVersion:
 * fabric8's own watch reconnects from its last resourceVersion by itself, and where the API server answers that
 * with a 410 Gone event whose object its mapper does not know as a Status, it reconnects with the same version for
 * ever). Events are queued for the caller's thread; the HTTP client's threads never wait on the caller.
 */
public final class ApiWatch implements AutoCloseable {
  /** Why a watch ended. */
  public enum End {
    /** 410 Gone, as an HTTP answer or as an ERROR event: the version watched from is too old. */
    GONE,
    /** The server ended the stream, or the connection failed or was reset ({@code error} says which). */
    CLOSED,
    /** The server refused the watch, or sent another ERROR event: {@code error} carries its Status. */
    REFUSED
  }

  /** A change (type ADDED, MODIFIED, DELETED or BOOKMARK, and the object), or the watch's end. */
  public record Event(String type, Map<String, Object> object, End end, KubernetesClientException error) {
    public boolean ended() {
      return end != null;
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private volatile CompletableFuture<HttpResponse<AsyncBody>> call;
  private volatile AsyncBody body;
  private volatile boolean failed;

  private ApiWatch() {}

  /** Starts a watch of {@code url} (its query says watch=true and from which resourceVersion). */
  static ApiWatch start(HttpClient http, String url) {
    ApiWatch w = new ApiWatch();
    HttpRequest request = http.newHttpRequestBuilder().uri(url).header("Accept", ApiRequests.JSON).forStreaming()
        .build();
    w.call = http.consumeBytes(request, w::consume);
    w.call.whenComplete((response, t) -> {
      if (t != null) {
        w.end(End.CLOSED, broken(t));
        return;
      }
      w.body = response.body();
      w.failed = !response.isSuccessful();
      if (w.failed) {
        w.body.done().whenComplete((v, e) -> w.refused(response.code()));
      } else {
        w.body.done().whenComplete((v, e) -> w.end(End.CLOSED, e == null ? null : broken(e)));
      }
      w.body.consume();
    });
    return w;
  }

  /** The connection's failure, as an exception whose causes Retries.isTransient reads. */
  private static KubernetesClientException broken(Throwable t) {
    Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    return c instanceof KubernetesClientException k ? k
        : new KubernetesClientException(String.valueOf(c.getMessage()), c);
  }

  private void consume(List<ByteBuffer> buffers, AsyncBody b) {
    for (ByteBuffer buf : buffers) {
      while (buf.hasRemaining()) {
        byte c = buf.get();
        if (c == '\n' && !failed) {
          line(line.toString(StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(c);
        }
      }
    }
    b.consume();
  }

  private void line(String text) {
    if (text.isBlank() || ended.get()) return;
    Map<String, Object> event;
    try {
      event = ObjectMaps.parseJson(text);
    } catch (RuntimeException e) {
      end(End.CLOSED, new KubernetesClientException("a watch event that is not JSON: " + text, e));
      return;
    }
    String type = Trees.string(event, "type");
    Map<String, Object> object = Trees.map(event.get("object"));
    if ("ERROR".equals(type)) {
      Status status = ApiRequests.status(object);
      int code = status.getCode() == null ? 500 : status.getCode();
      end(code == 410 ? End.GONE : End.REFUSED, new KubernetesClientException(status.getMessage(), code, status));
      return;
    }
    events.add(new Event(type, object, null, null));
  }

  /** The answer was an HTTP error: its Status (as ApiRequests reads one) or its code alone. */
  private void refused(int code) {
    Status status = null;
    try {
      status = ApiRequests.status(ObjectMaps.parseJson(line.toString(StandardCharsets.UTF_8)));
    } catch (RuntimeException notAStatus) {
      // the code alone
    }
    if (status == null || status.getCode() == null) {
      status = new Status();
      status.setCode(code);
      status.setMessage("HTTP " + code);
    }
    end(code == 410 ? End.GONE : End.REFUSED, new KubernetesClientException(status.getMessage(), code, status));
  }

  private void end(End end, KubernetesClientException error) {
    if (ended.compareAndSet(false, true)) events.add(new Event(null, null, end, error));
  }

  /** The next event within {@code millis}, or null. After the end event, nothing more comes. */
  public Event poll(long millis) throws InterruptedException {
    return events.poll(Math.max(1, millis), TimeUnit.MILLISECONDS);
  }

  /** The next event, however long it takes. */
  public Event take() throws InterruptedException {
    return events.take();
  }

  @Override
  public void close() {
    ended.set(true);
    AsyncBody b = body;
    if (b != null) b.cancel();
    CompletableFuture<HttpResponse<AsyncBody>> c = call;
    if (c != null) c.cancel(true);
  }
}
