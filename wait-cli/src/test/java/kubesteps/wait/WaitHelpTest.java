package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kubesteps.core.cli.VersionProvider;
import kubesteps.core.testing.CommandRun;
import org.junit.jupiter.api.Test;

class WaitHelpTest {
  @Test
  void helpNamesTheConnectionOptions() {
    CommandRun r = CommandRun.run(new WaitCommand(), "--help");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("Usage: k8s-wait "), r.out());
    for (String option : new String[] {"--kubeconfig", "--context", "--namespace", "--request-timeout", "--verbose"}) {
      assertTrue(r.out().contains(option), option + " missing from help:\n" + r.out());
    }
  }

  @Test
  void versionComesFromTheBuild() {
    CommandRun r = CommandRun.run(new WaitCommand(), "--version");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("k8s-wait " + VersionProvider.version() + " "), r.out());
  }
}
