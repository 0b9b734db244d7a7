package kubesteps.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import kubesteps.core.testing.Socks5Server;
import org.junit.jupiter.api.Test;

/** The loopback CONNECT proxy that carries a socks5:// proxy-url's tunnels, with a real SOCKS5 server behind it. */
class SocksBridgeTest {
  @Test
  void aConnectThroughTheBridgeIsATunnelThroughTheSocksProxy() throws Exception {
    try (Socks5Server socks = new Socks5Server();
        ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread echo = new Thread(() -> {
        try (Socket s = target.accept()) {
          s.getInputStream().transferTo(s.getOutputStream());
        } catch (Exception e) {
          // test over
        }
      });
      echo.setDaemon(true);
      echo.start();
      URI bridge = SocksBridge.httpProxyFor(URI.create("socks5://127.0.0.1:" + socks.port()));
      assertEquals("127.0.0.1", bridge.getHost());
      try (Socket c = new Socket(bridge.getHost(), bridge.getPort())) {
        var out = c.getOutputStream();
        var in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
        out.write(("CONNECT localhost:" + target.getLocalPort() + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 200 Connection established", in.readLine());
        assertEquals("", in.readLine());
        out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ping", in.readLine());
      }
      assertEquals(java.util.List.of("localhost:" + target.getLocalPort()), socks.connects,
          "the host name is left to the proxy to resolve");
      assertTrue(bridge.equals(SocksBridge.httpProxyFor(URI.create("socks5://127.0.0.1:" + socks.port()))),
          "one bridge per proxy");
    }
  }
}
