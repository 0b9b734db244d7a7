package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectMapsTest {
  @Test
  void aGenericResourceBecomesAPlainTree() {
    GenericKubernetesResource r = ObjectMaps.serialization().unmarshal("""
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata: {name: spark-pi, namespace: ci, generation: 2}
        status:
          applicationState: {state: RUNNING}
          executionAttempts: 1
          conditions: [{type: Ready, status: "True"}]
        """, GenericKubernetesResource.class);
    Map<String, Object> m = ObjectMaps.of(r);
    assertEquals("SparkApplication", m.get("kind"));
    assertEquals(Map.of("name", "spark-pi", "namespace", "ci", "generation", 2L), m.get("metadata"));
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) m.get("status");
    assertEquals(Map.of("state", "RUNNING"), status.get("applicationState"));
    assertEquals(1, status.get("executionAttempts"));
    assertEquals(List.of(Map.of("type", "Ready", "status", "True")), status.get("conditions"));
  }

  @Test
  void parsesJsonAndYaml() {
    assertEquals(Map.of("a", List.of(1, "x")), ObjectMaps.parse("{\"a\": [1, \"x\"]}"));
    assertEquals(Map.of("a", Map.of("b", true)), ObjectMaps.parse("a:\n  b: true\n"));
  }
}
