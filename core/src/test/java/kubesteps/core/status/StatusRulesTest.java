package kubesteps.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Table-driven from status/kinds.yaml, kstatus style: object -> expected state (and observed text, message). */
class StatusRulesTest {
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases() {
    return (List<Map<String, Object>>) (List<?>) ObjectMaps.serialization()
        .unmarshal(Fixtures.resource("/status/kinds.yaml"), List.class);
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> everyRow() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> {
      Outcome o = StatusRules.evaluate((Map<String, Object>) c.get("object"));
      assertEquals(Outcome.State.valueOf(String.valueOf(c.get("expect"))), o.state(), o.toString());
      if (c.containsKey("observed")) assertEquals(c.get("observed"), o.observed());
      if (c.containsKey("message")) assertEquals(c.get("message"), o.message());
    }));
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyKindOfTheTableHasCases() {
    Set<String> covered = new HashSet<>();
    for (Map<String, Object> c : cases()) covered.add(Trees.groupKind(c.get("object")));
    List<String> missing = new ArrayList<>();
    for (String k : KindRules.kinds()) {
      if (!covered.contains(k) && !k.startsWith("kubeflow.org/") && !k.startsWith("trainer.")) missing.add(k);
    }
    assertTrue(missing.isEmpty(), "kinds without a test row: " + missing);
  }
}
