package kubesteps.core.wait;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.status.Trees;

/**
 * What a person needs on failure or timeout, on stderr: the object's status (conditions, state, messages), its most
 * recent Events, for a Job its failed pods (why, and their log tail), and for a SparkApplication the Events and log
 * tail of its driver pod. What RBAC does not allow is
 * skipped with one note, never an error.
 */
final class FailureDiagnostics {
  static final int EVENTS = 10;
  static final int LOG_LINES = 20;

  private final KubernetesClient client;
  private final PrintWriter err;

  FailureDiagnostics(KubernetesClient client, PrintWriter err) {
    this.client = client;
    this.err = err;
  }

  void print(String who, Map<String, Object> obj) {
    err.println("--- " + who);
    if (obj == null) {
      err.println("  (the object does not exist)");
      err.flush();
      return;
    }
    Object status = obj.get("status");
    err.println("  status: " + (status == null ? "(none)" : ObjectMaps.serialization().asJson(status)));
    String namespace = Trees.string(obj, "metadata", "namespace");
    String uid = Trees.string(obj, "metadata", "uid");
    if (uid != null) events("events", namespace, uid, null);
    if ("batch/Job".equals(Trees.groupKind(obj)) && uid != null && namespace != null) jobPods(namespace, uid);
    if ("sparkoperator.k8s.io/SparkApplication".equals(Trees.groupKind(obj))) {
      String driver = Trees.string(obj, "status", "driverInfo", "podName");
      if (driver != null && namespace != null) {
        events("driver pod " + driver + " events", namespace, null, driver);
        driverLog(namespace, driver);
      }
    }
    err.flush();
  }

  private void events(String title, String namespace, String uid, String podName) {
    try {
      var op = namespace == null ? client.v1().events().inAnyNamespace() : client.v1().events().inNamespace(namespace);
      var selected = uid != null ? op.withField("involvedObject.uid", uid)
          : op.withField("involvedObject.name", podName).withField("involvedObject.kind", "Pod");
      List<Event> events = selected.list().getItems().stream()
          .sorted(Comparator.comparing(FailureDiagnostics::when)).toList();
      if (events.isEmpty()) {
        err.println("  " + title + ": none");
        return;
      }
      err.println("  " + title + ":");
      for (Event e : events.subList(Math.max(0, events.size() - EVENTS), events.size())) {
        err.println("    " + when(e) + "  " + e.getType() + "  " + e.getReason() + "  " + oneLine(e.getMessage()));
      }
    } catch (KubernetesClientException e) {
      err.println("  " + title + ": skipped (" + reason(e) + ")");
    }
  }

  private void driverLog(String namespace, String pod) {
    podLog("driver pod " + pod, namespace, pod);
  }

  /** A Job's failed pods (its pods carry the label controller-uid): why each failed, and the tail of its log. */
  private void jobPods(String namespace, String jobUid) {
    List<Pod> failed;
    try {
      failed = client.pods().inNamespace(namespace).withLabel("controller-uid", jobUid).list().getItems().stream()
          .filter(p -> "Failed".equals(p.getStatus() == null ? null : p.getStatus().getPhase())).toList();
    } catch (KubernetesClientException e) {
      err.println("  failed pods: skipped (" + reason(e) + ")");
      return;
    }
    if (failed.isEmpty()) {
      err.println("  failed pods: none");
      return;
    }
    for (Pod p : failed.subList(Math.max(0, failed.size() - 3), failed.size())) {
      String name = p.getMetadata().getName();
      err.println("  failed pod " + name + ": " + terminated(p));
      podLog("failed pod " + name, namespace, name);
    }
  }

  private static String terminated(Pod p) {
    if (p.getStatus().getContainerStatuses() != null) {
      for (var c : p.getStatus().getContainerStatuses()) {
        var t = c.getState() == null ? null : c.getState().getTerminated();
        if (t != null && t.getExitCode() != null && t.getExitCode() != 0) {
          return "container " + c.getName() + " exited " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")");
        }
      }
    }
    String reason = p.getStatus().getReason();
    String message = p.getStatus().getMessage();
    return reason == null && message == null ? "Failed" : (reason == null ? "" : reason + ": ") + (message == null ? "" : message);
  }

  private void podLog(String title, String namespace, String pod) {
    try {
      String log = client.pods().inNamespace(namespace).withName(pod).tailingLines(LOG_LINES).getLog();
      err.println("  " + title + " log (last " + LOG_LINES + " lines):");
      if (log == null || log.isBlank()) err.println("    (empty)");
      else log.lines().forEach(l -> err.println("    " + l));
    } catch (KubernetesClientException e) {
      err.println("  " + title + " log: skipped (" + reason(e) + ")");
    }
  }

  private static String when(Event e) {
    if (e.getLastTimestamp() != null) return e.getLastTimestamp();
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) return e.getEventTime().getTime();
    return e.getMetadata().getCreationTimestamp() == null ? "" : e.getMetadata().getCreationTimestamp();
  }

  private static String reason(KubernetesClientException e) {
    if (e.getCode() == 403) return "not allowed: " + (e.getStatus() == null ? "forbidden" : oneLine(e.getStatus().getMessage()));
    if (e.getCode() == 404) return "not found";
    return oneLine(e.getMessage());
  }

  private static String oneLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The end state of the wait as one JSON document for --output-result. */
  static Map<String, Object> result(String state, String reason, String message, double elapsedSeconds,
      Object object) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("state", state);
    r.put("reason", reason);
    r.put("message", message);
    r.put("elapsedSeconds", elapsedSeconds);
    r.put("object", object);
    return r;
  }
}
