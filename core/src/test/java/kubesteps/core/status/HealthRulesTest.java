package kubesteps.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CEL expressions over objects, cel= conditions, and rules files (Flux's healthCheckExprs shape). */
class HealthRulesTest {
  @TempDir Path tmp;

  /** An object from YAML; flow style written as block so that it is not read as JSON. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(String yaml) {
    if (!yaml.strip().startsWith("{")) return ObjectMaps.parse(yaml);
    return (Map<String, Object>) ObjectMaps.parse("object: " + yaml.strip()).get("object");
  }

  static final Map<String, Object> RUNNING = obj("""
      apiVersion: example.com/v1
      kind: Thing
      metadata: {name: t, generation: 2}
      spec: {replicas: 3}
      status: {phase: Running, observedGeneration: 2, ready: 2, conditions: [{type: Ready, status: "False"}]}
      """);

  @Test
  void celSeesTheTopLevelFieldsWithOptionalsStringsAndLists() {
    assertTrue(CelExpression.compile("status.?phase.orValue('') == 'Running'", "t").test(RUNNING));
    assertTrue(CelExpression.compile("status.phase.lowerAscii().startsWith('run')", "t").test(RUNNING));
    assertTrue(CelExpression.compile("status.conditions.exists(c, c.type == 'Ready' && c.status == 'False')", "t")
        .test(RUNNING));
    // JSON integers are CEL ints: comparable with int literals and with each other
    assertTrue(CelExpression.compile("status.ready < spec.replicas && metadata.generation == 2", "t").test(RUNNING));
    assertTrue(CelExpression.compile("apiVersion == 'example.com/v1' && kind == 'Thing'", "t").test(RUNNING));
    assertTrue(CelExpression.compile("[1, 3, 2].sort() == [1, 2, 3]", "t").test(RUNNING), "the lists extension");
    // a field that is not there: false, not an error; and an object without status has status {}
    assertFalse(CelExpression.compile("status.missing == 'x'", "t").test(RUNNING));
    assertTrue(CelExpression.compile("!has(status.phase)", "t").test(obj("{apiVersion: v1, kind: X}")));
  }

  @Test
  void aBadExpressionIsExitTwoWithItsPosition() {
    StepException e = assertThrows(StepException.class,
        () -> WaitConditions.parse("cel=status.conditions.exists(c, c.type == )"));
    assertEquals(ExitCode.INVALID_INPUT, e.code());
    assertTrue(e.getMessage().startsWith("cel=status.conditions.exists(c, c.type == ): 1:"), e.getMessage());
    StepException undeclared = assertThrows(StepException.class, () -> WaitConditions.parse("cel=statu.phase == 'x'"));
    assertTrue(undeclared.getMessage().contains("1:1: undeclared reference to 'statu'"), undeclared.getMessage());
    assertThrows(StepException.class, () -> WaitConditions.parse("cel=1 + 2"), "not a Boolean");
  }

  @Test
  void celConditionsAsForAndFailOn() {
    WaitCondition c = WaitConditions.parse("cel='status.phase == \"Running\"'");
    assertTrue(c.check(RUNNING, null).holds());
    assertFalse(c.check(null, null).holds(), "a missing object holds no cel condition");
  }

  Path file(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }

  @Test
  void rulesFilesOrderStaleAndVersions() throws Exception {
    Path first = file("a.yaml", """
        - apiVersion: example.com/v1
          kind: Thing
          inProgress: "status.?phase.orValue('') == 'Pending'"
          failed: "status.?phase.orValue('') == 'Failed'"
          current: "status.?phase.orValue('') == 'Running'"
        """);
    HealthRules rules = HealthRules.builtInAnd(List.of(first), List.of());
    assertEquals(Outcome.State.SUCCEEDED, rules.evaluate(RUNNING).orElseThrow().state());
    Map<String, Object> failed = obj("{apiVersion: example.com/v1, kind: Thing, status: {phase: Failed}}");
    assertEquals(Outcome.State.FAILED, rules.evaluate(failed).orElseThrow().state());
    assertTrue(rules.evaluate(failed).orElseThrow().message().contains(first.toString()), "names the rule's file");
    // stale status: in progress before any expression
    Map<String, Object> stale = obj("""
        {apiVersion: example.com/v1, kind: Thing, metadata: {generation: 3}, status: {phase: Failed, observedGeneration: 2}}
        """);
    assertEquals(Outcome.State.IN_PROGRESS, rules.evaluate(stale).orElseThrow().state());
    // another version: no rule (group/* matches every version)
    assertTrue(rules.evaluate(obj("{apiVersion: example.com/v2, kind: Thing}")).isEmpty());
    // a later file, and a text after the files, override the earlier rule
    Path later = file("b.yaml", "- {apiVersion: example.com/*, kind: Thing, current: \"status.?ready.orValue(0) >= 5\"}\n");
    HealthRules overridden = HealthRules.builtInAnd(List.of(first, later), List.of());
    assertEquals(Outcome.State.IN_PROGRESS, overridden.evaluate(RUNNING).orElseThrow().state());
    assertEquals(Outcome.State.IN_PROGRESS, overridden.evaluate(failed).orElseThrow().state(), "b has no failed");
    HealthRules byText = HealthRules.builtInAnd(List.of(later),
        List.of("- {apiVersion: example.com/v1, kind: Thing, current: \"true\"}"));
    assertEquals(Outcome.State.SUCCEEDED, byText.evaluate(failed).orElseThrow().state());
    assertTrue(byText.userRuleFor(failed));
  }

  @Test
  void aBadRulesFileIsOneLineNamingTheFile() throws Exception {
    Path notList = file("map.yaml", "apiVersion: x/v1\nkind: X\n");
    assertTrue(assertThrows(StepException.class, () -> HealthRules.builtInAnd(List.of(notList), List.of()))
        .getMessage().startsWith(notList + ": expected a list of rules"));
    Path unknown = file("unknown.yaml", "- {apiVersion: x/v1, kind: X, healthy: 'true'}\n");
    assertTrue(assertThrows(StepException.class, () -> HealthRules.builtInAnd(List.of(unknown), List.of()))
        .getMessage().contains("rule 1: unknown field \"healthy\""));
    Path badCel = file("bad.yaml", "- {apiVersion: x/v1, kind: X, failed: \"status.phase ==\"}\n");
    StepException e = assertThrows(StepException.class, () -> HealthRules.builtInAnd(List.of(badCel), List.of()));
    assertTrue(e.getMessage().startsWith(badCel + ": x/X failed: 1:"), e.getMessage());
    assertThrows(StepException.class, () -> HealthRules.builtInAnd(List.of(tmp.resolve("none.yaml")), List.of()));
  }

  @Test
  void everyCatalogueExpressionCompiles() {
    HealthRules builtIn = HealthRules.builtIn();
    builtIn.compileAll();
    assertFalse(builtIn.kinds().isEmpty());
  }
}
