package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelistPauseTest {
  static final long MS = 1_000_000L;

  @Test
  void quickEndsWithoutEventsDoubleFrom50msToASecond() {
    RelistPause p = new RelistPause();
    List<Long> pauses = new ArrayList<>();
    for (int i = 0; i < 8; i++) pauses.add(p.afterWatch(false, 0, 10 * MS));
    assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1000L, 1000L, 1000L), pauses);
  }

  @Test
  void aWatchWithEventsOrThatLastedASecondListsAtOnceAndStartsOver() {
    RelistPause p = new RelistPause();
    p.afterWatch(false, 0, MS);
    p.afterWatch(false, 0, MS);
    assertEquals(0, p.afterWatch(true, 0, MS), "events");
    assertEquals(50, p.afterWatch(false, 0, MS), "counted from the start again");
    assertEquals(100, p.afterWatch(false, 5 * MS, 5 * MS + 999 * MS), "999 ms: quick");
    assertEquals(0, p.afterWatch(false, 5 * MS, 5 * MS + 1000 * MS), "a second: lived (a cut connection)");
    assertEquals(50, p.afterWatch(false, 0, 0));
  }
}
