package kubesteps.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server whose answers to everything but discovery start and never end: the fault behind a reader that dies
 * mid-response (a real API server will not produce it on demand). Discovery (/api, /apis, /api/v1) is answered, with
 * ConfigMaps as the one resource, so that a command gets as far as its list or get.
 */
public final class StalledServer implements AutoCloseable {
  private static final String API_V1 = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":[{\"name\":"
      + "\"configmaps\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"ConfigMap\",\"verbs\":[\"get\",\"list\","
      + "\"watch\"],\"shortNames\":[\"cm\"]}]}";

  private final ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  public StalledServer() throws IOException {
    server = new ServerSocket(0);
    Thread t = new Thread(this::serve, "stalled-server");
    t.setDaemon(true);
    t.start();
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        held.add(s);
        Thread c = new Thread(() -> answer(s), "stalled-server-connection");
        c.setDaemon(true);
        c.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Each request on the connection: discovery in full, anything else begun and never finished. */
  private void answer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[16384];
      while (true) {
        int n = in.read(buf);
        if (n < 0) return;
        String request = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        String path = request.split(" ", 3).length > 1 ? request.split(" ", 3)[1] : "";
        String body = switch (path.replaceFirst("\\?.*", "")) {
          case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}";
          case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
          case "/api/v1" -> API_V1;
          default -> null;
        };
        if (body != null) {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
          out.write(b);
          out.flush();
          continue;
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            + "{\"kind\":\"ConfigMapList\",").getBytes(StandardCharsets.UTF_8));
        out.flush(); // ... and nothing more
      }
    } catch (IOException e) {
      // closed
    }
  }

  /** A kubeconfig for this server (plain HTTP, a token, namespace default). */
  public Path kubeconfig() {
    return Kubeconfigs.write("""
        apiVersion: v1
        kind: Config
        clusters:
        - name: stalled
          cluster: {server: "http://127.0.0.1:%d"}
        users:
        - name: u
          user: {token: t}
        contexts:
        - name: c
          context: {cluster: stalled, user: u, namespace: default}
        current-context: c
        """.formatted(server.getLocalPort()));
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : held) s.close();
  }
}
