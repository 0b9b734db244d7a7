package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kubesteps.core.cli.VersionProvider;
import kubesteps.core.testing.CommandRun;
import org.junit.jupiter.api.Test;

class ApplyHelpTest {
  @Test
  void helpNamesTheConnectionOptions() {
    CommandRun r = CommandRun.run(new ApplyCommand(), "--help");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("Usage: k8s-apply "), r.out());
    for (String option : new String[] {"--kubeconfig", "--context", "--namespace", "--request-timeout", "--verbose"}) {
      assertTrue(r.out().contains(option), option + " missing from help:\n" + r.out());
    }
  }

  @Test
  void versionComesFromTheBuild() {
    CommandRun r = CommandRun.run(new ApplyCommand(), "--version");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("k8s-apply " + VersionProvider.version() + " "), r.out());
  }
}
