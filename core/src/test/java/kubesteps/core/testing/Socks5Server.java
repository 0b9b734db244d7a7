package kubesteps.core.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SOCKS5 proxy on loopback (RFC 1928, no authentication, CONNECT only) that records where each tunnel went: to
 * show that requests really went through a {@code socks5://} proxy-url.
 */
public final class Socks5Server implements AutoCloseable {
  private final ServerSocket server;
  /** "host:port" of each CONNECT, as the client named it. */
  public final List<String> connects = new CopyOnWriteArrayList<>();

  public Socks5Server() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "socks5-server");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "socks5-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      if (in.readUnsignedByte() != 5) return;
      in.readFully(new byte[in.readUnsignedByte()]); // methods offered
      out.write(new byte[] {5, 0}); // no authentication
      if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 1) return; // CONNECT
      in.readUnsignedByte();
      int type = in.readUnsignedByte();
      String host;
      if (type == 1) {
        byte[] a = new byte[4];
        in.readFully(a);
        host = InetAddress.getByAddress(a).getHostAddress();
      } else if (type == 3) {
        byte[] name = new byte[in.readUnsignedByte()];
        in.readFully(name);
        host = new String(name, StandardCharsets.US_ASCII);
      } else {
        return;
      }
      int port = in.readUnsignedShort();
      connects.add(host + ":" + port);
      try (Socket upstream = new Socket(host, port)) {
        out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
        out.flush();
        Thread up = new Thread(() -> pipe(in, upstream), "socks5-up");
        up.setDaemon(true);
        up.start();
        upstream.getInputStream().transferTo(out);
      }
    } catch (IOException e) {
      // connection gone
    }
  }

  private static void pipe(InputStream in, Socket to) {
    try {
      in.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
