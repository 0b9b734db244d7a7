package kubesteps.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the real API server, for faults a real server will not produce on demand: cut every open
 * connection (a dropped watch), or refuse new ones for a while (the server unreachable). TLS passes through untouched.
 */
public final class FaultProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;
  private volatile int accepted;

  public FaultProxy(String upstreamHost, int upstreamPort) {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread t = new Thread(this::acceptLoop, "fault-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** A proxy for the API server named in {@code kubeconfigYaml}, and that kubeconfig pointed at the proxy. */
  public static FaultProxy inFrontOf(String kubeconfigYaml) {
    var m = java.util.regex.Pattern.compile("server: https://([^:/\\s]+):(\\d+)").matcher(kubeconfigYaml);
    if (!m.find()) throw new IllegalArgumentException("no server in kubeconfig");
    return new FaultProxy(m.group(1), Integer.parseInt(m.group(2)));
  }

  public String kubeconfig(String kubeconfigYaml) {
    return kubeconfigYaml.replaceFirst("server: https://([^:/\\s]+):(\\d+)", "server: https://$1:" + port());
  }

  public int port() {
    return server.getLocalPort();
  }

  /** How many connections were accepted (refused ones included). */
  public int accepted() {
    return accepted;
  }

  /** Closes every open connection at once, as a network failure would. */
  public void cutAll() {
    for (Socket s : open) close(s);
    open.clear();
  }

  /** While refusing, new connections are closed as soon as they are accepted. */
  public void refuse(boolean refuse) {
    this.refusing = refuse;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        accepted++;
        if (refusing) {
          close(client);
          continue;
        }
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (server.isClosed()) return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // the other side went away, or the test cut it
      } finally {
        close(from);
        close(to);
      }
    }, "fault-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutAll();
  }
}
