package kubesteps.core.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.status.HealthRules;
import kubesteps.core.status.Outcome;
import kubesteps.core.testing.FixtureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s-wait's own meaning of done (no {@code --for}) next to kstatus's (kubernetes-sigs/cli-utils,
 * pkg/kstatus/status): the objects of kstatus's tests, transcribed as resources status/kstatus/KIND-CASE.yaml. The
 * first lines say kstatus's status ({@code # kstatus: Current|InProgress|Failed|Terminating}), the verdict we give
 * ({@code # expect: succeeded|failed|in progress}), where the two differ why ({@code # differs: ...}), and the
 * test case the object comes from ({@code # source: ...}).
 */
class KstatusFixturesTest {
  static Stream<Path> fixtures() throws Exception {
    return FixtureFiles.yamlFiles("/status/kstatus");
  }

  /** kstatus's status in our words: Current is done, Failed failed, InProgress and Terminating in progress. */
  static String ourWordsFor(String kstatus) {
    return switch (kstatus) {
      case "Current" -> "succeeded";
      case "Failed" -> "failed";
      case "InProgress", "Terminating" -> "in progress";
      default -> throw new AssertionError("a kstatus status a fixture cannot have: " + kstatus);
    };
  }

  static String verdict(Outcome o) {
    return switch (o.state()) {
      case SUCCEEDED -> "succeeded";
      case FAILED -> "failed";
      case IN_PROGRESS -> "in progress";
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void eachFixtureGetsItsVerdict(Path file) throws Exception {
    String name = file.getFileName().toString();
    String text = Files.readString(file);
    String kstatus = FixtureFiles.header(text, "kstatus");
    String expect = FixtureFiles.header(text, "expect");
    String differs = FixtureFiles.header(text, "differs");
    assertNotNull(kstatus, name + " has no # kstatus: line");
    assertNotNull(expect, name + " has no # expect: line");
    assertNotNull(FixtureFiles.header(text, "source"), name + " names no source");
    Map<String, Object> obj = ObjectMaps.parse(text);
    String kind = String.valueOf(obj.get("kind"));
    assertTrue(name.startsWith(kind + "-"), name + ": the file is named after its kind, " + kind);

    Outcome o = new ConditionEvaluator(List.of(), List.of(), HealthRules.builtIn()).kindsOwn(obj);
    assertEquals(expect, verdict(o), name + ": " + o);

    String same = ourWordsFor(kstatus);
    if (differs == null) {
      assertEquals(same, verdict(o), name + ": differs from kstatus (" + kstatus + ") without saying why");
    } else {
      assertTrue(!same.equals(verdict(o)), name + ": says it differs from kstatus (" + kstatus + "), but agrees");
    }
  }

  @Test
  void theFixturesAreThere() throws Exception {
    try (Stream<Path> files = fixtures()) {
      assertTrue(files.count() >= 50, "kstatus's objects, transcribed");
    }
  }

  @Test
  void headersAreRead() {
    String text = "# kstatus: Current\n# expect: failed\n# differs: on purpose\napiVersion: v1\n# expect: no\n";
    assertEquals("Current", FixtureFiles.header(text, "kstatus"));
    assertEquals("failed", FixtureFiles.header(text, "expect"));
    assertEquals("on purpose", FixtureFiles.header(text, "differs"));
    assertNull(FixtureFiles.header(text, "source"));
  }
}
