package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.StalledServer;
import org.junit.jupiter.api.Test;

/**
 * The wait's list is answered with a start that never ends (core's StalledServer): without --timeout the wait would
 * never end; it ends within --request-timeout (and the retries of a wait with no --timeout: not for this).
 */
class WaitStalledServerTest {
  @Test
  void aListWhoseAnswerNeverEndsEndsTheWaitWithinTheRequestTimeout() throws Exception {
    try (StalledServer server = new StalledServer()) {
      CommandRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.run(new WaitCommand(),
          "--kubeconfig=" + server.kubeconfig(), "configmaps/x", "--for=delete", "--request-timeout=1s"));
      assertEquals(5, r.code(), r.toString());
      assertTrue(r.err().lines().anyMatch(l -> l.startsWith("error: I/O error talking to the API server at http")
          && l.endsWith(": no whole answer within 1s (--request-timeout) (HttpTimeoutException)")), r.err());
    }
  }
}
