package kubesteps.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plain-HTTP stand-in for the API server that records every request's headers, for what the real 1.20.2 server
 * cannot show: headers it ignores or no longer reads ({@code Impersonate-Uid} came in 1.22; basic authentication was
 * removed in 1.19) and headers the audit log leaves out ({@code Accept-Encoding}). {@code GET} of a ConfigMap in
 * {@code default} answers that ConfigMap; anything else 404 with a Status.
 */
public final class HeaderRecorder implements AutoCloseable {
  /** One request: method, path with query, headers (names lower-case, first value). */
  public record Request(String method, String uri, Map<String, String> headers) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public HeaderRecorder() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests whose URI contains {@code marker}. */
  public List<Request> about(String marker) {
    return requests.stream().filter(r -> r.uri().contains(marker)).toList();
  }

  private void handle(HttpExchange x) throws IOException {
    x.getRequestBody().readAllBytes();
    Map<String, String> headers = new LinkedHashMap<>();
    x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    String uri = x.getRequestURI().toString();
    requests.add(new Request(x.getRequestMethod(), uri, headers));
    var m = java.util.regex.Pattern.compile("^/api/v1/namespaces/default/configmaps/([a-z0-9.-]+)$")
        .matcher(x.getRequestURI().getPath());
    String body;
    int code;
    if ("GET".equals(x.getRequestMethod()) && m.matches()) {
      code = 200;
      body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + m.group(1)
          + "\",\"namespace\":\"default\",\"uid\":\"00000000-0000-0000-0000-000000000001\","
          + "\"resourceVersion\":\"1\"},\"data\":{\"k\":\"v\"}}";
    } else {
      code = 404;
      body = "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
          + "\"message\":\"not served by the header recorder\"}";
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(code, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
