package kubesteps.core.status;

import static kubesteps.core.status.Trees.at;
import static kubesteps.core.status.Trees.condition;
import static kubesteps.core.status.Trees.conditionIs;
import static kubesteps.core.status.Trees.conditionText;
import static kubesteps.core.status.Trees.number;
import static kubesteps.core.status.Trees.numberOr;
import static kubesteps.core.status.Trees.string;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What "done" and "failed" mean for common kinds when k8s-wait is given no {@code --for}: the one table, keyed by
 * {@code group/Kind} ({@code Kind} for the core group), as kstatus keys its own. Each rule reads the object as it is
 * (no I/O); stale status (observedGeneration behind generation) is handled before the rules by
 * {@link StatusRules#evaluate}. To add a kind: one line in {@link #TABLE} and a function here, one test row.
 */
public final class KindRules {
  /** Kubeflow training operator kinds: Succeeded / Failed conditions. */
  private static final Set<String> TRAINING_JOBS =
      Set.of("TFJob", "PyTorchJob", "MPIJob", "XGBoostJob", "PaddleJob", "JAXJob", "MXJob");

  static final Map<String, Function<Map<String, Object>, Outcome>> TABLE = new LinkedHashMap<>();

  static {
    TABLE.put("batch/Job", KindRules::job);
    TABLE.put("Pod", KindRules::pod);
    TABLE.put("apps/Deployment", KindRules::deployment);
    TABLE.put("apps/StatefulSet", KindRules::statefulSet);
    TABLE.put("apps/DaemonSet", KindRules::daemonSet);
    TABLE.put("apps/ReplicaSet", KindRules::replicaSet);
    TABLE.put("Service", KindRules::service);
    TABLE.put("PersistentVolumeClaim", KindRules::pvc);
    TABLE.put("apiextensions.k8s.io/CustomResourceDefinition", KindRules::crd);
    TABLE.put("sparkoperator.k8s.io/SparkApplication", KindRules::sparkApplication);
    TABLE.put("argoproj.io/Workflow", KindRules::argoWorkflow);
    for (String k : TRAINING_JOBS) TABLE.put("kubeflow.org/" + k, KindRules::trainingJob);
    TABLE.put("trainer.kubeflow.org/TrainJob", KindRules::trainingJob);
  }

  private KindRules() {}

  /** The rule for this object's kind, or the generic Ready-condition rule. */
  public static Outcome evaluate(Map<String, Object> obj) {
    return TABLE.getOrDefault(Trees.groupKind(obj), KindRules::generic).apply(obj);
  }

  /** Whether this object's kind has a rule here (else the generic rule would judge it). */
  public static boolean has(Map<String, Object> obj) {
    return TABLE.containsKey(Trees.groupKind(obj));
  }

  /** The kinds with a rule of their own ({@code group/Kind}), for docs and tests. */
  public static Set<String> kinds() {
    return TABLE.keySet();
  }

  static Outcome job(Map<String, Object> o) {
    var failed = condition(o, "Failed").filter(c -> "True".equalsIgnoreCase(String.valueOf(c.get("status"))));
    if (failed.isPresent()) return Outcome.failed("Failed", "job failed: " + conditionText(failed.get()));
    var complete = condition(o, "Complete").filter(c -> "True".equalsIgnoreCase(String.valueOf(c.get("status"))));
    if (complete.isPresent()) return Outcome.succeeded("Complete", "job completed");
    return Outcome.inProgress("active " + numberOr(o, 0, "status", "active") + ", succeeded "
        + numberOr(o, 0, "status", "succeeded") + ", failed " + numberOr(o, 0, "status", "failed"));
  }

  /** A pod that runs to completion must succeed; a long-running one (restartPolicy Always) must be Ready. */
  static Outcome pod(Map<String, Object> o) {
    String phase = string(o, "status", "phase");
    if ("Failed".equals(phase)) {
      String why = string(o, "status", "message");
      String reason = string(o, "status", "reason");
      return Outcome.failed("Failed", "pod failed" + (reason != null ? ": " + reason : "") + (why != null ? ": " + why : ""));
    }
    if ("Succeeded".equals(phase)) return Outcome.succeeded("Succeeded", "pod succeeded");
    Outcome cannotStart = cannotStart(o);
    if (cannotStart != null) return cannotStart;
    String restart = string(o, "spec", "restartPolicy");
    boolean longRunning = restart == null || "Always".equals(restart);
    if (longRunning && "Running".equals(phase) && conditionIs(o, "Ready", "True")) {
      return Outcome.succeeded("Running, Ready", "pod is ready");
    }
    return Outcome.inProgress(phase == null ? "Pending" : phase + (conditionIs(o, "Ready", "True") ? ", Ready" : ""));
  }

  /**
   * Waiting reasons that mean a container will not start without a change to the pod, its image or its config:
   * a crash loop (the kubelet keeps restarting a failing container), an image that cannot be pulled after retries or
   * is not a valid name, a config the kubelet cannot build (a missing ConfigMap, Secret or key). A pipeline gains
   * nothing by waiting out its timeout on them, so they fail the wait, naming the container and the kubelet's
   * message. ErrImagePull (the first failed pull, retried) and ContainerCreating stay in progress.
   */
  static final java.util.Set<String> CANNOT_START = java.util.Set.of("CrashLoopBackOff", "ImagePullBackOff",
      "InvalidImageName", "CreateContainerConfigError", "CreateContainerError");

  static Outcome cannotStart(Map<String, Object> o) {
    for (String list : new String[] {"initContainerStatuses", "containerStatuses"}) {
      if (!(at(o, "status", list) instanceof java.util.List<?> statuses)) continue;
      for (Object cs : statuses) {
        String reason = string(cs, "state", "waiting", "reason");
        if (reason != null && CANNOT_START.contains(reason)) {
          String message = string(cs, "state", "waiting", "message");
          return Outcome.failed(reason, "container " + string(cs, "name") + " cannot start: " + reason
              + (message == null || message.isEmpty() ? "" : ": " + message));
        }
      }
    }
    return null;
  }

  /** As kubectl rollout status: the new replica set is fully rolled out and available. */
  static Outcome deployment(Map<String, Object> o) {
    var progressing = condition(o, "Progressing");
    if (progressing.isPresent() && "ProgressDeadlineExceeded".equals(progressing.get().get("reason"))) {
      return Outcome.failed("ProgressDeadlineExceeded", "deployment exceeded its progress deadline: "
          + conditionText(progressing.get()));
    }
    long want = numberOr(o, 1, "spec", "replicas");
    long updated = numberOr(o, 0, "status", "updatedReplicas");
    long total = numberOr(o, 0, "status", "replicas");
    long available = numberOr(o, 0, "status", "availableReplicas");
    String seen = updated + "/" + want + " updated, " + available + " available";
    if (updated < want) return Outcome.inProgress(seen);
    if (total > updated) return Outcome.inProgress(seen + ", " + (total - updated) + " old pending termination");
    if (available < updated) return Outcome.inProgress(seen);
    return Outcome.succeeded(seen, "deployment successfully rolled out");
  }

  static Outcome statefulSet(Map<String, Object> o) {
    long want = numberOr(o, 1, "spec", "replicas");
    long ready = numberOr(o, 0, "status", "readyReplicas");
    long updated = numberOr(o, 0, "status", "updatedReplicas");
    String seen = ready + "/" + want + " ready, " + updated + " updated";
    if ("OnDelete".equals(string(o, "spec", "updateStrategy", "type"))) {
      return ready >= want ? Outcome.succeeded(seen, "statefulset has all replicas ready") : Outcome.inProgress(seen);
    }
    Long partition = number(o, "spec", "updateStrategy", "rollingUpdate", "partition");
    if (partition != null && partition > 0) {
      return updated >= want - partition && ready >= want
          ? Outcome.succeeded(seen, "partitioned roll out complete") : Outcome.inProgress(seen);
    }
    String current = string(o, "status", "currentRevision");
    String update = string(o, "status", "updateRevision");
    long total = numberOr(o, want, "status", "replicas");
    if (total > want) return Outcome.inProgress(seen + ", " + (total - want) + " pods pending termination");
    if (ready < want || updated < want || (update != null && !update.equals(current))) return Outcome.inProgress(seen);
    return Outcome.succeeded(seen, "statefulset rolling update complete");
  }

  /**
   * As kubectl rollout status: every scheduled pod updated and available. Just applied (no status yet, or no
   * observedGeneration: the controller has not looked) is in progress, not done. With {@code updateStrategy: OnDelete}
   * pods are replaced only when deleted, so available pods are enough.
   */
  static Outcome daemonSet(Map<String, Object> o) {
    if (number(o, "status", "observedGeneration") == null || number(o, "status", "desiredNumberScheduled") == null) {
      return Outcome.inProgress("waiting for the controller to report (no observedGeneration yet)");
    }
    long desired = numberOr(o, 0, "status", "desiredNumberScheduled");
    long updated = numberOr(o, 0, "status", "updatedNumberScheduled");
    long available = numberOr(o, 0, "status", "numberAvailable");
    String seen = updated + "/" + desired + " updated, " + available + " available";
    if ("OnDelete".equals(string(o, "spec", "updateStrategy", "type"))) {
      return available >= desired ? Outcome.succeeded(seen, "daemon set has all pods available (OnDelete)")
          : Outcome.inProgress(seen);
    }
    if (updated < desired || available < desired) return Outcome.inProgress(seen);
    return Outcome.succeeded(seen, "daemon set successfully rolled out");
  }

  /** Every replica available (and ready); ReplicaFailure=True is reported but retried by the controller. */
  static Outcome replicaSet(Map<String, Object> o) {
    long want = numberOr(o, 1, "spec", "replicas");
    long ready = numberOr(o, 0, "status", "readyReplicas");
    long available = numberOr(o, 0, "status", "availableReplicas");
    String seen = ready + "/" + want + " ready, " + available + " available";
    if (conditionIs(o, "ReplicaFailure", "True")) {
      return Outcome.inProgress(seen + ", ReplicaFailure: " + conditionText(condition(o, "ReplicaFailure").get()));
    }
    if (number(o, "status", "observedGeneration") == null && want > 0) return Outcome.inProgress(seen);
    return ready >= want && available >= want ? Outcome.succeeded(seen, "replica set has all replicas available")
        : Outcome.inProgress(seen);
  }

  /** A Service exists once created, except a LoadBalancer, which is ready when it has an address. */
  static Outcome service(Map<String, Object> o) {
    if (!"LoadBalancer".equals(string(o, "spec", "type"))) return Outcome.succeeded("exists", "service exists");
    if (at(o, "status", "loadBalancer", "ingress") instanceof java.util.List<?> l && !l.isEmpty()) {
      return Outcome.succeeded("LoadBalancer address assigned", "load balancer ready");
    }
    return Outcome.inProgress("waiting for a LoadBalancer address");
  }

  static Outcome pvc(Map<String, Object> o) {
    String phase = string(o, "status", "phase");
    if ("Bound".equals(phase)) return Outcome.succeeded("Bound", "claim is bound");
    if ("Lost".equals(phase)) return Outcome.failed("Lost", "claim lost its volume");
    return Outcome.inProgress(phase == null ? "Pending" : phase);
  }

  static Outcome crd(Map<String, Object> o) {
    if (conditionIs(o, "NamesAccepted", "False")) {
      return Outcome.failed("NamesAccepted=False", "names not accepted: " + conditionText(condition(o, "NamesAccepted").get()));
    }
    if (conditionIs(o, "Established", "True")) return Outcome.succeeded("Established", "established");
    return Outcome.inProgress("not established");
  }

  /**
   * The Spark operator's states: COMPLETED succeeds and FAILED fails. The others, SUBMISSION_FAILED, FAILING,
   * SUCCEEDING and PENDING_RERUN among them, are not final: the operator may retry, so they are progress.
   */
  static Outcome sparkApplication(Map<String, Object> o) {
    String state = string(o, "status", "applicationState", "state");
    if ("COMPLETED".equals(state)) return Outcome.succeeded(state, "spark application completed");
    if ("FAILED".equals(state)) {
      String error = string(o, "status", "applicationState", "errorMessage");
      return Outcome.failed(state, "spark application failed" + (error == null || error.isEmpty() ? "" : ": " + error));
    }
    return Outcome.inProgress(state == null || state.isEmpty() ? "(no state yet)" : state);
  }

  static Outcome argoWorkflow(Map<String, Object> o) {
    String phase = string(o, "status", "phase");
    String message = string(o, "status", "message");
    if ("Succeeded".equals(phase)) return Outcome.succeeded(phase, "workflow succeeded");
    if ("Failed".equals(phase) || "Error".equals(phase)) {
      return Outcome.failed(phase, "workflow " + phase.toLowerCase() + (message == null ? "" : ": " + message));
    }
    return Outcome.inProgress(phase == null || phase.isEmpty() ? "Pending" : phase);
  }

  static Outcome trainingJob(Map<String, Object> o) {
    var failed = condition(o, "Failed").filter(c -> "True".equalsIgnoreCase(String.valueOf(c.get("status"))));
    if (failed.isPresent()) return Outcome.failed("Failed", "job failed: " + conditionText(failed.get()));
    if (conditionIs(o, "Succeeded", "True") || conditionIs(o, "Complete", "True")) {
      return Outcome.succeeded("Succeeded", "job succeeded");
    }
    return Outcome.inProgress(latestTrueCondition(o));
  }

  /** Words in {@code status.phase} or {@code status.state} that mean failed, or not finished, whatever the kind. */
  static final java.util.Set<String> FAILED_WORDS = java.util.Set.of("failed", "failure", "error", "errored",
      "degraded", "crashloopbackoff", "aborted", "cancelled", "canceled");
  static final java.util.Set<String> PROGRESS_WORDS = java.util.Set.of("pending", "running", "progressing",
      "inprogress", "in_progress", "in progress", "creating", "deploying", "starting", "queued", "submitted",
      "reconciling", "initializing", "provisioning", "updating", "scheduling", "unknown", "waiting", "restarting",
      "suspended", "terminating");

  /**
   * Anything else, a guess from what most kinds report (kstatus's conventions, then common fields): Stalled=True
   * fails and Reconciling=True is in progress; a {@code status.phase} or {@code status.state} that says failed fails,
   * one that says not finished is in progress; a Ready (or Synced) condition decides; no conditions and no such
   * field: existing is enough. Never done while a common field says failed or in progress.
   */
  static Outcome generic(Map<String, Object> o) {
    return genericGuess(o).asGuess();
  }

  private static Outcome genericGuess(Map<String, Object> o) {
    if (conditionIs(o, "Stalled", "True")) {
      return Outcome.failed("Stalled", "stalled: " + conditionText(condition(o, "Stalled").get()));
    }
    if (conditionIs(o, "Reconciling", "True")) return Outcome.inProgress("Reconciling");
    for (String field : new String[] {"phase", "state"}) {
      String v = string(o, "status", field);
      if (v == null || v.isEmpty()) continue;
      String word = v.toLowerCase(java.util.Locale.ROOT);
      if (FAILED_WORDS.contains(word)) {
        String why = string(o, "status", "message");
        return Outcome.failed(v, "status." + field + " is " + v + (why == null || why.isEmpty() ? "" : ": " + why));
      }
      if (PROGRESS_WORDS.contains(word)) return Outcome.inProgress(v);
    }
    for (String type : new String[] {"Ready", "Synced"}) {
      if (conditionIs(o, type, "False")) return Outcome.inProgress(type + "=False");
    }
    var ready = condition(o, "Ready");
    if (ready.isPresent()) {
      return conditionIs(o, "Ready", "True") ? Outcome.succeeded("Ready", "ready")
          : Outcome.inProgress("Ready=" + ready.get().get("status"));
    }
    if (Trees.conditions(o).isEmpty() && at(o, "status") == null) {
      return Outcome.succeeded("exists", "exists (its kind reports no status; use --for to wait for more)");
    }
    if (Trees.conditions(o).isEmpty()) return Outcome.succeeded("exists", "exists (no Ready condition; use --for to wait for more)");
    return Outcome.inProgress(latestTrueCondition(o));
  }

  private static String latestTrueCondition(Map<String, Object> o) {
    String last = null;
    for (Map<String, Object> c : Trees.conditions(o)) {
      if ("True".equalsIgnoreCase(String.valueOf(c.get("status")))) last = String.valueOf(c.get("type"));
    }
    return last == null ? "(no condition true yet)" : last;
  }
}
