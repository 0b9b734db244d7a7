package kubesteps.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WaitConditionsTest {
  static final Map<String, Object> APP = ObjectMaps.parse("""
      apiVersion: sparkoperator.k8s.io/v1beta2
      kind: SparkApplication
      metadata: {name: spark-pi, uid: u1}
      status:
        applicationState: {state: RUNNING}
        executionAttempts: 2
        driverInfo: {podName: spark-pi-driver}
        conditions: [{type: Ready, status: "True"}]
        empty: ""
      """);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "jsonpath='{.status.applicationState.state}'=RUNNING | true | RUNNING",
      "jsonpath={.status.applicationState.state}=RUNNING | true | RUNNING",
      "jsonpath=.status.applicationState.state=RUNNING | true | RUNNING",
      "jsonpath='{.status.applicationState.state}'=COMPLETED | false | RUNNING",
      "jsonpath='{.status.applicationState.state}'==RUNNING | true | RUNNING",
      "jsonpath='{.status.applicationState.state}'!=FAILED | true | RUNNING",
      "jsonpath='{.status.applicationState.state}' in (COMPLETED, RUNNING) | true | RUNNING",
      "jsonpath='{.status.applicationState.state}' in (FAILED,SUBMISSION_FAILED) | false | RUNNING",
      "jsonpath='{.status.executionAttempts}'>=2 | true | 2",
      "jsonpath='{.status.executionAttempts}'>10 | false | 2",
      "jsonpath='{.status.executionAttempts}'<10 | true | 2",
      "jsonpath='{.status.executionAttempts}'<=1 | false | 2",
      "jsonpath='{.status.driverInfo.podName}' | true | spark-pi-driver",
      "jsonpath='{.status.empty}' | false | ''",
      "jsonpath='{.status.missing}' | false | (none)",
      "jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}'=True | true | True",
      "jsonpath='{.status.applicationState.state}'='RUNNING' | true | RUNNING"})
  void jsonPathConditions(String spec, boolean holds, String observed) {
    WaitCondition c = WaitConditions.parse(spec);
    WaitCondition.Check check = c.check(APP, null);
    assertEquals(holds, check.holds(), spec + " observed " + check.observed());
    assertEquals(observed, check.observed());
    assertTrue(c.readsValue());
    assertEquals(spec, c.text());
  }

  @Test
  void otherForms() {
    assertTrue(WaitConditions.parse("condition=Ready").check(APP, null).holds());
    assertFalse(WaitConditions.parse("condition=Ready=False").check(APP, null).holds());
    assertTrue(WaitConditions.parse("create").check(APP, null).holds());
    assertTrue(WaitConditions.parse("Delete").check(null, "u1").holds());
    assertFalse(WaitConditions.parse("condition=Ready").readsValue());
  }

  @Test
  void theValueIsWhatGetWouldPrint() {
    assertEquals("spark-pi-driver", WaitConditions.parse("jsonpath={.status.driverInfo.podName}").value(APP).orElseThrow());
    assertTrue(WaitConditions.parse("jsonpath={.status.missing}").value(APP).isEmpty());
    assertTrue(WaitConditions.parse("jsonpath={.status.missing}").value(null).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ready", "condition=", "condition==True", "jsonpath=", "jsonpath='{.a'",
      "jsonpath={.a", "jsonpath={.a}~x", "jsonpath={.a}>", "jsonpath={.a} in A,B", "jsonpath={.a[}=x", "for=x"})
  void badConditionsAreInputErrors(String spec) {
    StepException e = assertThrows(StepException.class, () -> WaitConditions.parse(spec));
    assertEquals(ExitCode.INVALID_INPUT, e.code());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void listsOfValuesAreTrimmedAndUnquoted() {
    WaitCondition c = WaitConditions.parse("jsonpath={.status.applicationState.state} in ('A', \"RUNNING\")");
    assertTrue(c.check(APP, null).holds());
    assertEquals(List.of("A", "RUNNING"), ((JsonPathIs) c).values());
  }
}
