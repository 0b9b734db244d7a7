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
  private volatile boolean down;
  private volatile int accepted;
  /** While true, no byte is passed on in either direction; the connections stay open (a stalled network). */
  private boolean stalled;
  private final Object stall = new Object();

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

  /** Waits until at least {@code n} connections were accepted in all (a client's retries, counted); fails after a minute. */
  public void awaitAccepted(int n) throws InterruptedException {
    Fixtures.waitUntil(60, () -> accepted >= n, () -> accepted + " connections accepted, not " + n);
  }

  /**
   * While down, each new connection is accepted and closed at once, counted by {@link #accepted()}: the server's
   * port answers, the server does not (a restarting API server behind a load balancer). Open ones are left.
   */
  public void down(boolean down) {
    this.down = down;
  }

  /**
   * While stalled, nothing passes in either direction and every connection stays open, as on a network that stopped
   * carrying packets; afterwards what was held goes on.
   */
  public void stall(boolean stalled) {
    synchronized (stall) {
      this.stalled = stalled;
      stall.notifyAll();
    }
  }

  /** Closes every open connection at once, as a network failure would. */
  public void cutAll() {
    // those open now, and only those: one the client opens meanwhile (it reconnects at once) is left for the next cut
    // (a clear() here dropped it unclosed, and later cuts never reached it)
    List<Socket> now = List.copyOf(open);
    for (Socket s : now) close(s);
    open.removeAll(now);
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
        if (down) {
          close(client);
          continue;
        }
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
    pump(from, to, "fault-proxy-pump", this::awaitFlowing);
  }

  private void awaitFlowing() throws IOException {
    synchronized (stall) {
      while (stalled) {
        try {
          stall.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while stalled");
        }
      }
    }
  }

  /** Something done before each write (a stall); may throw to end the pump. */
  interface Gate {
    void pass() throws IOException;
  }

  /** Copies {@code from} to {@code to} in a daemon thread until either side goes; then closes both. */
  static void pump(Socket from, Socket to, String threadName) {
    pump(from, to, threadName, () -> { });
  }

  private static void pump(Socket from, Socket to, String threadName, Gate gate) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          gate.pass();
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
