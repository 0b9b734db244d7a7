package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.FaultProxy;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dropped watches and 410 Gone, through a TCP proxy in front of the real API server. The server keeps a small watch
 * cache here, so a watch that resumes from an old resourceVersion is answered with 410 Gone.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2", apiServerFlags = {"--default-watch-cache-size=10"})
class WaitFaultsIT {
  static final String NS = "faults";
  static final ResourceDefinitionContext SPARK = Fixtures.SPARK;

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    Fixtures.createNamespace(client, NS);
    Fixtures.installSparkApplicationCrd(client);
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  static void spark(String name, String state) {
    GenericKubernetesResource r = ObjectMaps.serialization().unmarshal("""
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata: {name: %s, namespace: %s}
        spec: {type: Scala}
        """.formatted(name, NS), GenericKubernetesResource.class);
    client.genericKubernetesResources(SPARK).inNamespace(NS).resource(r).create();
    state(name, state);
  }

  static void state(String name, String state) {
    Fixtures.setStatus(client, SPARK, NS, name, "applicationState: {state: " + state + "}");
  }

  static CommandRun.Running waitThrough(FaultProxy proxy, String name) {
    String kubeconfig = Kubeconfigs.write(proxy.kubeconfig(kubeconfigYaml)).toString();
    return CommandRun.start(new WaitCommand(), "--kubeconfig=" + kubeconfig, "-n", NS, "sparkapp/" + name,
        "--timeout=60s");
  }

  @Test
  void aCutConnectionIsResumedAndTheChangeMadeMeanwhileIsSeen() throws Exception {
    spark("cut", "RUNNING");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      CommandRun.Running wait = waitThrough(proxy, "cut");
      wait.awaitErr("cut: RUNNING");
      proxy.refuse(true);
      proxy.cutAll();
      state("cut", "COMPLETED");
      Thread.sleep(500);
      proxy.refuse(false);
      CommandRun r = wait.await();
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.err().contains("RUNNING -> COMPLETED"), r.err());
    }
  }

  @Test
  void goneAfterReconnectListsAfreshAndMissesNothing() throws Exception {
    spark("gone", "RUNNING");
    spark("noise", "RUNNING");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      CommandRun.Running wait = waitThrough(proxy, "gone");
      wait.awaitErr("gone: RUNNING");
      proxy.refuse(true);
      proxy.cutAll();
      state("gone", "COMPLETED");
      for (int i = 0; i < 40; i++) state("noise", "RUNNING-" + i); // push the old version out of the watch cache
      proxy.refuse(false);
      CommandRun r = wait.await();
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.err().contains("RUNNING -> COMPLETED"), r.err());
    }
  }

  @Test
  void anUnreachableServerAtStartIsRetriedUntilItAnswers() throws Exception {
    spark("late-server", "COMPLETED");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      proxy.refuse(true);
      CommandRun.Running wait = waitThrough(proxy, "late-server");
      Thread.sleep(1500); // refused, retried with backoff meanwhile
      assertEquals(0, proxy.accepted());
      assertTrue(!wait.code().isDone(), "gave up while the server was unreachable:\n" + wait.err());
      proxy.refuse(false);
      CommandRun r = wait.await();
      assertEquals(0, r.code(), r.toString());
    }
  }
}
