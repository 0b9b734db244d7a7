package kubesteps.wait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import kubesteps.core.cli.ComponentInput;
import kubesteps.core.cli.ComponentInputs;
import kubesteps.core.cli.ConnectionOptions;
import kubesteps.core.cli.Environment;
import kubesteps.core.cli.ExecutorInputOption;
import kubesteps.core.cli.ExitCodeHelp;
import kubesteps.core.cli.Session;
import kubesteps.core.cli.Verbosity;
import kubesteps.core.cli.VersionProvider;
import kubesteps.core.error.ExitCode;
import kubesteps.core.time.Durations;
import kubesteps.core.wait.LocalVerdicts;
import kubesteps.core.wait.WaitFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** k8s-wait's options, as the user typed them; {@link WaitRun} does the work. */
@Command(name = "k8s-wait", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, addMethodSubcommands = false,
    description = {"Block until Kubernetes resources reach a state; fail fast when they reach a failure state.",
        "With no --for, the kind's own meaning of done is used (Job, Pod, Deployment, StatefulSet, DaemonSet, PVC,"
            + " CRD, SparkApplication, Kubeflow training jobs, Argo Workflow; else a Ready condition).",
        "Watches the API server (no polling) and waits for resources that do not exist yet."},
    footerHeading = "%nExamples:%n",
    footer = {"  k8s-wait sparkapp/spark-pi-x7k2p --timeout 2h",
        "  k8s-wait sparkapp/spark-pi --for jsonpath='{.status.applicationState.state}'=COMPLETED \\",
        "           --fail-on jsonpath='{.status.applicationState.state}'=FAILED",
        "  k8s-wait job -l run=42 --for condition=Complete --fail-on condition=Failed",
        "  k8s-wait pod/p --for delete --timeout 60s"})
public final class WaitCommand implements Callable<Integer>, ComponentInputs, ExitCodeHelp {
  @Mixin ConnectionOptions connection;
  @Mixin Verbosity verbosity;
  @Mixin ExecutorInputOption executorInput;
  @Mixin WaitFlags waitFlags;

  @Parameters(paramLabel = "TYPE[/NAME]", arity = "0..*",
      description = "TYPE/NAME..., TYPE NAME..., or TYPE with -l/--all; TYPE as kubectl takes it (sparkapp, jobs.batch).")
  List<String> resources = new ArrayList<>();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
      description = "Wait for the objects this manifest names (e.g. k8s-apply's --output-manifest; '-' for stdin).")
  List<String> files = new ArrayList<>();

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Wait for every object of TYPE matching this label selector (all must reach the state).")
  String selector;

  @Option(names = "--all", description = "Wait for every object of TYPE in the namespace.")
  boolean all;

  @Option(names = {"-A", "--all-namespaces"}, description = "With -l/--all: across all namespaces.")
  boolean allNamespaces;

  @Option(names = "--local", description = {"Decide from the objects in -f alone, no API server: a line per object,",
      "exit 0 when all succeeded, 1 when any failed, 4 otherwise."})
  boolean local;

  @Option(names = "--known-kinds", description = "Print group/Kind of every kind with a built-in rule, and exit.")
  boolean knownKinds;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
      description = {"Give up after this long with exit code 4 (e.g. 30s, 2h); 0: look once and exit at once, as",
          "kubectl (a test in scripts); negative: a week. Default: none, wait forever (unlike kubectl's 30s:",
          "pipeline steps wait for jobs that run for hours; the pipeline bounds them)."})
  Duration timeout;

  @Option(names = "--output-value", paramLabel = "FILE",
      description = "Write the value of the first jsonpath --for/--fail-on, as at the end, to FILE.")
  Path outputValue;

  @Option(names = "--output-manifest", paramLabel = "FILE",
      description = "Write the final object (JSON; a List for several) to FILE.")
  Path outputManifest;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "name: each object's type/name alone, not '... condition met' (the final objects themselves:"
          + " --output-manifest).")
  String output;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr (errors and diagnostics still).")
  boolean quiet;

  @Spec CommandSpec spec;

  /** Set by Main only: react to SIGTERM/SIGINT (--delete-on=cancel). Tests run the command in-process without it. */
  boolean handleSignals;
  /** Standard input, environment, the pod's namespace file; tests hand in their own. */
  public Environment environment = Environment.system();

  @Override
  public Integer call() throws Exception {
    if (knownKinds) {
      LocalVerdicts.knownKinds().forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getOut().flush();
      return ExitCode.OK.number;
    }
    WaitRun run = WaitRun.from(this, environment);
    if (local) return run.local(spec.commandLine().getOut());
    // the whole fabric8 client only where the wait needs it (WaitEngine): lists and watches are plain requests
    try (Session session = Session.openOnDemand(connection, environment, run.deadline())) {
      return run.run(session, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** The inputs of component-specs/k8s-wait/component.yaml, as its KFP v1 form (component-kfp-v1.yaml) has them. */
  @Override
  public List<ComponentInput> componentInputs() {
    return List.of(ComponentInput.inSpec("resource"), ComponentInput.positional("name"),
        ComponentInput.option("wait_for", "--for"), ComponentInput.option("fail_on", "--fail-on"),
        ComponentInput.option("timeout", "--timeout"), ComponentInput.option("delete_on", "--delete-on"),
        ComponentInput.option("namespace", "--namespace"), ComponentInput.option("rules", "--rules-text"),
        ComponentInput.attached("logs", "--logs="));
  }

  @Override
  public List<ExitCodeHelp.Entry> exitCodes() {
    return List.of(ExitCodeHelp.code(ExitCode.OK, "the state was reached"),
        ExitCodeHelp.code(ExitCode.FAILED_STATE, "--fail-on, or the kind's own"),
        ExitCodeHelp.code(ExitCode.INVALID_INPUT), ExitCodeHelp.code(ExitCode.TIMEOUT),
        ExitCodeHelp.code(ExitCode.API_ERROR));
  }
}
