package kubesteps.core.wait;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import kubesteps.core.status.Outcome;
import kubesteps.core.time.Durations;

/**
 * WaitProgress on stderr, for pipeline logs: a line when an object is first seen, a line per observed change
 * ({@code sparkapplication.sparkoperator.k8s.io/spark-pi: SUBMITTED -> RUNNING (12s)}), and a still-waiting line after
 * each quiet stretch of {@code quietInterval} (0: none).
 */
final class WaitProgress {
  private final PrintWriter err;
  private final Duration quietInterval;
  private final long start = System.nanoTime();
  private final Map<String, String> last = new HashMap<>();
  private final Set<String> notes = new HashSet<>();
  private long lastLine = System.nanoTime();

  WaitProgress(PrintWriter err, Duration quietInterval) {
    this.err = err;
    this.quietInterval = quietInterval;
  }

  Duration elapsed() {
    return Duration.ofMillis((System.nanoTime() - start) / 1_000_000);
  }

  String elapsedText() {
    return Durations.format(Duration.ofSeconds(elapsed().toSeconds()));
  }

  void observed(String who, Outcome o) {
    String now = o.observed();
    String before = last.put(who, now);
    if (before == null) line(who + ": " + now + " (" + elapsedText() + ")");
    else if (!before.equals(now)) line(who + ": " + before + " -> " + now + " (" + elapsedText() + ")");
  }

  void gone(String who) {
    if (last.remove(who) != null) line(who + ": deleted (" + elapsedText() + ")");
  }

  /** Called while nothing happens: a still-waiting line once per quiet interval. */
  void tick() {
    if (quietInterval.isZero() || System.nanoTime() - lastLine < quietInterval.toNanos()) return;
    if (last.isEmpty()) line("still waiting (" + elapsedText() + ")");
    last.forEach((who, seen) -> line(who + ": still " + seen + " (" + elapsedText() + ")"));
  }

  /** A note said once, however often it is called. */
  void note(String text) {
    if (notes.add(text)) line("note: " + text);
  }

  void line(String text) {
    err.println(text);
    err.flush();
    lastLine = System.nanoTime();
  }

  /** Milliseconds until the next still-waiting line is due (for the event loop's poll). */
  long millisToTick() {
    if (quietInterval.isZero()) return Long.MAX_VALUE;
    long due = lastLine + quietInterval.toNanos() - System.nanoTime();
    return Math.max(1, due / 1_000_000);
  }
}
