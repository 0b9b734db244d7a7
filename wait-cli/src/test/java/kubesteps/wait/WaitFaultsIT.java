package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  static CommandRun.Running waitThrough(FaultProxy proxy, String name, String... more) {
    String kubeconfig = Kubeconfigs.write(proxy.kubeconfig(kubeconfigYaml)).toString();
    String[] args = {"--kubeconfig=" + kubeconfig, "-n", NS, "sparkapp/" + name};
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return CommandRun.start(new WaitCommand(), all);
  }

  /** The wait ends with exit 0 on the change from RUNNING to COMPLETED (its progress says so). */
  static void endsOnTheChange(CommandRun.Running wait) throws Exception {
    CommandRun r = wait.await();
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("RUNNING -> COMPLETED"), r.err());
  }

  @Test
  void aCutConnectionIsResumedAndTheChangeMadeMeanwhileIsSeen() throws Exception {
    spark("cut", "RUNNING");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      CommandRun.Running wait = waitThrough(proxy, "cut");
      wait.awaitErr("cut: RUNNING");
      proxy.down(true);
      int before = proxy.accepted();
      proxy.cutAll();
      state("cut", "COMPLETED");
      proxy.awaitAccepted(before + 1); // the wait tried again and was turned away
      assertFalse(wait.code().isDone(), wait.err());
      proxy.down(false);
      endsOnTheChange(wait);
    }
  }

  @Test
  void goneAfterReconnectListsAfreshAndMissesNothing() throws Exception {
    spark("gone", "RUNNING");
    spark("noise", "RUNNING");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      CommandRun.Running wait = waitThrough(proxy, "gone", "--timeout=60s");
      wait.awaitErr("gone: RUNNING");
      proxy.refuse(true);
      proxy.cutAll();
      state("gone", "COMPLETED");
      for (int i = 0; i < 40; i++) state("noise", "RUNNING-" + i); // push the old version out of the watch cache
      proxy.refuse(false);
      endsOnTheChange(wait);
    }
  }

  @Test
  void anUnreachableServerAtStartIsRetriedUntilItAnswers() throws Exception {
    spark("late-server", "COMPLETED");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      proxy.down(true);
      CommandRun.Running wait = waitThrough(proxy, "late-server");
      proxy.awaitAccepted(3); // turned away three times, retried with backoff meanwhile
      assertFalse(wait.code().isDone(), "gave up while the server was unreachable:\n" + wait.err());
      proxy.down(false);
      CommandRun r = wait.await();
      assertEquals(0, r.code(), r.toString());
    }
  }

  /**
   * For a minute every open connection is cut every 3 s (the watch, and whatever list or watch was under way; each
   * cut once the wait has connected again since the last), and then the state changes while the cuts go on: the wait
   * reconnects each time and ends on the change. How long after the change it ended is printed (the issue asks within
   * 1 s); no assertion depends on it.
   */
  @Test
  void aWatchCutEveryThreeSecondsForAMinuteStillEndsOnTheChange() throws Exception {
    spark("flaky", "RUNNING");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      CommandRun.Running wait = waitThrough(proxy, "flaky");
      wait.awaitErr("flaky: RUNNING");
      long[] ended = new long[1];
      wait.code().thenRun(() -> ended[0] = System.nanoTime());
      int cuts = 0;
      for (; cuts < 20; cuts++) {
        Thread.sleep(3000); // the scenario's pace, not a bound on the tool
        proxy.awaitAccepted(cuts + 1); // connected again since the last cut: this one cuts a live watch
        proxy.cutAll();
        assertFalse(wait.code().isDone(), "ended while RUNNING after " + cuts + " cuts:\n" + wait.err());
      }
      long changed = System.nanoTime();
      state("flaky", "COMPLETED");
      while (cuts < 40) { // the cuts go on after the change
        try {
          wait.code().get(3, java.util.concurrent.TimeUnit.SECONDS);
          break;
        } catch (java.util.concurrent.TimeoutException stillWaiting) {
          proxy.cutAll();
          cuts++;
        }
      }
      endsOnTheChange(wait);
      System.err.printf("faults: the wait ended %d ms after the change, %d cuts, %d connections%n",
          (ended[0] - changed) / 1_000_000, cuts, proxy.accepted());
    }
  }

  /**
   * The network stops carrying anything for 60 s (every connection open, nothing passing) while the state changes:
   * for 30 s the watch is stalled; then its connection is cut, and for 30 s more the lists made again stall (their
   * connections, TLS handshakes and answers; each ends after the connect or request timeout and is tried again). The
   * wait neither gives up nor ends early; once the network carries again it ends on the change.
   */
  @Test
  void aSixtySecondStallHoldsTheWaitWhichThenEndsOnTheChange() throws Exception {
    spark("stalled", "RUNNING");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      CommandRun.Running wait = waitThrough(proxy, "stalled");
      wait.awaitErr("stalled: RUNNING");
      proxy.stall(true);
      state("stalled", "COMPLETED");
      Thread.sleep(30_000); // the scenario's length
      int before = proxy.accepted();
      proxy.cutAll();
      proxy.awaitAccepted(before + 1); // listing again, into the stall
      Thread.sleep(30_000);
      assertFalse(wait.code().isDone(), "ended during the stall:\n" + wait.err());
      long resumed = System.nanoTime();
      proxy.stall(false);
      endsOnTheChange(wait);
      System.err.printf("faults: after a 60 s stall the wait ended %d ms after the network carried again (%d "
          + "connections)%n", (System.nanoTime() - resumed) / 1_000_000, proxy.accepted());
    }
  }

  /** A stall from the first request on, with --timeout: the wait ends at its timeout, exit 4, and does not hang. */
  @Test
  void aStallLongerThanTheTimeoutEndsTheWaitAtItsTimeout() throws Exception {
    spark("stalled-early", "RUNNING");
    try (FaultProxy proxy = FaultProxy.inFrontOf(kubeconfigYaml)) {
      proxy.stall(true);
      CommandRun.Running wait = waitThrough(proxy, "stalled-early", "--timeout=2s");
      CommandRun r = wait.await();
      assertEquals(4, r.code(), r.toString());
      assertTrue(r.err().contains("timed out"), r.err());
      proxy.stall(false);
    }
  }
}
