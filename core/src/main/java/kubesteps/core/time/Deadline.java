package kubesteps.core.time;

import java.time.Duration;

/** When a command must be done by; {@link #NONE} for no limit. Reads a monotonic clock. */
public final class Deadline {
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE, null);

  private final long endNanos;
  private final Duration total;

  private Deadline(long endNanos, Duration total) {
    this.endNanos = endNanos;
    this.total = total;
  }

  /** A deadline {@code d} from now; zero or negative means no limit (the tools' documented meaning of 0). */
  public static Deadline after(Duration d) {
    if (d == null || d.isZero() || d.isNegative()) return NONE;
    return new Deadline(System.nanoTime() + d.toNanos(), d);
  }

  /** A deadline already reached: one look and no waiting (kubectl wait's {@code --timeout=0}). */
  public static Deadline now() {
    return new Deadline(System.nanoTime(), Duration.ZERO);
  }

  public boolean bounded() {
    return this != NONE;
  }

  /** The time left, never negative; a very long time for {@link #NONE}. */
  public Duration remaining() {
    if (!bounded()) return Duration.ofDays(365);
    long left = endNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean expired() {
    return bounded() && endNanos - System.nanoTime() <= 0;
  }

  /** The limit as the user gave it (for messages), or null. */
  public Duration total() {
    return total;
  }
}
