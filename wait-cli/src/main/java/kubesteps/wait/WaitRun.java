package kubesteps.wait;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kubesteps.core.cli.Environment;
import kubesteps.core.cli.Session;
import kubesteps.core.error.StepException;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.manifest.Manifests;
import kubesteps.core.resource.ResourceRef;
import kubesteps.core.resource.Target;
import kubesteps.core.resource.Targets;
import kubesteps.core.time.Deadline;
import kubesteps.core.wait.LocalVerdicts;
import kubesteps.core.wait.WaitEngine;
import kubesteps.core.wait.WaitFlags;
import kubesteps.core.wait.WaitRequest;

/** A validated k8s-wait: everything the user typed, checked before any API call. */
record WaitRun(List<ResourceRef> refs, List<Manifest> manifests, String selector, boolean allNamespaces,
    WaitFlags.Checked flags, Duration timeout, Path outputValue, Path outputManifest, boolean quiet,
    boolean handleSignals, Deadline deadline, boolean printNames) {

  static WaitRun from(WaitCommand c, Environment environment) {
    WaitFlags.Checked flags = c.waitFlags.check();
    if (!c.files.isEmpty() && !c.resources.isEmpty()) {
      throw StepException.invalid("give either TYPE/NAME arguments or -f/--filename, not both");
    }
    if (c.local && c.files.isEmpty()) throw StepException.invalid("--local decides from -f FILE: give the objects");
    if (c.local && (!c.resources.isEmpty() || c.selector != null || c.all)) {
      throw StepException.invalid("--local takes the objects from -f, not TYPE/NAME, -l or --all");
    }
    List<Manifest> manifests = c.files.isEmpty() ? List.of() : Manifests.read(c.files, environment.stdin());
    if (!c.files.isEmpty() && manifests.isEmpty()) throw StepException.invalid("no objects to wait for in " + c.files);
    Targets.requireNames(manifests);
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
    // kubectl's meanings: 0 looks once, negative is a week; none (our default) waits forever
    Duration timeout = c.timeout == null ? Duration.ZERO : c.timeout.isNegative() ? Duration.ofDays(7) : c.timeout;
    Deadline deadline = c.timeout == null ? Deadline.NONE : c.timeout.isZero() ? Deadline.now()
        : Deadline.after(timeout);
    if (c.output != null && !c.output.isEmpty() && !c.output.equals("name")) {
      throw StepException.invalid("-o " + c.output + ": k8s-wait prints names (-o name) or 'condition met' lines;"
          + " the final objects go to --output-manifest FILE");
    }
    return new WaitRun(refs, manifests, c.selector, c.allNamespaces, flags, timeout, c.outputValue,
        c.outputManifest, c.quiet, c.handleSignals, deadline, "name".equals(c.output));
  }

  int run(Session session, PrintWriter out, PrintWriter err) throws InterruptedException {
    List<Target> targets = Targets.of(session, manifests, refs, selector, allNamespaces);
    WaitRequest request = new WaitRequest(targets, flags, timeout, outputValue, outputManifest, quiet, handleSignals,
        true, printNames);
    return new WaitEngine(request).run(session.requests(), session::client, deadline, out, err).exitCode();
  }

  /** --local: each object of the manifests judged as it is written, no API server. */
  int local(PrintWriter out) {
    return LocalVerdicts.judge(manifests, flags.forConditions(), flags.failOn(), flags.rules(), out).number;
  }
}
