package kubesteps.wait;

import io.fabric8.kubernetes.api.model.Event;
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
 * recent Events, and for a SparkApplication the Events and log tail of its driver pod. What RBAC does not allow is
 * skipped with one note, never an error.
 */
final class Diagnostics {
  static final int EVENTS = 10;
  static final int LOG_LINES = 20;

  private final KubernetesClient client;
  private final PrintWriter err;

  Diagnostics(KubernetesClient client, PrintWriter err) {
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
          .sorted(Comparator.comparing(Diagnostics::when)).toList();
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
    try {
      String log = client.pods().inNamespace(namespace).withName(pod).tailingLines(LOG_LINES).getLog();
      err.println("  driver pod " + pod + " log (last " + LOG_LINES + " lines):");
      if (log == null || log.isBlank()) err.println("    (empty)");
      else log.lines().forEach(l -> err.println("    " + l));
    } catch (KubernetesClientException e) {
      err.println("  driver pod " + pod + " log: skipped (" + reason(e) + ")");
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
