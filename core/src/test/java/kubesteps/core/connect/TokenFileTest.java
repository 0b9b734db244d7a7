package kubesteps.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token file as client-go's cached file token source reads it: trimmed, kept a minute, read again after a 401. */
class TokenFileTest {
  @TempDir Path dir;

  @Test
  void readTrimmedKeptAMinuteThenReadAgain() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "first\n");
    ExecPluginTest.MutableClock clock = new ExecPluginTest.MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    TokenFile t = new TokenFile(f, clock);
    assertEquals("Bearer first", t.authorization());
    Files.writeString(f, "second\n"); // the kubelet rotates a projected token
    clock.now = clock.now.plus(Duration.ofSeconds(59));
    assertEquals("Bearer first", t.authorization(), "kept for a minute");
    clock.now = clock.now.plus(Duration.ofSeconds(2));
    assertEquals("Bearer second", t.authorization(), "read again after it");
  }

  @Test
  void readAgainAfterA401() throws Exception {
    Path f = Files.writeString(dir.resolve("token"), "old");
    TokenFile t = new TokenFile(f, java.time.Clock.systemUTC());
    String used = t.authorization();
    assertFalse(t.refreshAfterUnauthorized(used), "the same token: no use sending again");
    Files.writeString(f, "new");
    assertTrue(t.refreshAfterUnauthorized(used));
    assertEquals("Bearer new", t.authorization());
  }

  @Test
  void aMissingFileIsOneLineExitFive() {
    StepException e = assertThrows(StepException.class, () -> new TokenFile(dir.resolve("absent"),
        java.time.Clock.systemUTC()).authorization());
    assertEquals(ExitCode.API_ERROR, e.code());
    assertEquals("cannot read the token file " + dir.resolve("absent") + ": no such file", e.getMessage());
  }
}
