package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.StalledServer;
import org.junit.jupiter.api.Test;

/** An answer that starts and never ends (core's StalledServer): the command ends within --request-timeout. */
class StalledServerTest {
  @Test
  void anAnswerThatNeverEndsEndsTheCommandWithinTheRequestTimeout() throws Exception {
    try (StalledServer server = new StalledServer()) {
      for (String what : new String[] {"configmaps", "configmaps/x"}) {
        CommandRun r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.run(new GetCommand(),
            "--kubeconfig=" + server.kubeconfig(), what, "--request-timeout=1s"));
        assertEquals(5, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: I/O error talking to the API server at http://127.0.0.1:")
            && r.err().endsWith(": no whole answer within 1s (--request-timeout) (HttpTimeoutException)\n"), r.err());
      }
    }
  }
}
