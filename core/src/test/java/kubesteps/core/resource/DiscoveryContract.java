package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.time.Deadline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Discovery against a real API server; run by {@link DiscoveryIT} (kube-api-test) and DiscoveryK3sIT (K3s). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DiscoveryContract {
  KubernetesClient client;
  Discovery discovery;

  abstract String kubeconfigYaml();

  @BeforeAll
  void setUp() {
    client = Fixtures.client(kubeconfigYaml());
    Fixtures.installSparkApplicationCrd(client);
    discovery = new Discovery(client, Deadline.NONE);
  }

  @AfterAll
  void tearDown() {
    if (client != null) client.close();
  }

  @ParameterizedTest
  @CsvSource({
      "cm, '', v1, ConfigMap, configmaps, true",
      "configmaps, '', v1, ConfigMap, configmaps, true",
      "configmap, '', v1, ConfigMap, configmaps, true",
      "ConfigMap, '', v1, ConfigMap, configmaps, true",
      "ns, '', v1, Namespace, namespaces, false",
      "po, '', v1, Pod, pods, true",
      "pods.v1, '', v1, Pod, pods, true",
      "deploy, apps, v1, Deployment, deployments, true",
      "deployments.apps, apps, v1, Deployment, deployments, true",
      "deployments.v1.apps, apps, v1, Deployment, deployments, true",
      "job, batch, v1, Job, jobs, true",
      "jobs.batch, batch, v1, Job, jobs, true",
      "crd, apiextensions.k8s.io, v1, CustomResourceDefinition, customresourcedefinitions, false",
      "sparkapp, sparkoperator.k8s.io, v1beta2, SparkApplication, sparkapplications, true",
      "sparkapplication, sparkoperator.k8s.io, v1beta2, SparkApplication, sparkapplications, true",
      "SparkApplication, sparkoperator.k8s.io, v1beta2, SparkApplication, sparkapplications, true",
      "sparkapplications.sparkoperator.k8s.io, sparkoperator.k8s.io, v1beta2, SparkApplication, sparkapplications, true",
      "sparkapplications.v1beta2.sparkoperator.k8s.io, sparkoperator.k8s.io, v1beta2, SparkApplication, sparkapplications, true"})
  void resolvesEveryNameKubectlTakes(String typed, String group, String version, String kind, String plural,
      boolean namespaced) {
    ResourceType t = discovery.resolve(typed);
    assertEquals(group, t.group());
    assertEquals(version, t.version());
    assertEquals(kind, t.kind());
    assertEquals(plural, t.plural());
    assertEquals(namespaced, t.namespaced());
  }

  @Test
  void eventsResolveToTheCoreGroupFirstAsInKubectl() {
    assertEquals("", discovery.resolve("events").group());
    assertEquals("events.k8s.io", discovery.resolve("events.events.k8s.io").group());
  }

  @Test
  void anUnknownTypeIsAnInputErrorListingCloseMatches() {
    StepException e = assertThrows(StepException.class, () -> discovery.resolve("confgimap"));
    assertEquals(ExitCode.INVALID_INPUT, e.code());
    assertEquals("the server doesn't have a resource type \"confgimap\"; did you mean configmaps?", e.getMessage());
    StepException spark = assertThrows(StepException.class, () -> discovery.resolve("sparkap"));
    assertTrue(spark.getMessage().contains("did you mean sparkapplications.sparkoperator.k8s.io"), spark.getMessage());
    StepException none = assertThrows(StepException.class, () -> discovery.resolve("zzzzzzzz"));
    assertFalse(none.getMessage().contains("did you mean"), none.getMessage());
  }

  @Test
  void aWrongGroupIsNotFound() {
    assertThrows(StepException.class, () -> discovery.resolve("deployments.batch"));
  }

  @Test
  void objectsResolveByApiVersionAndKind() {
    assertEquals("sparkapplications", discovery.forKind("sparkoperator.k8s.io/v1beta2", "SparkApplication").plural());
    assertEquals("configmaps", discovery.forKind("v1", "ConfigMap").plural());
    StepException e = assertThrows(StepException.class, () -> discovery.forKind("example.com/v1", "Widget"));
    assertEquals("no matches for kind \"Widget\" in version \"example.com/v1\" (is its CustomResourceDefinition"
        + " installed?)", e.getMessage());
  }

  @Test
  void anUnknownKindSuggestsCloseKindsAndOtherVersions() {
    StepException typo = assertThrows(StepException.class, () -> discovery.forKind("v1", "ConfigMpa"));
    assertEquals("no matches for kind \"ConfigMpa\" in version \"v1\"; did you mean kind \"ConfigMap\"?",
        typo.getMessage());
    StepException version = assertThrows(StepException.class,
        () -> discovery.forKind("sparkoperator.k8s.io/v1beta1", "SparkApplication"));
    assertEquals("no matches for kind \"SparkApplication\" in version \"sparkoperator.k8s.io/v1beta1\"; did you mean"
        + " apiVersion \"sparkoperator.k8s.io/v1beta2\"?", version.getMessage());
  }
}
