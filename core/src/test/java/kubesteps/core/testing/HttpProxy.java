package kubesteps.core.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of the real API server that sees each request whole, for faults and schedules a real server
 * will not produce on demand: a request held until the test releases it (the server has not seen it yet), an answer
 * made up by the test (a 410, a 429), or the server's answer dropped after it acted (the connection closed instead).
 * The tools speak plain HTTP/1.1 to it (a kubeconfig with a dummy token); it speaks to the server with the test's
 * client (TLS, the admin's credentials), passing on impersonation headers. Answers are read whole before they are
 * passed on, except those of watches and followed logs ({@code watch=true}, {@code follow=true}), which are passed
 * on chunk by chunk as they come.
 */
public final class HttpProxy implements AutoCloseable {
  /** What the tool sent. */
  public record Request(String method, String path, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isWatch() {
      return path.contains("watch=true") || path.contains("watch=1");
    }

    /** A pod's log ({@code .../pods/NAME/log}). */
    public boolean isLog() {
      return path.matches(".*/pods/[^/?]+/log(\\?.*)?");
    }

    /** The value of a query parameter, decoded, or null. */
    public String query(String name) {
      int q = path.indexOf('?');
      if (q < 0) return null;
      for (String pair : path.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (key.equals(name)) {
          return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** What the proxy does with a request. */
  public sealed interface Action {}

  /** Passes it on and its answer back. */
  public record Forward() implements Action {}

  /** Keeps it until {@link Held#release()}, then passes it on. */
  public record Hold() implements Action {}

  /** Answers it with this, the server never seeing it. */
  public record Answer(int code, Map<String, String> headers, String body) implements Action {}

  /** Passes it on, then closes the connection instead of answering: the server acted, the tool never hears. */
  public record ForwardThenDrop() implements Action {}

  /**
   * Answers 200 with the start of a body ({@code Transfer-Encoding: chunked}, {@code text}) and then closes the
   * connection without its end: a stream broken mid-answer (an API server restarting under a log or a watch).
   */
  public record Cut(String text) implements Action {}

  public static final Action FORWARD = new Forward();
  public static final Action HOLD = new Hold();
  public static final Action FORWARD_THEN_DROP = new ForwardThenDrop();

  /** A Status answer as the API server writes one. */
  public static Answer status(int code, String reason, String message, Map<String, String> headers) {
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
        + message + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    return new Answer(code, headers, body);
  }

  /** A watch answered with one ERROR event carrying this Status, then ended, as the API server ends a watch. */
  public static Answer watchError(int code, String reason, String message) {
    String status = status(code, reason, message, null).body();
    return new Answer(200, Map.of("Content-Type", "application/json"), "{\"type\":\"ERROR\",\"object\":" + status
        + "}\n");
  }

  /** A request the proxy holds. */
  public static final class Held {
    private final Request request;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Action instead;

    Held(Request request) {
      this.request = request;
    }

    public Request request() {
      return request;
    }

    public void release() {
      release.countDown();
    }

    /** Lets it go with another action than passing it on: an answer made up now, say. */
    public void release(Action instead) {
      this.instead = instead;
      release.countDown();
    }
  }

  private static final Set<String> NOT_PASSED = Set.of("host", "content-length", "connection", "upgrade",
      "http2-settings", "authorization", "transfer-encoding", "accept-encoding", "keep-alive", "te");
  private static final long AWAIT_SECONDS = 60;

  private final ServerSocket server;
  private final HttpClient upstream;
  private final String upstreamUrl;
  private volatile Function<Request, Action> rule = r -> FORWARD;
  private final List<Request> seen = new CopyOnWriteArrayList<>();
  private final List<Held> held = new ArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  /** A proxy to the server of {@code admin}, with its credentials. */
  public HttpProxy(KubernetesClient admin) {
    this.upstream = admin.getHttpClient();
    String url = admin.getConfiguration().getMasterUrl();
    this.upstreamUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t = new Thread(this::accept, "http-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** What to do with each request from now on. */
  public HttpProxy rule(Function<Request, Action> rule) {
    this.rule = rule;
    return this;
  }

  /** Every request seen so far, in the order they came. */
  public List<Request> seen() {
    return List.copyOf(seen);
  }

  /** A kubeconfig for the proxy: plain HTTP, a token the proxy drops, {@code namespace} (or none). */
  public Path kubeconfig(String namespace) {
    return Kubeconfigs.write("""
        apiVersion: v1
        kind: Config
        clusters:
        - name: proxy
          cluster: {server: "http://127.0.0.1:%d"}
        users:
        - name: u
          user: {token: t}
        contexts:
        - name: c
          context: {cluster: proxy, user: u%s}
        current-context: c
        """.formatted(server.getLocalPort(), namespace == null ? "" : ", namespace: " + namespace));
  }

  /** Waits for a held request that matches (the first one held); fails after a minute. */
  public Held awaitHeld(Predicate<Request> which) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    synchronized (held) {
      while (true) {
        for (Held h : held) {
          if (which.test(h.request)) {
            held.remove(h);
            return h;
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no such request was held; held: " + heldRequests() + "; seen: " + seen);
        }
        TimeUnit.NANOSECONDS.timedWait(held, left);
      }
    }
  }

  /** The requests held now, not yet awaited. */
  public List<Request> heldRequests() {
    synchronized (held) {
      return held.stream().map(Held::request).toList();
    }
  }

  /** Waits until a request that matches has been seen; fails after a minute. */
  public Request awaitSeen(Predicate<Request> which) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
    synchronized (held) {
      while (true) {
        for (Request r : seen) {
          if (which.test(r)) return r;
        }
        long left = end - System.nanoTime();
        if (left <= 0) throw new AssertionError("no such request was seen; seen: " + seen);
        TimeUnit.NANOSECONDS.timedWait(held, left);
      }
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "http-proxy-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        Request r = read(in);
        if (r == null) return;
        Action action = rule.apply(r);
        Held h = action instanceof Hold ? new Held(r) : null;
        synchronized (held) {
          seen.add(r);
          if (h != null) held.add(h);
          held.notifyAll();
        }
        if (h != null) {
          h.release.await();
          if (h.instead != null) action = h.instead;
        }
        if (action instanceof Answer a) {
          write(out, a.code(), a.headers(), a.body().getBytes(StandardCharsets.UTF_8));
          continue;
        }
        if (action instanceof Cut c) {
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
          chunk(out, c.text().getBytes(StandardCharsets.UTF_8));
          return; // closed without the last chunk
        }
        if (r.isWatch() || "true".equals(r.query("follow"))) {
          if (!forwardStreaming(r, out)) return;
          continue;
        }
        HttpResponse<byte[]> answer = forward(r);
        if (action instanceof ForwardThenDrop) return; // closes the connection, the answer unsent
        Map<String, String> headers = new LinkedHashMap<>();
        answer.headers().forEach((k, v) -> {
          if (!NOT_PASSED.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":") && !v.isEmpty()
              && !"content-encoding".equalsIgnoreCase(k)) {
            headers.put(k, v.get(0));
          }
        });
        write(out, answer.code(), headers, answer.body() == null ? new byte[0] : answer.body());
      }
    } catch (IOException | InterruptedException e) {
      // the tool went away, or the proxy closed
    } catch (RuntimeException e) {
      // the server could not be reached: the tool sees its connection closed
    } finally {
      open.remove(s);
    }
  }

  /** Passes a watch or a followed log on, its answer chunk by chunk as it comes; false when the connection ended. */
  private boolean forwardStreaming(Request r, OutputStream out) throws IOException {
    HttpResponse<InputStream> answer;
    try {
      answer = upstream.sendAsync(upstreamRequest(r), InputStream.class).join();
    } catch (RuntimeException e) {
      return false; // the server could not be reached: the tool sees its connection closed
    }
    StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.code() + " X\r\n");
    answer.headers().forEach((k, v) -> {
      if (!NOT_PASSED.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":") && !v.isEmpty()
          && !"content-encoding".equalsIgnoreCase(k)) {
        head.append(k).append(": ").append(v.get(0)).append("\r\n");
      }
    });
    head.append("Transfer-Encoding: chunked\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    try (InputStream in = answer.body()) {
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (n > 0) chunk(out, java.util.Arrays.copyOf(buf, n));
      }
    } catch (IOException e) {
      return false; // the server's side broke: so does the tool's
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return true;
  }

  private static void chunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private HttpResponse<byte[]> forward(Request r) {
    return upstream.sendAsync(upstreamRequest(r), byte[].class).join();
  }

  private HttpRequest upstreamRequest(Request r) {
    HttpRequest.Builder b = upstream.newHttpRequestBuilder().uri(upstreamUrl + r.path());
    r.headers().forEach((k, v) -> {
      if (!NOT_PASSED.contains(k) && !"content-type".equals(k)) b.header(k, v);
    });
    if (r.body().length > 0 || !"GET".equals(r.method())) {
      b.method(r.method(), r.headers().getOrDefault("content-type", "application/json"), r.text());
    }
    return b.build();
  }

  private static void write(OutputStream out, int code, Map<String, String> headers, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + code + " X\r\n");
    if (headers != null) headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (headers == null || headers.keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  /** One HTTP/1.1 request, or null at the connection's end. */
  private static Request read(InputStream in) throws IOException {
    String line = line(in);
    while (line != null && line.isEmpty()) line = line(in);
    if (line == null) return null;
    String[] parts = line.split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
        if (size == 0) {
          line(in);
          break;
        }
        all.write(in.readNBytes(size));
        line(in);
      }
      body = all.toByteArray();
    } else {
      body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    }
    return new Request(parts[0], parts[1], headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') break;
      if (c != '\r') b.write(c);
    }
    if (c < 0 && b.size() == 0) return null;
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    synchronized (held) {
      held.forEach(Held::release);
      held.clear();
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
