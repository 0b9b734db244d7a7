package kubesteps.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Runs something with {@code System.out} and {@code System.err} captured: what reaches the process's own streams
 * rather than a command's writers (e.g. an exec credential plugin's stderr, which the tools copy to System.err).
 */
public final class SystemStreams {
  private SystemStreams() {}

  /** The value (or null after an exception, then in {@link #error()}), and what was printed meanwhile. */
  public record Captured<T>(T value, Throwable error, String out, String err) {}

  public static synchronized <T> Captured<T> capture(Callable<T> body) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    T value = null;
    Throwable error = null;
    try {
      value = body.call();
    } catch (Throwable t) {
      error = t;
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Captured<>(value, error, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
  }
}
