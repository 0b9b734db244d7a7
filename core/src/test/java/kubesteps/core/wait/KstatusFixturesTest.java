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
  static Path folder() throws Exception {
    return Path.of(KstatusFixturesTest.class.getResource("/status/kstatus").toURI());
  }

  static Stream<Path> fixtures() throws Exception {
    return Files.list(folder()).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  static String header(String text, String key) {
    return text.lines().takeWhile(l -> l.startsWith("#")).filter(l -> l.startsWith("# " + key + ":"))
        .map(l -> l.substring(key.length() + 3).strip()).findFirst().orElse(null);
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
    String kstatus = header(text, "kstatus");
    String expect = header(text, "expect");
    String differs = header(text, "differs");
    assertNotNull(kstatus, name + " has no # kstatus: line");
    assertNotNull(expect, name + " has no # expect: line");
    assertNotNull(header(text, "source"), name + " names no source");
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
    assertEquals("Current", header(text, "kstatus"));
    assertEquals("failed", header(text, "expect"));
    assertEquals("on purpose", header(text, "differs"));
    assertNull(header(text, "source"));
  }
}
