package kubesteps.core.wait;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kubesteps.core.status.Trees;

/**
 * {@code --logs}: the logs of the pods the waited objects run, streamed to stderr while the wait goes on, each line
 * prefixed with {@code [POD/CONTAINER]}. Which pods: a SparkApplication's driver once {@code status.driverInfo.podName}
 * names it, a Job's pods (label {@code controller-uid}), and for other kinds the pods the object owns
 * ({@code ownerReferences}); looked for again at each change of the object, so new pods (a retry, the next attempt)
 * are followed as they appear. Each container is followed from its start; when its stream ends while the pod still
 * runs (a restart), it is followed again from then. RBAC without {@code pods/log} (or pods list) is one note, not an
 * error; the wait goes on.
 */
final class PodLogs implements AutoCloseable {
  private final KubernetesClient client;
  private final PrintWriter err;
  private final WaitProgress progress;
  /** namespace/pod/container being followed. */
  private final Set<String> followed = ConcurrentHashMap.newKeySet();
  private final List<LogWatch> watches = new ArrayList<>();
  private final List<Thread> followers = new ArrayList<>();
  /** The waited objects as last seen, by namespace/name: looked at again every few seconds for pods that started. */
  private final Map<String, Map<String, Object>> current = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile boolean forbidden;

  PodLogs(KubernetesClient client, PrintWriter err, WaitProgress progress) {
    this.client = client;
    this.err = err;
    this.progress = progress;
    // a pod that starts running changes its Job's status on no Kubernetes before 1.23: look again, every 3 s
    Thread rescan = new Thread(() -> {
      while (!closed && !forbidden) {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          return;
        }
        try {
          current.values().forEach(this::followPodsOf);
        } catch (RuntimeException e) {
          if (closed) return; // the client closed under it at the end of the wait
        }
      }
    }, "logs-rescan");
    rescan.setDaemon(true);
    rescan.start();
  }

  /** An object of the wait as it is now: follow the pods it runs that are not followed yet. */
  void seen(Map<String, Object> obj) {
    if (closed || forbidden || obj == null) return;
    String ns = Trees.string(obj, "metadata", "namespace");
    if (ns != null) current.put(ns + "/" + Trees.string(obj, "metadata", "name"), obj);
    followPodsOf(obj);
  }

  private void followPodsOf(Map<String, Object> obj) {
    if (closed || forbidden) return;
    String ns = Trees.string(obj, "metadata", "namespace");
    if (ns == null) return;
    try {
      for (Pod p : pods(obj, ns)) follow(p);
    } catch (KubernetesClientException e) {
      denied(e);
    }
  }

  private List<Pod> pods(Map<String, Object> obj, String ns) {
    String groupKind = Trees.groupKind(obj);
    String uid = Trees.string(obj, "metadata", "uid");
    if ("sparkoperator.k8s.io/SparkApplication".equals(groupKind)) {
      String driver = Trees.string(obj, "status", "driverInfo", "podName");
      if (driver == null || driver.isEmpty()) return List.of();
      Pod p = client.pods().inNamespace(ns).withName(driver).get();
      return p == null ? List.of() : List.of(p);
    }
    if (uid == null) return List.of();
    if ("batch/Job".equals(groupKind)) {
      return client.pods().inNamespace(ns).withLabel("controller-uid", uid).list().getItems();
    }
    return client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> uid.equals(r.getUid())))
        .toList();
  }

  private void follow(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    if (phase == null || "Pending".equals(phase) || "Unknown".equals(phase)) return; // no log yet: next change
    for (var c : p.getSpec().getContainers()) {
      String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName() + "/" + c.getName();
      if (!followed.add(key)) continue;
      String prefix = "[" + p.getMetadata().getName()
          + (p.getSpec().getContainers().size() > 1 ? "/" + c.getName() : "") + "] ";
      Thread t = new Thread(() -> stream(p.getMetadata().getNamespace(), p.getMetadata().getName(), c.getName(),
          prefix, null), "logs-" + p.getMetadata().getName());
      t.setDaemon(true);
      synchronized (followers) {
        followers.add(t);
      }
      t.start();
    }
  }

  /** Follows one container's log until it ends; again from then while the pod still runs (a restart). */
  private void stream(String ns, String pod, String container, String prefix, String since) {
    while (!closed) {
      var resource = client.pods().inNamespace(ns).withName(pod).inContainer(container);
      LogWatch watch;
      try {
        watch = since == null ? resource.watchLog() : resource.sinceTime(since).watchLog();
      } catch (KubernetesClientException e) {
        denied(e);
        return;
      }
      synchronized (watches) {
        if (closed) {
          watch.close();
          return;
        }
        watches.add(watch);
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (err) {
            err.println(prefix + line);
            err.flush();
          }
        }
      } catch (IOException | RuntimeException e) {
        if (closed) return;
      } finally {
        watch.close();
      }
      since = Instant.now().toString();
      Pod now;
      try {
        now = client.pods().inNamespace(ns).withName(pod).get();
      } catch (KubernetesClientException e) {
        return;
      }
      String phase = now == null || now.getStatus() == null ? null : now.getStatus().getPhase();
      if (!"Running".equals(phase)) return;
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void denied(KubernetesClientException e) {
    if (e.getCode() == 403) {
      forbidden = true;
      progress.note("--logs: reading pods or their logs is not allowed (" + TargetWaiter.firstLine(e)
          + "): no logs streamed; the wait goes on");
    }
  }

  /**
   * Ends the streaming: first up to 2 s for the streams of finished containers to drain (their last lines are what a
   * person reads first), then the rest are closed.
   */
  @Override
  public void close() {
    long end = System.nanoTime() + 2_000_000_000L;
    List<Thread> all;
    synchronized (followers) {
      all = new ArrayList<>(followers);
    }
    for (Thread t : all) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) break;
      try {
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closed = true;
    synchronized (watches) {
      watches.forEach(LogWatch::close);
    }
  }
}
