package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Kubeconfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that starts an answer and never finishes it: the fault behind a reader that dies mid-response (a real API
 * server will not produce it on demand). The command must end within --request-timeout, in one line, exit 5.
 */
class StalledServerTest {
  private ServerSocket server;
  private final List<Socket> held = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          held.add(s);
          InputStream in = s.getInputStream();
          byte[] buf = new byte[8192];
          in.read(buf); // the request (small: one read)
          OutputStream out = s.getOutputStream();
          out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
              + "{\"kind\":\"APIResourceList\",").getBytes(StandardCharsets.UTF_8));
          out.flush(); // ... and nothing more
        } catch (IOException e) {
          return;
        }
      }
    }, "stalled-server");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    for (Socket s : held) s.close();
  }

  @Test
  void anAnswerThatNeverEndsEndsTheCommandWithinTheRequestTimeout() {
    String kubeconfig = """
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
        """.formatted(server.getLocalPort());
    CommandRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.run(new GetCommand(),
        "--kubeconfig=" + Kubeconfigs.write(kubeconfig), "configmaps", "--request-timeout=1s"));
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: I/O error talking to the API server at http://127.0.0.1:")
        && r.err().endsWith(": no whole answer within 1s (--request-timeout) (HttpTimeoutException)\n"), r.err());
  }
}
