package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.StalledServer;
import org.junit.jupiter.api.Test;

/**
 * The wait's list is answered with a start that never ends (core's StalledServer): each try ends after
 * --request-timeout and is made again (a wait outlives a stalled network), until --timeout; then the wait ends with
 * exit 5 naming the stall, not hanging. (Without --timeout the tries go on for 5 minutes, as for a server away.)
 */
class WaitStalledServerTest {
  @Test
  void aListWhoseAnswerNeverEndsIsTriedAgainUntilTheTimeoutThenEndsTheWait() throws Exception {
    try (StalledServer server = new StalledServer()) {
      CommandRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.run(new WaitCommand(),
          "--kubeconfig=" + server.kubeconfig(), "configmaps/x", "--for=delete", "--request-timeout=1s",
          "--timeout=4s"));
      assertEquals(5, r.code(), r.toString());
      assertTrue(r.err().lines().anyMatch(l -> l.startsWith("error: I/O error talking to the API server at http")
          && l.endsWith(": no whole answer within 1s (--request-timeout) (HttpTimeoutException)")), r.err());
    }
  }
}
