package kubesteps.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionsTest {
  static final Map<String, Object> POD = ObjectMaps.parse("""
      apiVersion: v1
      kind: Pod
      metadata: {name: p, uid: u1, generation: 2}
      status:
        conditions:
          - {type: Ready, status: "True"}
          - {type: Initialized, status: "False"}
          - {type: PodScheduled, status: "True", observedGeneration: 1}
      """);

  @Test
  void conditionTypeAndStatusIgnoreCaseAsKubectl() {
    assertTrue(new ConditionIs("ready", "true", "").check(POD, null).holds());
    assertTrue(new ConditionIs("Initialized", "False", "").check(POD, null).holds());
    assertFalse(new ConditionIs("Initialized", "True", "").check(POD, null).holds());
    assertEquals("Initialized=False", new ConditionIs("Initialized", "True", "").check(POD, null).observed());
    assertFalse(new ConditionIs("Missing", "True", "").check(POD, null).holds());
    assertFalse(new ConditionIs("Ready", "True", "").check(null, null).holds());
  }

  @Test
  void aConditionFromAnOlderGenerationDoesNotCount() {
    WaitCondition.Check c = new ConditionIs("PodScheduled", "True", "").check(POD, null);
    assertFalse(c.holds());
    assertEquals("PodScheduled=True (stale)", c.observed());
  }

  @Test
  void createAndDelete() {
    assertTrue(new Existence(true).check(POD, null).holds());
    assertFalse(new Existence(true).check(null, null).holds());
    assertTrue(new Existence(false).check(null, "u1").holds());
    assertFalse(new Existence(false).check(POD, "u1").holds());
    assertTrue(new Existence(false).check(POD, "u0").holds(), "recreated under the same name: the old one is gone");
  }

  @ParameterizedTest
  @CsvSource({
      "EQ, COMPLETED, COMPLETED, true", "EQ, RUNNING, COMPLETED, false", "EQ, 1, 1.0, true",
      "NE, RUNNING, COMPLETED, true", "NE, COMPLETED, COMPLETED, false",
      "GT, 10, 9, true", "GT, 9, 10, false", "GE, 1, 1, true", "LT, 2, 10, true", "LE, 2.5, 2.5, true",
      "GT, b, a, true"})
  void operators(Compare op, String actual, String wanted, boolean holds) {
    assertEquals(holds, op.test(actual, List.of(wanted)));
  }

  @Test
  void inAndPresent() {
    assertTrue(Compare.IN.test("FAILED", List.of("FAILED", "SUBMISSION_FAILED")));
    assertFalse(Compare.IN.test("RUNNING", List.of("FAILED", "SUBMISSION_FAILED")));
    assertTrue(Compare.PRESENT.test("x", List.of()));
    assertFalse(Compare.PRESENT.test("", List.of()));
    assertFalse(Compare.PRESENT.test(null, List.of()));
    assertFalse(Compare.EQ.test(null, List.of("x")));
    assertTrue(Compare.NE.test(null, List.of("x")));
  }
}
