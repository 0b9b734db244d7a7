package kubesteps.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.FixtureFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in catalogue (kubesteps/status/catalogue.yaml) on objects as the operators write them
 * (resources catalogue/KIND-CASE.yaml, each naming its source): the first lines say the verdict expected
 * ({@code # expect: succeeded|failed|in progress}), Argo CD's verdict where the object comes from its test data
 * ({@code # argocd: Healthy|Progressing|Degraded|Suspended}) and, where ours differs on purpose, why
 * ({@code # differs: ...}).
 */
class CatalogueTest {
  static Stream<Path> fixtures() throws Exception {
    return FixtureFiles.yamlFiles("/catalogue");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void eachFixtureGetsItsVerdict(Path file) throws Exception {
    String text = Files.readString(file);
    String expect = FixtureFiles.header(text, "expect");
    assertTrue(FixtureFiles.header(text, "source") != null, file + " names no source");
    Map<String, Object> obj = ObjectMaps.parse(text);
    Outcome o = HealthRules.builtIn().evaluate(obj).orElseThrow(() -> new AssertionError("no rule for " + file));
    String verdict = switch (o.state()) {
      case SUCCEEDED -> "succeeded";
      case FAILED -> "failed";
      case IN_PROGRESS -> "in progress";
    };
    assertEquals(expect, verdict, file.getFileName() + ": " + o);
    String argocd = FixtureFiles.header(text, "argocd");
    if (argocd != null && FixtureFiles.header(text, "differs") == null) {
      // Argo CD's words for the same verdict: Healthy is done, Degraded failed, Progressing/Suspended in progress
      String same = switch (argocd) {
        case "Healthy" -> "succeeded";
        case "Degraded" -> "failed";
        default -> "in progress";
      };
      assertEquals(same, verdict, file.getFileName() + ": differs from Argo CD (" + argocd + ") without saying why");
    }
  }

  @Test
  void everyRuleCompilesAndHasFixturesAndTheCatalogueIsLarge() throws Exception {
    HealthRules builtIn = HealthRules.builtIn();
    builtIn.compileAll();
    Set<String> kinds = new TreeSet<>(builtIn.kinds());
    assertTrue(kinds.size() >= 40, "at least 40 kinds: " + kinds.size());
    Set<String> covered;
    try (Stream<Path> files = fixtures()) {
      covered = files.map(f -> {
        try {
          return Trees.groupKind(ObjectMaps.parse(Files.readString(f)));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.toSet());
    }
    Set<String> missing = new TreeSet<>(kinds);
    missing.removeAll(covered);
    assertEquals(Set.of(), missing, "kinds of the catalogue without a fixture");
    // one rule per kind: a second one would silently win
    List<String> all = HealthRules.catalogue().stream().map(HealthRules.Rule::groupKind).toList();
    assertEquals(all.size(), new TreeSet<>(all).size(), "a kind twice in the catalogue");
  }
}
