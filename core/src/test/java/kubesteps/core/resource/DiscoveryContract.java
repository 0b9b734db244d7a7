package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.time.Deadline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
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
    discovery = new Discovery(client, Deadline.NONE, DiscoveryCache.none());
    // a server that is not there: what resolves through it came from the disk cache
    nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
        .withRequestRetryBackoffLimit(0).build()).build();
  }

  KubernetesClient nowhere;

  @AfterAll
  void tearDown() {
    if (client != null) client.close();
    if (nowhere != null) nowhere.close();
  }

  static DiscoveryCache cache(Path dir) {
    return new DiscoveryCache(dir, DiscoveryCache.TTL);
  }

  static Deadline shortly() {
    return Deadline.after(Duration.ofSeconds(2));
  }

  @Test
  void aSecondRunResolvesFromTheDiskCacheWithoutTheServer(@TempDir Path dir) {
    Discovery first = new Discovery(client, Deadline.NONE, cache(dir));
    assertEquals("sparkapplications", first.resolve("sparkapp").plural());
    assertEquals("deployments", first.resolve("deployments.apps").plural());
    assertEquals("configmaps", first.forKind("v1", "ConfigMap").plural());
    assertTrue(Files.isRegularFile(dir.resolve("servergroups.json")));
    assertTrue(Files.isRegularFile(dir.resolve("v1/serverresources.json")));
    assertTrue(Files.isRegularFile(dir.resolve("sparkoperator.k8s.io/v1beta2/serverresources.json")));

    Discovery second = new Discovery(nowhere, shortly(), cache(dir));
    ResourceType spark = second.resolve("sparkapp");
    assertEquals("sparkoperator.k8s.io", spark.group());
    assertEquals("v1beta2", spark.version());
    assertTrue(spark.namespaced());
    assertEquals("apps", second.resolve("deploy").group());
    assertEquals("ConfigMap", second.resolve("cm").kind());
    assertEquals("configmaps", second.forKind("v1", "ConfigMap").plural());
  }

  @Test
  void aFullyQualifiedTypeAsksOnlyItsGroupVersion(@TempDir Path dir) throws IOException {
    new Discovery(client, Deadline.NONE, cache(dir)).resolve("sparkapplications.v1beta2.sparkoperator.k8s.io");
    // what was asked is what was cached: the named group version only, neither /apis nor /api/v1
    assertTrue(Files.isRegularFile(dir.resolve("sparkoperator.k8s.io/v1beta2/serverresources.json")));
    assertFalse(Files.exists(dir.resolve("servergroups.json")), "the group list was not asked for");
    assertFalse(Files.exists(dir.resolve("v1/serverresources.json")), "the core group was not asked for");
    ResourceType t = new Discovery(nowhere, shortly(), cache(dir))
        .resolve("sparkapplications.v1beta2.sparkoperator.k8s.io");
    assertEquals("SparkApplication", t.kind());
    assertEquals("pods", new Discovery(client, Deadline.NONE, cache(dir)).resolve("pods.v1").plural());
    assertFalse(Files.exists(dir.resolve("servergroups.json")), "pods.v1 is the core group: no group list");
  }

  @Test
  void aTypeTheCacheDoesNotKnowIsAskedOfTheServer(@TempDir Path dir) throws IOException {
    Discovery first = new Discovery(client, Deadline.NONE, cache(dir));
    first.resolve("sparkapp");
    // as if the cache were written before the CRD was installed
    Path spark = dir.resolve("sparkoperator.k8s.io/v1beta2/serverresources.json");
    Files.writeString(spark, "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\","
        + "\"groupVersion\":\"sparkoperator.k8s.io/v1beta2\",\"resources\":[]}");
    Discovery second = new Discovery(client, Deadline.NONE, cache(dir));
    assertEquals("SparkApplication", second.resolve("sparkapp").kind());
    assertEquals("SparkApplication", new Discovery(client, Deadline.NONE, cache(dir))
        .forKind("sparkoperator.k8s.io/v1beta2", "SparkApplication").kind());
    assertTrue(Files.readString(spark).contains("SparkApplication"), "the cache was written afresh");
    StepException e = assertThrows(StepException.class,
        () -> new Discovery(client, Deadline.NONE, cache(dir)).resolve("confgimap"));
    assertTrue(e.getMessage().endsWith("did you mean configmaps?"), e.getMessage());
  }

  @Test
  void entriesOlderThanTheTtlAreNotUsed(@TempDir Path dir) throws IOException {
    new Discovery(client, Deadline.NONE, cache(dir)).resolve("cm");
    Files.setLastModifiedTime(dir.resolve("v1/serverresources.json"),
        FileTime.from(Instant.now().minus(DiscoveryCache.TTL).minusSeconds(60)));
    assertThrows(RuntimeException.class, () -> new Discovery(nowhere, shortly(), cache(dir)).resolve("cm"));
  }

  @Test
  void aCacheFolderThatCannotBeWrittenIsNoCache(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Discovery d = new Discovery(client, Deadline.NONE, cache(file.resolve("discovery")));
    assertEquals("sparkapplications", d.resolve("sparkapp").plural());
    assertEquals("configmaps", d.forKind("v1", "ConfigMap").plural());
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
