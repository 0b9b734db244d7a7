package kubesteps.core.wait;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import kubesteps.core.error.ErrorText;
import kubesteps.core.io.OutputFiles;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.Target;
import kubesteps.core.status.Outcome;
import kubesteps.core.status.WaitCondition;
import kubesteps.core.retry.Retries;
import kubesteps.core.time.Deadline;
import kubesteps.core.time.Durations;

/**
 * The wait, for any tool: each target in turn is listed and watched ({@link TargetWaiter}) and every change evaluated
 * ({@link ConditionEvaluator}) until all succeeded, one failed or the deadline passed; then the result lines on
 * stdout, or the error line and the diagnostics on stderr, --delete-on, and the output files.
 */
public final class WaitEngine {
  /** How the wait ended, the objects as last seen (by kubectl's name), and the message of a failure or timeout. */
  public record Result(WaitEnd end, Map<String, Map<String, Object>> objects, String message) {
    public int exitCode() {
      return end.exitCode.number;
    }
  }

  private final WaitRequest request;

  public WaitEngine(WaitRequest request) {
    this.request = request;
  }

  public Result run(KubernetesClient client, Deadline deadline, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    return run(ApiRequests.of(client), () -> client, deadline, out, err);
  }

  /**
   * Waits with {@code api}'s plain requests (the lists and watches); the whole client, which diagnostics, {@code
   * --delete-on} and {@code --logs} use, is asked of {@code client} only where needed: a wait whose state is already
   * there, or comes, never makes it (fabric8's serialization and typed API: a fifth of k8s-wait's start). With
   * {@code --logs} or {@code --delete-on} it is made first, as those need it while waiting or on a signal.
   */
  public Result run(ApiRequests api, Supplier<KubernetesClient> clientOnDemand, Deadline deadline, PrintWriter out,
      PrintWriter err) throws InterruptedException {
    KubernetesClient eager = request.flags().logs() || !request.flags().deleteOn().isEmpty() ? clientOnDemand.get()
        : null;
    Supplier<KubernetesClient> client = eager != null ? () -> eager : clientOnDemand;
    ConditionEvaluator evaluator = new ConditionEvaluator(request.flags().forConditions(), request.flags().failOn(),
        request.flags().rules());
    WaitProgress progress = new WaitProgress(request.quiet() ? new PrintWriter(PrintWriter.nullWriter()) : err,
        request.flags().progressInterval());
    AtomicBoolean finished = new AtomicBoolean();
    Thread hook = request.handleSignals() ? cancelHook(client, finished, err) : null;
    PodLogs logs = request.flags().logs() ? new PodLogs(client.get(), err, progress) : null;
    try {
      Map<String, Map<String, Object>> finals = new LinkedHashMap<>();
      for (Target target : request.targets()) {
        TargetWaiter waiter = new TargetWaiter(api, target, evaluator, deadline, request.flags().pollInterval(),
            progress);
        waiter.chunkSize(request.flags().chunkSize());
        if (logs != null) waiter.onObject(logs::seen);
        TargetWaiter.Result last = waiter.run();
        last.objects().forEach((k, v) -> finals.put(target.display(k), v));
        if (last.end() == WaitEnd.SUCCEEDED) {
          if (!request.printMet()) continue;
          if (!last.outcomes().isEmpty()) {
            // as kubectl, nothing for an object --for=delete found gone before it ever saw it
            last.outcomes().keySet().stream().filter(k -> !deleteWait() || last.seen().contains(k))
                .forEach(k -> out.println(request.metLine(metName(target, k))));
          } else if (!deleteWait()) {
            out.println(request.metLine(target.describe()));
          }
          continue;
        }
        finished.set(true);
        // as kubectl: the objects that did reach the state are reported before the error of the one that did not
        if (request.printMet() && last.end() == WaitEnd.TIMED_OUT) {
          last.outcomes().forEach((k, o) -> {
            if (o.state() == Outcome.State.SUCCEEDED) out.println(request.metLine(metName(target, k)));
          });
          out.flush();
        }
        return ended(client, target, waiter, last, finals, progress, err);
      }
      finished.set(true);
      out.flush();
      writeOutputs(WaitEnd.SUCCEEDED, "condition met", progress, finals);
      return new Result(WaitEnd.SUCCEEDED, finals, "condition met");
    } finally {
      finished.set(true);
      if (logs != null) logs.close();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it reports the cancellation itself
        }
      }
    }
  }

  /** kubectl's name of an object in a "condition met" line: type/name, without its namespace (with -A too). */
  private static String metName(Target target, String key) {
    int slash = key.indexOf('/');
    return target.display(slash < 0 ? key : key.substring(slash + 1));
  }

  private boolean deleteWait() {
    return request.flags().forConditions().stream().anyMatch(c -> "delete".equals(c.text()));
  }

  /** A failure or a timeout: the error line, diagnostics, --delete-on, output files. */
  private Result ended(Supplier<KubernetesClient> client, Target target, TargetWaiter waiter, TargetWaiter.Result r,
      Map<String, Map<String, Object>> finals, WaitProgress progress, PrintWriter err) {
    String message;
    if (r.end() == WaitEnd.TIMED_OUT) {
      String seen = r.outcomes().entrySet().stream()
          .map(e -> waiter.display(e.getKey()) + ": " + e.getValue().observed()).reduce((a, b) -> a + "; " + b)
          .orElse("nothing matched");
      message = "timed out after " + Durations.format(request.timeout()) + " waiting for " + target.describe()
          + " (last seen: " + seen + ")";
    } else {
      var failed = r.outcomes().entrySet().stream().filter(e -> e.getValue().state() == Outcome.State.FAILED)
          .findFirst().orElseThrow();
      message = waiter.display(failed.getKey()) + " failed: " + failed.getValue().message();
    }
    err.println("error: " + message);
    FailureDiagnostics diagnostics = new FailureDiagnostics(client.get(), err);
    if (r.objects().isEmpty() && target.name() != null) diagnostics.print(target.describe(), null);
    r.objects().forEach((k, obj) -> diagnostics.print(waiter.display(k), obj));
    DeleteOn why = r.end() == WaitEnd.TIMED_OUT ? DeleteOn.timeout : DeleteOn.failure;
    if (request.flags().deleteOn().contains(why)) delete(client.get(), target, err);
    writeOutputs(r.end(), message, progress, finals);
    err.flush();
    return new Result(r.end(), finals, message);
  }

  private void writeOutputs(WaitEnd end, String message, WaitProgress progress,
      Map<String, Map<String, Object>> finals) {
    Object manifest = finals.size() == 1 ? finals.values().iterator().next()
        : Map.of("apiVersion", "v1", "kind", "List", "items", new ArrayList<>(finals.values()));
    if (request.flags().outputState() != null) OutputFiles.write(request.flags().outputState(), end.state);
    if (request.outputValue() != null) OutputFiles.write(request.outputValue(), value(finals).orElse(""));
    if (request.outputManifest() != null) {
      OutputFiles.write(request.outputManifest(), ObjectMaps.serialization().asJson(manifest));
    }
    if (request.flags().outputResult() != null) {
      double seconds = progress.elapsed().toMillis() / 1000.0;
      OutputFiles.write(request.flags().outputResult(), ObjectMaps.serialization().asJson(
          FailureDiagnostics.result(end.state, end.reason, message, seconds, finals.isEmpty() ? null : manifest)));
    }
  }

  /** The value of the first jsonpath condition (--for first, then --fail-on) on the first final object. */
  private Optional<String> value(Map<String, Map<String, Object>> finals) {
    Map<String, Object> obj = finals.isEmpty() ? null : finals.values().iterator().next();
    List<WaitCondition> all = new ArrayList<>(request.flags().forConditions());
    all.addAll(request.flags().failOn());
    for (WaitCondition c : all) {
      if (c.readsValue()) return Optional.of(c.value(obj).orElse(""));
    }
    return Optional.empty();
  }

  private void delete(KubernetesClient client, Target target, PrintWriter err) {
    try {
      // retried as a read is: a DELETE whose first try landed is answered 404 on the next, which fabric8 takes for
      // done (an empty list), so it never acts twice
      Retries.call(Deadline.NONE, () -> {
        if (target.name() != null) {
          return target.named(client).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
        var scoped = target.scope(client);
        var s = target.selector() == null ? scoped : scoped.withLabelSelector(target.selector());
        return s.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      });
      err.println("deleted " + target.describe() + " (--delete-on)");
    } catch (RuntimeException e) {
      err.println("warning: could not delete " + target.describe() + ": " + ErrorText.oneLine(e));
    }
    err.flush();
  }

  private Thread cancelHook(Supplier<KubernetesClient> client, AtomicBoolean finished, PrintWriter err) {
    Thread hook = new Thread(() -> {
      if (finished.get()) return;
      err.println("cancelled: stopping the wait");
      if (request.flags().deleteOn().contains(DeleteOn.cancel)) request.targets().forEach(t -> delete(client.get(), t, err));
      err.flush();
    }, "k8s-wait-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }
}
