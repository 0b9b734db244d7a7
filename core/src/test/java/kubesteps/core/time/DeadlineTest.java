package kubesteps.core.time;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void zeroOrNegativeMeansNoLimit() {
    assertSame(Deadline.NONE, Deadline.after(Duration.ZERO));
    assertSame(Deadline.NONE, Deadline.after(Duration.ofSeconds(-1)));
    assertFalse(Deadline.NONE.expired());
    assertFalse(Deadline.NONE.bounded());
  }

  @Test
  void aBoundedDeadlineCountsDown() {
    Deadline d = Deadline.after(Duration.ofHours(1));
    assertTrue(d.bounded());
    assertFalse(d.expired());
    assertTrue(d.remaining().compareTo(Duration.ofHours(1)) <= 0);
    assertTrue(d.remaining().compareTo(Duration.ofMinutes(59)) > 0);
  }

  @Test
  void anExpiredDeadlineHasNothingLeft() throws InterruptedException {
    Deadline d = Deadline.after(Duration.ofNanos(1));
    Thread.sleep(2);
    assertTrue(d.expired());
    assertTrue(d.remaining().isZero());
  }
}
