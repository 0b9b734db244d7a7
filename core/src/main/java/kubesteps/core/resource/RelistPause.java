package kubesteps.core.resource;

/**
 * How long to wait before listing again after a watch ended (a wait's, and {@code k8s-get -w}'s): not at all after a
 * watch that had events or lasted a second (a cut connection: list now); after one that ended at once without an event,
 * a pause doubling from 50 ms to a second, so that a server that ends every watch at once is not listed in a tight
 * loop, and one back from a restart is listed within a second (the list itself retries while the server cannot be
 * reached, also at most a second apart). One per watch loop: it counts the quick ends in a row.
 */
public final class RelistPause {
  static final long LIVED_NANOS = 1_000_000_000L;
  private int quickEnds;

  /**
   * The pause in milliseconds after a watch that started at {@code startedNanos} and ended at {@code endedNanos}
   * ({@link System#nanoTime()}), with or without {@code events}.
   */
  public long afterWatch(boolean events, long startedNanos, long endedNanos) {
    if (events || endedNanos - startedNanos >= LIVED_NANOS) {
      quickEnds = 0;
      return 0;
    }
    return Math.min(1000, 50L << Math.min(quickEnds++, 5));
  }
}
