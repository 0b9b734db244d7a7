package kubesteps.core.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code socks5://} proxy-url for the JDK's HTTP client, which speaks to HTTP proxies only: an HTTP CONNECT proxy on
 * loopback, inside the process, whose tunnels go through the SOCKS5 proxy (the JDK's SOCKS client, the host name
 * left to the proxy to resolve, as Go's socks5 dialer does). One bridge per SOCKS proxy, for the life of the process;
 * it accepts connections from loopback only.
 */
final class SocksBridge {
  private static final Map<URI, URI> BRIDGES = new ConcurrentHashMap<>();

  private SocksBridge() {}

  /** The loopback HTTP proxy that tunnels through {@code socks}. */
  static URI httpProxyFor(URI socks) {
    return BRIDGES.computeIfAbsent(socks, SocksBridge::start);
  }

  private static URI start(URI socks) {
    int port = socks.getPort() > 0 ? socks.getPort() : 1080;
    Proxy proxy = new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved(socks.getHost(), port));
    PasswordAuthentication login = login(socks.getRawUserInfo());
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(() -> {
        while (true) {
          try {
            Socket client = server.accept();
            Thread t = new Thread(() -> tunnel(client, proxy, login), "socks-bridge");
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      }, "socks-bridge-accept");
      accept.setDaemon(true);
      accept.start();
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static PasswordAuthentication login(String userInfo) {
    if (userInfo == null || userInfo.isEmpty()) return null;
    int colon = userInfo.indexOf(':');
    String user = java.net.URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
    String pass = colon < 0 ? "" : java.net.URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
    return new PasswordAuthentication(user, pass.toCharArray());
  }

  /** One CONNECT: read the request line and headers, open the tunnel through SOCKS, answer, then copy both ways. */
  private static void tunnel(Socket client, Proxy proxy, PasswordAuthentication login) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      String[] line = head.lines().findFirst().orElse("").split(" ");
      if (line.length < 2 || !line[0].equals("CONNECT")) {
        out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      int colon = line[1].lastIndexOf(':');
      String host = line[1].substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
      int port = Integer.parseInt(line[1].substring(colon + 1));
      Socket upstream = new Socket(proxy);
      if (login != null) SocksLogin.set(login);
      try (upstream) {
        try {
          upstream.connect(InetSocketAddress.createUnresolved(host, port), 30_000);
        } catch (IOException e) {
          out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          return;
        } finally {
          SocksLogin.clear();
        }
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread up = new Thread(() -> copy(in, upstream), "socks-bridge-up");
        up.setDaemon(true);
        up.start();
        copy(upstream.getInputStream(), client);
      }
    } catch (IOException | RuntimeException e) {
      // the tunnel is gone; the HTTP client sees its connection closed
    }
  }

  private static void copy(InputStream from, Socket to) {
    try {
      from.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      int n = b.size();
      if (n >= 4) {
        byte[] a = b.toByteArray();
        if (a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') break;
      }
      if (n > 16_384) throw new IOException("CONNECT request too long");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** The JDK's SOCKS client asks the default Authenticator for the user name and password: this one, per thread. */
  static final class SocksLogin extends java.net.Authenticator {
    private static final ThreadLocal<PasswordAuthentication> LOGIN = new ThreadLocal<>();
    private static volatile boolean installed;

    static synchronized void set(PasswordAuthentication login) {
      if (!installed) {
        java.net.Authenticator.setDefault(new SocksLogin());
        installed = true;
      }
      LOGIN.set(login);
    }

    static void clear() {
      LOGIN.remove();
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
      return LOGIN.get(); // null outside a bridge's connect: nothing to give
    }
  }
}
