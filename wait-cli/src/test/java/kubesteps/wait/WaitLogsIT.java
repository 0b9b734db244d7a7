package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.HttpProxy;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * --logs when the API server goes away under a log stream. A test API server has no nodes, so no kubelet serves
 * logs: the proxy in front of the real server stands in for the kubelet's part only (it answers {@code GET
 * .../pods/NAME/log} as the kubelet would, with {@code timestamps=true}'s stamps); the Job, its pod and their status
 * are real objects on the real server, and the wait's lists and watch go to it.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class WaitLogsIT {
  static final String NS = "logs";

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    Fixtures.createNamespace(client, NS);
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  /** A Job and one running pod of it (as the Job controller would label it). */
  static Job runningJob(String name) {
    Job job = client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName(name)
        .endMetadata().withNewSpec().withManualSelector(true).withNewSelector().addToMatchLabels("job-name", name)
        .endSelector().withNewTemplate().withNewMetadata().addToLabels("job-name", name).endMetadata().withNewSpec()
        .withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();
    Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name + "-pod")
        .withLabels(Map.of("controller-uid", job.getMetadata().getUid(), "job-name", name)).endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox")
        .endContainer().endSpec().build()).create();
    pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
        .withContainerStatuses(new ContainerStatusBuilder().withName("main").withImage("busybox").withReady(true)
            .withRestartCount(0).withNewState().withNewRunning().withStartedAt("2026-12-06T10:00:00Z").endRunning()
            .endState().build())
        .build());
    client.pods().inNamespace(NS).resource(pod).updateStatus();
    return job;
  }

  static void complete(String name) {
    Job job = client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder().withSucceeded(1)
        .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
    client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
  }

  /**
   * The first log stream breaks after two lines (its connection closed mid-answer, as when the API server restarts);
   * the pod read that follows is answered 503 (the server still away) and is asked again; the log is then asked from
   * the last line's second and its answer repeats a line already printed before a new one. Each line is printed
   * once, in order, and the wait ends on the Job's completion.
   */
  @Test
  void aBrokenLogStreamIsFollowedAgainFromItsLastLineAndNoLineIsPrintedTwice() throws Exception {
    runningJob("resumed");
    AtomicBoolean away = new AtomicBoolean(false);
    try (HttpProxy proxy = new HttpProxy(client)) {
      proxy.rule(r -> {
        if (r.isLog()) return HttpProxy.HOLD;
        if (r.method().equals("GET") && r.path().startsWith("/api/v1/namespaces/logs/pods/resumed-pod")
            && away.compareAndSet(true, false)) {
          return HttpProxy.status(503, "ServiceUnavailable", "the server is restarting", null);
        }
        return HttpProxy.FORWARD;
      });
      CommandRun.Running wait = CommandRun.start(new WaitCommand(), "--kubeconfig=" + proxy.kubeconfig(NS),
          "job/resumed", "--logs");
      HttpProxy.Held first = proxy.awaitHeld(HttpProxy.Request::isLog);
      assertEquals("true", first.request().query("timestamps"), first.request().toString());
      assertEquals("true", first.request().query("follow"), first.request().toString());
      assertNull(first.request().query("sinceTime"), first.request().toString());
      away.set(true);
      first.release(new HttpProxy.Cut("2026-12-06T10:00:01.100000000Z one\n2026-12-06T10:00:02.200000000Z two\n"));

      HttpProxy.Held second = proxy.awaitHeld(HttpProxy.Request::isLog);
      assertEquals("2026-12-06T10:00:02Z", second.request().query("sinceTime"), second.request().toString());
      assertTrue(proxy.seen().stream().anyMatch(q -> q.path().equals("/api/v1/namespaces/logs/pods/resumed-pod"))
          && !away.get(), "the pod was read again after the 503: " + proxy.seen());
      second.release(new HttpProxy.Answer(200, Map.of("Content-Type", "text/plain"),
          "2026-12-06T10:00:02.200000000Z two\n2026-12-06T10:00:03.300000000Z three\n"));
      wait.awaitErr("[resumed-pod] three");

      complete("resumed");
      CommandRun r = wait.await();
      assertEquals(0, r.code(), r.toString());
      String logged = r.err().lines().filter(l -> l.startsWith("[resumed-pod] ")).reduce("", (a, b) -> a + b + "\n");
      assertEquals("[resumed-pod] one\n[resumed-pod] two\n[resumed-pod] three\n", logged, r.toString());
    }
  }
}
