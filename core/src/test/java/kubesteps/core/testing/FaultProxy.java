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
  private volatile ServerSocket server;
  private final int port;
  private final String upstreamHost;
  private volatile int upstreamPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private boolean refusing;
  private volatile int accepted;

  public FaultProxy(String upstreamHost, int upstreamPort) {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    server = listen(0);
    port = server.getLocalPort();
    startAccepting(server);
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startAccepting(ServerSocket s) {
    Thread t = new Thread(() -> acceptLoop(s), "fault-proxy");
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
    return port;
  }

  /** New connections go to {@code port} from now (a restarted API server); open ones are left as they are. */
  public void upstream(int port) {
    this.upstreamPort = port;
  }

  /** How many connections were accepted. */
  public int accepted() {
    return accepted;
  }

  /** Closes every open connection at once, as a network failure would. */
  public void cutAll() {
    for (Socket s : open) close(s);
    open.clear();
  }

  /**
   * While refusing, the port is not listening: a client's connect is refused (ECONNREFUSED), as when the API server
   * is down or restarting. Then it listens again on the same port.
   */
  public synchronized void refuse(boolean refuse) {
    if (refuse == refusing) return;
    refusing = refuse;
    try {
      if (refuse) server.close();
      else {
        server = listen(port);
        startAccepting(server);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void acceptLoop(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        accepted++;
        Socket upstream;
        try {
          upstream = new Socket(upstreamHost, upstreamPort);
        } catch (IOException down) {
          close(client); // the server is down: the client sees its connection closed at once
          continue;
        }
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
    pump(from, to, "fault-proxy-pump");
  }

  /** Copies {@code from} to {@code to} in a daemon thread until either side goes; then closes both. */
  static void pump(Socket from, Socket to, String threadName) {
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
    }, threadName);
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
  public synchronized void close() {
    refusing = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutAll();
  }
}
