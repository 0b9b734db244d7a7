package kubesteps.wait;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import kubesteps.core.cli.ConnectionOptions;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.io.OutputFiles;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.manifest.Manifests;
import kubesteps.core.resource.Discovery;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.ResourceRef;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.status.Outcome;
import kubesteps.core.status.WaitCondition;
import kubesteps.core.status.WaitConditions;
import kubesteps.core.time.Deadline;
import kubesteps.core.time.Durations;
import kubesteps.wait.WaitCommand.DeleteOn;

/** A validated k8s-wait: everything the user typed, checked before any API call. */
record WaitRun(List<ResourceRef> refs, List<Manifest> manifests, String selector, boolean allNamespaces, List<WaitCondition> forConditions,
    List<WaitCondition> failOn, Duration timeout, Duration pollInterval, Duration progressInterval,
    EnumSet<DeleteOn> deleteOn, Path outputState, Path outputValue, Path outputManifest, Path outputResult,
    boolean quiet, boolean handleSignals) {

  static WaitRun from(WaitCommand c) {
    List<WaitCondition> forConditions = c.forSpecs.stream().map(WaitConditions::parse).toList();
    List<WaitCondition> failOn = c.failOnSpecs.stream().map(WaitConditions::parse).toList();
    if (!c.files.isEmpty() && !c.resources.isEmpty()) {
      throw StepException.invalid("give either TYPE/NAME arguments or -f/--filename, not both");
    }
    List<Manifest> manifests = c.files.isEmpty() ? List.of() : Manifests.read(c.files, System.in);
    if (!c.files.isEmpty() && manifests.isEmpty()) throw StepException.invalid("no objects to wait for in " + c.files);
    for (Manifest m : manifests) {
      if (m.name() == null || m.name().isEmpty()) {
        throw StepException.invalid(m.where() + ": the " + m.kind() + " has no metadata.name (pass the manifest the"
            + " server returned, e.g. k8s-apply --output-manifest, which has the generated name)");
      }
    }
    List<ResourceRef> refs = c.files.isEmpty() ? ResourceRef.parse(c.resources) : List.of();
    boolean many = c.selector != null || c.all;
    if (many && !c.files.isEmpty()) throw StepException.invalid("-l/--selector and --all go with a TYPE, not -f");
    if (c.selector != null && c.all) throw StepException.invalid("--all and -l/--selector cannot be used together");
    if (many && refs.stream().anyMatch(r -> r.name() != null)) {
      throw StepException.invalid("name a TYPE only (not TYPE/NAME) with -l/--selector or --all");
    }
    if (!many && refs.stream().anyMatch(r -> r.name() == null)) {
      throw StepException.invalid("resource(s) were provided, but no name was specified: give TYPE/NAME, or -l/--selector"
          + " or --all to wait for many");
    }
    if (c.allNamespaces && !many) throw StepException.invalid("-A/--all-namespaces goes with -l/--selector or --all");
    if (c.pollInterval.isNegative() || c.pollInterval.isZero()) throw StepException.invalid("--poll-interval must be positive");
    if (c.timeout.isNegative()) throw StepException.invalid("--timeout must not be negative (0 waits forever)");
    return new WaitRun(refs, manifests, c.selector, c.allNamespaces, forConditions, failOn, c.timeout, c.pollInterval,
        c.progressInterval, c.deleteOn, c.outputState, c.outputValue, c.outputManifest, c.outputResult, c.quiet,
        c.handleSignals);
  }

  int run(ConnectionOptions connection, PrintWriter out, PrintWriter err) throws InterruptedException {
    Deadline deadline = Deadline.after(timeout);
    Evaluator evaluator = new Evaluator(forConditions, failOn);
    Progress progress = new Progress(quiet ? new PrintWriter(PrintWriter.nullWriter()) : err, progressInterval);
    try (KubernetesClient client = connection.client()) {
      Discovery discovery = new Discovery(client, deadline);
      List<Target> targets = new ArrayList<>();
      for (Manifest m : manifests) {
        ResourceType type = discovery.forKind(m.apiVersion(), m.kind());
        targets.add(new Target(type, type.namespaced() ? connection.namespaceFor(m.namespace()) : null, m.name(), null));
      }
      for (ResourceRef ref : refs) {
        ResourceType type = discovery.resolve(ref.type());
        String ns = !type.namespaced() || allNamespaces ? null : connection.namespace();
        targets.add(new Target(type, ns, ref.name(), ref.name() == null ? selector : null));
      }
      AtomicBoolean finished = new AtomicBoolean();
      Thread hook = handleSignals ? cancelHook(client, targets, finished, err) : null;
      try {
        Map<String, Map<String, Object>> finals = new LinkedHashMap<>();
        Waiter.Result last = null;
        for (Target target : targets) {
          Waiter waiter = new Waiter(client, target, evaluator, deadline, pollInterval, progress);
          last = waiter.run();
          last.objects().forEach((k, v) -> finals.put(target.display(k), v));
          if (last.state() == Outcome.State.SUCCEEDED) {
            if (!last.outcomes().isEmpty()) last.outcomes().keySet().forEach(k -> out.println(waiter.display(k) + " condition met"));
            else out.println(target.describe() + " condition met");
            continue;
          }
          finished.set(true);
          return ended(client, target, waiter, last, finals, progress, err);
        }
        finished.set(true);
        out.flush();
        writeOutputs("succeeded", "Succeeded", "condition met", progress, finals, last);
        return ExitCode.OK.number;
      } finally {
        finished.set(true);
        if (hook != null) {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // the hook is running: it reports the cancellation itself
          }
        }
      }
    }
  }

  /** A failure or a timeout: the error line, diagnostics, --delete-on, output files; returns the exit code. */
  private int ended(KubernetesClient client, Target target, Waiter waiter, Waiter.Result r,
      Map<String, Map<String, Object>> finals, Progress progress, PrintWriter err) {
    boolean timedOut = r.timedOut();
    String message;
    if (timedOut) {
      String seen = r.outcomes().entrySet().stream()
          .map(e -> waiter.display(e.getKey()) + ": " + e.getValue().observed()).reduce((a, b) -> a + "; " + b)
          .orElse("nothing matched");
      message = "timed out after " + Durations.format(timeout) + " waiting for " + target.describe() + " (last seen: "
          + seen + ")";
    } else {
      var failed = r.outcomes().entrySet().stream().filter(e -> e.getValue().state() == Outcome.State.FAILED)
          .findFirst().orElseThrow();
      message = waiter.display(failed.getKey()) + " failed: " + failed.getValue().message();
    }
    err.println("error: " + message);
    Diagnostics diagnostics = new Diagnostics(client, err);
    if (r.objects().isEmpty() && target.name() != null) diagnostics.print(target.describe(), null);
    r.objects().forEach((k, obj) -> diagnostics.print(waiter.display(k), obj));
    DeleteOn why = timedOut ? DeleteOn.timeout : DeleteOn.failure;
    if (deleteOn.contains(why)) delete(client, target, err);
    writeOutputs(timedOut ? "timeout" : "failed", timedOut ? "Timeout" : "Failed", message, progress, finals, r);
    err.flush();
    return timedOut ? ExitCode.TIMEOUT.number : ExitCode.FAILED_STATE.number;
  }

  private void writeOutputs(String state, String reason, String message, Progress progress,
      Map<String, Map<String, Object>> finals, Waiter.Result last) {
    Object manifest = finals.size() == 1 ? finals.values().iterator().next()
        : Map.of("apiVersion", "v1", "kind", "List", "items", new ArrayList<>(finals.values()));
    if (outputState != null) OutputFiles.write(outputState, state);
    if (outputValue != null) OutputFiles.write(outputValue, value(finals).orElse(""));
    if (outputManifest != null) OutputFiles.write(outputManifest, ObjectMaps.serialization().asJson(manifest));
    if (outputResult != null) {
      double seconds = progress.elapsed().toMillis() / 1000.0;
      OutputFiles.write(outputResult, ObjectMaps.serialization().asJson(
          Diagnostics.result(state, reason, message, seconds, finals.isEmpty() ? null : manifest)));
    }
  }

  /** The value of the first jsonpath condition (--for first, then --fail-on) on the first final object. */
  private Optional<String> value(Map<String, Map<String, Object>> finals) {
    Map<String, Object> obj = finals.isEmpty() ? null : finals.values().iterator().next();
    List<WaitCondition> all = new ArrayList<>(forConditions);
    all.addAll(failOn);
    for (WaitCondition c : all) {
      if (c.readsValue()) return Optional.of(c.value(obj).orElse(""));
    }
    return Optional.empty();
  }

  private void delete(KubernetesClient client, Target target, PrintWriter err) {
    try {
      var op = client.genericKubernetesResources(target.type().context());
      var scoped = !target.type().namespaced() ? op : target.namespace() == null ? op.inAnyNamespace()
          : op.inNamespace(target.namespace());
      if (target.name() != null) {
        var r = target.type().namespaced() ? op.inNamespace(target.namespace()).withName(target.name())
            : op.withName(target.name());
        r.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      } else {
        var s = target.selector() == null ? scoped : scoped.withLabelSelector(target.selector());
        s.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      }
      err.println("deleted " + target.describe() + " (--delete-on)");
    } catch (RuntimeException e) {
      err.println("warning: could not delete " + target.describe() + ": " + kubesteps.core.error.ErrorText.oneLine(e));
    }
    err.flush();
  }

  private Thread cancelHook(KubernetesClient client, List<Target> targets, AtomicBoolean finished, PrintWriter err) {
    Thread hook = new Thread(() -> {
      if (finished.get()) return;
      err.println("cancelled: stopping the wait");
      if (deleteOn.contains(DeleteOn.cancel)) targets.forEach(t -> delete(client, t, err));
      err.flush();
    }, "k8s-wait-cancel");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }
}
