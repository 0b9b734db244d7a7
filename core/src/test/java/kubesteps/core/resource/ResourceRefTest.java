package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import org.junit.jupiter.api.Test;

class ResourceRefTest {
  @Test
  void typeSlashName() {
    assertEquals(List.of(new ResourceRef("cm", "x")), ResourceRef.parse(List.of("cm/x")));
    assertEquals(List.of(new ResourceRef("jobs.batch", "pi"), new ResourceRef("sparkapp", "spark-pi")),
        ResourceRef.parse(List.of("jobs.batch/pi", "sparkapp/spark-pi")));
  }

  @Test
  void typeThenNames() {
    assertEquals(List.of(new ResourceRef("cm", "a"), new ResourceRef("cm", "b")), ResourceRef.parse(List.of("cm", "a", "b")));
  }

  @Test
  void severalTypesAsKubectlTakesThem() {
    assertEquals(List.of(new ResourceRef("pods", null), new ResourceRef("svc", null)),
        ResourceRef.parse(List.of("pods,svc")));
    assertEquals(List.of(new ResourceRef("cm", "a"), new ResourceRef("cm", "b"), new ResourceRef("secret", "a"),
        new ResourceRef("secret", "b")), ResourceRef.parse(List.of("cm,secret", "a", "b")));
    assertEquals(List.of(new ResourceRef("cm", null)), ResourceRef.parse(List.of("cm,cm")));
    assertThrows(kubesteps.core.error.StepException.class, () -> ResourceRef.parse(List.of("cm,,svc")));
  }

  @Test
  void bareTypeMeansAll() {
    assertEquals(List.of(new ResourceRef("pods", null)), ResourceRef.parse(List.of("pods")));
  }

  @Test
  void refusesWhatKubectlRefuses() {
    for (List<String> bad : List.of(List.<String>of(), List.of("cm/x", "y"), List.of("cm", "cm/x"), List.of("/x"),
        List.of("cm/"), List.of("cm/a/b"))) {
      StepException e = assertThrows(StepException.class, () -> ResourceRef.parse(bad), bad.toString());
      assertEquals(ExitCode.INVALID_INPUT, e.code());
    }
  }

  @Test
  void typeReadingsFollowKubectl() {
    assertEquals(List.of(new TypeName("cm", null, null)), TypeName.readings("cm"));
    assertEquals(List.of(new TypeName("jobs", null, "batch")), TypeName.readings("jobs.batch"));
    assertEquals(List.of(new TypeName("deployments", "v1", "apps"), new TypeName("deployments", null, "v1.apps")),
        TypeName.readings("Deployments.v1.apps"));
    assertEquals(List.of(new TypeName("pods", "v1", ""), new TypeName("pods", null, "v1")), TypeName.readings("pods.v1"));
    assertEquals(new TypeName("sparkapplications", null, "sparkoperator.k8s.io"),
        TypeName.readings("sparkapplications.sparkoperator.k8s.io").get(0));
  }

  @Test
  void suggestionsAreCloseNames() {
    assertTrue(Suggestions.close("confgimap", "configmap"));
    assertTrue(Suggestions.close("deploy", "deployments"));
    assertTrue(Suggestions.close("pdo", "pod"));
    assertEquals(false, Suggestions.close("xyz", "configmaps"));
    assertEquals(1, Suggestions.distance("pdo", "pod"));
  }
}
