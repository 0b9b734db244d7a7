package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.HttpProxy;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import kubesteps.core.testing.RestartableApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A wait survives the API server: killed and started again on the same etcd (a control plane restart), and the
 * answers that say its watch is gone (410 in each form the server gives it, made up by a proxy at a moment the test
 * picks). Each time the wait ends 0 soon after the change: measured from the change to the command's end, under
 * {@link #SOON} (the bound; the tool's own retries are at most a second apart while the server is away).
 */
@RequiresApiServerBinaries
class WaitRestartIT {
  static final Duration SOON = Duration.ofSeconds(2);
  static final String NS = "restart";

  static RestartableApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void setUp() {
    server = new RestartableApiServer("1.20.2", List.of());
    client = Fixtures.client(server.directKubeconfig());
    Fixtures.createNamespace(client, NS);
  }

  @AfterAll
  static void tearDown() {
    if (client != null) client.close();
    if (server != null) server.close();
  }

  static void configMap(KubernetesClient c, String name, String k) {
    c.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
        .withData(Map.of("k", k)).build()).serverSideApply();
  }

  static CommandRun.Running waitFor(String kubeconfig, String name) {
    return CommandRun.start(new WaitCommand(), "--kubeconfig=" + kubeconfig, "-n", NS, "cm/" + name,
        "--for=jsonpath={.data.k}=yes", "--timeout=120s");
  }

  /** The command's result, and how long after {@code changedAt} (System.nanoTime) it ended. */
  static Duration endedAfter(CommandRun.Running wait, long changedAt) throws Exception {
    wait.code().get(120, java.util.concurrent.TimeUnit.SECONDS);
    return Duration.ofNanos(System.nanoTime() - changedAt);
  }

  @Test
  void aWaitOutlivesAnApiServerRestartAndEndsSoonAfterTheChange() throws Exception {
    configMap(client, "x", "no");
    CommandRun.Running wait = waitFor(Kubeconfigs.write(server.kubeconfig()).toString(), "x");
    wait.awaitErr("configmap/x: ");
    server.kill();
    server.proxy().cutAll();
    server.start();
    try (KubernetesClient after = Fixtures.client(server.directKubeconfig())) {
      // others write meanwhile, as in a real cluster: the wait's resourceVersion is behind the new server's cache
      for (int i = 0; i < 5; i++) configMap(after, "noise", "n" + i);
      long changedAt = System.nanoTime();
      configMap(after, "x", "yes");
      Duration took = endedAfter(wait, changedAt);
      CommandRun r = wait.await();
      assertEquals(0, r.code(), r.toString());
      assertEquals("configmap/x condition met\n", r.out(), r.toString());
      assertTrue(took.compareTo(SOON) < 0, "ended " + took.toMillis() + " ms after the change\n" + r);
      System.out.println("restart: the wait ended " + took.toMillis() + " ms after the change");
    } finally {
      client.close();
      client = Fixtures.client(server.directKubeconfig());
    }
  }

  @Test
  void anHttp410AnswerToTheWatchListsAgainAndSeesTheChangeMadeMeanwhile() throws Exception {
    goneWhileWatching("gone-http", HttpProxy.status(410, "Expired", "too old resource version: 1 (2)", null));
  }

  @Test
  void a410EventInTheWatchListsAgainAndSeesTheChangeMadeMeanwhile() throws Exception {
    // the form after a restart: the watch is accepted, its one event an ERROR whose object is a Status 410
    goneWhileWatching("gone-event", HttpProxy.watchError(410, "Expired", "too old resource version: 1 (2)"));
  }

  /**
   * --delete-on's DELETE reaches the server, which deletes; its answer is lost (the proxy closes the connection). The
   * wait sends it again, is answered 404, and takes that for done: deleted once, said once.
   */
  @Test
  void aDeleteWhoseAnswerIsLostIsSentAgainAndItsNotFoundIsDone() throws Exception {
    configMap(client, "doomed", "bad");
    try (HttpProxy proxy = new HttpProxy(client)) {
      java.util.concurrent.atomic.AtomicInteger deletes = new java.util.concurrent.atomic.AtomicInteger();
      proxy.rule(r -> r.method().equals("DELETE") && deletes.getAndIncrement() == 0 ? HttpProxy.FORWARD_THEN_DROP
          : HttpProxy.FORWARD);
      CommandRun r = CommandRun.run(new WaitCommand(), "--kubeconfig=" + proxy.kubeconfig(NS), "cm/doomed",
          "--for=jsonpath={.data.k}=yes", "--fail-on=jsonpath={.data.k}=bad", "--delete-on=failure", "--timeout=60s");
      assertEquals(1, r.code(), r.toString());
      assertTrue(r.err().contains("deleted configmap/doomed (--delete-on)"), r.toString());
      assertEquals(2, deletes.get(), "sent again after the lost answer: " + proxy.seen());
      assertEquals(null, client.configMaps().inNamespace(NS).withName("doomed").get());
    }
  }

  /**
   * The proxy holds the wait's watch; the object changes; the watch is then answered with {@code gone}. The change
   * is seen only if the wait lists again: its watch, from the old version, would never show it.
   */
  private void goneWhileWatching(String name, HttpProxy.Answer gone) throws Exception {
    configMap(client, name, "no");
    try (HttpProxy proxy = new HttpProxy(client)) {
      proxy.rule(r -> r.isWatch() ? HttpProxy.HOLD : HttpProxy.FORWARD);
      CommandRun.Running wait = waitFor(proxy.kubeconfig(NS).toString(), name);
      HttpProxy.Held watch = proxy.awaitHeld(HttpProxy.Request::isWatch);
      configMap(client, name, "yes");
      long changedAt = System.nanoTime();
      watch.release(gone);
      Duration took = endedAfter(wait, changedAt);
      CommandRun r = wait.await();
      assertEquals(0, r.code(), r.toString());
      assertEquals("configmap/" + name + " condition met\n", r.out(), r.toString());
      assertTrue(took.compareTo(SOON) < 0, "ended " + took.toMillis() + " ms after the 410\n" + r);
      List<String> requests = proxy.seen().stream().filter(q -> q.path().contains("/configmaps"))
          .map(q -> q.isWatch() ? "watch" : "list").toList();
      assertEquals(List.of("list", "watch", "list"), requests, "listed again after the 410");
      System.out.println(name + ": the wait ended " + took.toMillis() + " ms after the 410");
    }
  }
}
