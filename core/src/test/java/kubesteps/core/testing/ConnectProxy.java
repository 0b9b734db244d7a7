package kubesteps.core.testing;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A proxy on loopback that only tunnels: HTTP {@code CONNECT host:port}, as a kubeconfig's
 * {@code proxy-url: http://...} or {@code HTTPS_PROXY} makes a client use one for an https server, and SOCKS5
 * (no authentication, CONNECT) for {@code proxy-url: socks5://...}, on the same port. Records every tunnel it opened
 * ({@link #tunnels()}: {@code host:port}). TLS passes through untouched, so the client still checks the API server's
 * certificate end to end. An HTTP request other than CONNECT is answered 405.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> tunnels = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, String> hosts = new java.util.concurrent.ConcurrentHashMap<>();

  public ConnectProxy() {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t = new Thread(this::acceptLoop, "connect-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** {@code socks5://127.0.0.1:PORT}. */
  public String socksUrl() {
    return "socks5://127.0.0.1:" + server.getLocalPort();
  }

  /** Tunnels to {@code host} go to {@code address} instead (a name only this proxy knows), as a proxy's DNS would. */
  public ConnectProxy resolving(String host, String address) {
    hosts.put(host, address);
    return this;
  }

  /** The targets of the tunnels opened so far, {@code host:port} each, in order. */
  public List<String> tunnels() {
    return List.copyOf(tunnels);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        Thread c = new Thread(() -> serve(client), "connect-proxy-client");
        c.setDaemon(true);
        c.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      InputStream in = client.getInputStream();
      in = new java.io.PushbackInputStream(in, 1);
      int version = in.read();
      if (version == 5) {
        socks(client, in);
        return;
      }
      ((java.io.PushbackInputStream) in).unread(version);
      String head = readHead(in);
      String[] first = head.lines().findFirst().orElse("").split(" ");
      OutputStream out = client.getOutputStream();
      if (first.length < 3 || !"CONNECT".equals(first[0])) {
        out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        client.close();
        return;
      }
      String target = first[1];
      int colon = target.lastIndexOf(':');
      String host = target.substring(0, colon);
      Socket upstream = new Socket(hosts.getOrDefault(host, host), Integer.parseInt(target.substring(colon + 1)));
      open.add(upstream);
      tunnels.add(target);
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      pump(upstream, client);
      pump(client, upstream);
    } catch (IOException | RuntimeException e) {
      close(client);
    }
  }

  /** SOCKS5 (RFC 1928) after its version byte: no authentication, CONNECT to an IPv4, IPv6 or domain address. */
  private void socks(Socket client, InputStream in) throws IOException {
    java.io.DataInputStream d = new java.io.DataInputStream(in);
    OutputStream out = client.getOutputStream();
    d.readFully(new byte[d.readUnsignedByte()]); // the methods offered
    out.write(new byte[] {5, 0}); // no authentication
    out.flush();
    byte[] request = new byte[4];
    d.readFully(request); // version, command, reserved, address type
    String host = switch (request[3]) {
      case 1 -> {
        byte[] a = new byte[4];
        d.readFully(a);
        yield java.net.InetAddress.getByAddress(a).getHostAddress();
      }
      case 4 -> {
        byte[] a = new byte[16];
        d.readFully(a);
        yield java.net.InetAddress.getByAddress(a).getHostAddress();
      }
      case 3 -> {
        byte[] a = new byte[d.readUnsignedByte()];
        d.readFully(a);
        yield new String(a, StandardCharsets.US_ASCII);
      }
      default -> throw new IOException("SOCKS5 address type " + request[3]);
    };
    int port = d.readUnsignedShort();
    if (request[1] != 1) {
      out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0}); // command not supported
      out.flush();
      client.close();
      return;
    }
    Socket upstream = new Socket(hosts.getOrDefault(host, host), port);
    open.add(upstream);
    tunnels.add(host + ":" + port);
    out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
    out.flush();
    pump(upstream, client);
    pump(client, upstream);
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      byte[] a = b.toByteArray();
      int n = a.length;
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') break;
      if (n > 65536) throw new IOException("request head too long");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static void pump(Socket from, Socket to) {
    FaultProxy.pump(from, to, "connect-proxy-pump");
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) close(s);
  }
}
