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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kubesteps.core.retry.Retries;
import kubesteps.core.status.Trees;

/**
 * {@code --logs}: the logs of the pods the waited objects run, streamed to stderr while the wait goes on, each line
 * prefixed with {@code [POD/CONTAINER]}. Which pods: a SparkApplication's driver once {@code status.driverInfo.podName}
 * names it, a Job's pods (label {@code controller-uid}), and for other kinds the pods the object owns
 * ({@code ownerReferences}); looked for again at each change of the object, so new pods (a retry, the next attempt)
 * are followed as they appear. Each container is followed from its start; when its stream ends while the pod still
 * runs (a restart), or breaks (the API server restarting or away), it is followed again from its last line. RBAC
 * without {@code pods/log} (or pods list) is one note, not an error; the wait goes on.
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
          prefix), "logs-" + p.getMetadata().getName());
      t.setDaemon(true);
      synchronized (followers) {
        followers.add(t);
      }
      t.start();
    }
  }

  /**
   * Follows one container's log until it ends; again while the pod still runs (a restart), and again whenever the
   * stream breaks (the API server restarting, a cut connection, the server away: the pod is read again, retried
   * until it answers). Lines come with the kubelet's timestamps ({@code timestamps=true}); each follow after the first
   * asks from the last printed line's second and leaves out what is not later than that line, so no line is printed
   * twice and none is lost (lines the kubelet stamps with the very same nanosecond as the last one printed before a
   * break would be: it stamps each line as it reads it).
   */
  private void stream(String ns, String pod, String container, String prefix) {
    Instant last = null;
    int breaks = 0;
    while (!closed) {
      var logs = client.pods().inNamespace(ns).withName(pod).inContainer(container).usingTimestamps();
      LogWatch watch;
      try {
        watch = last == null ? logs.watchLog()
            : logs.sinceTime(last.truncatedTo(ChronoUnit.SECONDS).toString()).watchLog();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) denied(e);
        if (closed || !Retries.isTransient(e)) return;
        pause(breaks++);
        continue;
      }
      synchronized (watches) {
        if (closed) {
          watch.close();
          return;
        }
        watches.add(watch);
      }
      boolean broken = false;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          int space = line.indexOf(' ');
          Instant stamp = space > 0 ? timestamp(line.substring(0, space)) : null;
          if (stamp != null) {
            if (last != null && !stamp.isAfter(last)) continue; // printed before the stream broke
            last = stamp;
            line = line.substring(space + 1);
          }
          synchronized (err) {
            err.println(prefix + line);
            err.flush();
          }
        }
      } catch (IOException | RuntimeException e) {
        if (closed) return;
        broken = true;
      } finally {
        watch.close();
        synchronized (watches) {
          watches.remove(watch);
        }
      }
      Pod now = podNow(ns, pod);
      if (now == null) return; // gone, not allowed, or the wait is over
      if (broken) {
        pause(breaks++);
        continue; // the stream broke, not the container: follow again from the last line
      }
      breaks = 0;
      String phase = now.getStatus() == null ? null : now.getStatus().getPhase();
      if (!"Running".equals(phase)) return; // the container ended: its log is whole
      pause(5); // a restarted container: its log again in a second
    }
  }

  /** The kubelet's timestamp at the start of a line (RFC 3339 with nanoseconds), or null where there is none. */
  static Instant timestamp(String text) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The pod as it is now, asked again while the server cannot be reached; null when gone, not allowed, or closed. */
  private Pod podNow(String ns, String pod) {
    for (int tries = 0; !closed; tries++) {
      try {
        return client.pods().inNamespace(ns).withName(pod).get();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) denied(e);
        if (!Retries.isTransient(e)) return null;
        pause(tries);
      }
    }
    return null;
  }

  /** 50 ms doubling to a second, the n-th time; returns early when the streaming closes. */
  private void pause(int n) {
    long millis = Math.min(1000, 50L << Math.min(n, 5));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
