package kubesteps.apply;

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
import kubesteps.core.cli.OutputFileOption;
import kubesteps.core.cli.Session;
import kubesteps.core.cli.Verbosity;
import kubesteps.core.cli.VersionProvider;
import kubesteps.core.error.ExitCode;
import kubesteps.core.time.Durations;
import kubesteps.core.wait.WaitFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** k8s-apply's flags, nothing else: {@link ApplyOptions} validates them and runs. */
@Command(name = "k8s-apply", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, addMethodSubcommands = false,
    description = "Apply Kubernetes manifests (any kind, custom resources included) and write what was created to"
        + " output files.")
public final class ApplyCommand implements Callable<Integer>, ComponentInputs, ExitCodeHelp {
  @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
      description = "A manifest file, a folder (its .yaml, .yml and .json files in name order), or - for stdin."
          + " Repeatable.")
  List<String> filenames = new ArrayList<>();

  @Option(names = {"-R", "--recursive"},
      description = "With a folder in -f: its subfolders' manifest files too (depth first, in name order), as kubectl.")
  boolean recursive;

  @Option(names = "--server-side", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      description = "Accepted as kubectl takes it: k8s-apply always applies server-side (false is refused).")
  Boolean serverSide;

  @Option(names = "--manifest", paramLabel = "TEXT",
      description = "The manifest itself as one argument (YAML or JSON). Repeatable.")
  List<String> manifests = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Replace $${KEY} in the manifests before parsing; other $${...} stay. A KEY that appears nowhere is"
          + " an error. Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--set-lines", paramLabel = "TEXT",
      description = "KEY=VALUE lines, each one a --set (blank lines and lines starting with # skipped): several"
          + " parameters in one argument, e.g. one Kubeflow input. Repeatable.")
  List<String> setLines = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", split = ",",
      description = "Add this label to every object; several comma-separated (a=1,b=2). Repeatable.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--annotation", paramLabel = "KEY=VALUE",
      description = "Add this annotation to every object. Repeatable.")
  List<String> annotations = new ArrayList<>();

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "apply",
      description = "apply (server-side apply), create (always create) or replace (replace, create when absent)."
          + " Default: ${DEFAULT-VALUE}.")
  ApplyMode mode;

  @Option(names = "--field-manager", paramLabel = "NAME", defaultValue = "k8s-apply",
      description = "Field manager for server-side apply. Default: ${DEFAULT-VALUE}.")
  String fieldManager;

  @Option(names = "--force-conflicts", description = "Server-side apply takes over fields other managers own.")
  boolean forceConflicts;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
      description = {"Requests in flight at most: Namespaces first, then CustomResourceDefinitions, then the rest,",
          "each round N objects at a time; lines and output files keep the input's order. Default: ${DEFAULT-VALUE}."})
  int concurrency;

  @Option(names = "--dry-run", paramLabel = "WHERE",
      description = "server: the server checks the objects and changes nothing; client: only print what would be"
          + " sent; none (default).")
  String dryRun = "none";

  @Option(names = "--owner", paramLabel = "KIND/NAME",
      description = "Make every object in the owner's namespace owned by this object (garbage-collected with it).")
  String owner;

  @Option(names = "--owner-from-pod",
      description = "Owner: the controller of the pod this step runs in (e.g. the Argo Workflow), else the pod"
          + " (POD_NAME or HOSTNAME, and the pod's namespace).")
  boolean ownerFromPod;

  @Option(names = "--reuse-if-labeled", paramLabel = "KEY=VALUE",
      description = "Label every object KEY=VALUE; when an object of the same kind (and name, or generateName prefix)"
          + " with that label exists in the namespace, report it instead of applying (retried steps submit once).")
  String reuseIfLabeled;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = {"Output: name, json, yaml, jsonpath=TEMPLATE, jsonpath-as-json=TEMPLATE, jsonpath-file=FILE;",
          "with --wait, the objects as they are when the wait ends. Default: kubectl's lines",
          "(configmap/x serverside-applied)."})
  String output;

  @Option(names = "--output-name", paramLabel = "FILE", description = "Write the object's name to FILE.")
  Path outputName;

  @Option(names = "--output-namespace", paramLabel = "FILE", description = "Write the object's namespace to FILE.")
  Path outputNamespace;

  @Option(names = "--output-uid", paramLabel = "FILE", description = "Write the object's uid to FILE.")
  Path outputUid;

  @Option(names = "--output-kind", paramLabel = "FILE", description = "Write the object's kind to FILE.")
  Path outputKind;

  @Option(names = "--output-manifest", paramLabel = "FILE",
      description = "Write all applied objects, as the server returned them, to FILE (YAML).")
  Path outputManifest;

  @Option(names = "--select", paramLabel = "KIND/NAME",
      description = "The object --output-name/-namespace/-uid/-kind describe (default: the first). NAME may be a"
          + " generateName prefix.")
  String select;

  @Option(names = "--show-secrets", description = "Show Secret data and stringData in output (hidden by default).")
  boolean showSecrets;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
      description = {"Give up after this long, retries, waiting for CRDs and --wait included (0: no limit).",
          "Default: 2m; with --wait no limit, as k8s-wait (the pipeline bounds the step)."})
  Duration timeout;

  @Option(names = "--wait", description = {"After applying, wait for the applied objects as k8s-wait does: --for,",
      "--fail-on, --rules; without --for, each kind's own meaning of done. Exit codes as k8s-wait's."})
  boolean waitForObjects;

  @Mixin WaitFlags waitFlags;
  @Mixin OutputFileOption outputFile;
  @Mixin ConnectionOptions connection;
  @Mixin Verbosity verbosity;
  @Mixin ExecutorInputOption executorInput;
  @Spec CommandSpec spec;

  /** Standard input (-f -), environment (POD_NAME, HOSTNAME), the pod's namespace file; tests hand in their own. */
  public Environment environment = Environment.system();
  /** Set by Main only: react to SIGTERM/SIGINT while waiting (--delete-on=cancel). */
  boolean handleSignals;

  @Override
  public Integer call() throws InterruptedException {
    ApplyOptions options = ApplyOptions.from(this, environment).validate();
    try (Session session = Session.openOnDemand(connection, environment, options.deadline)) {
      return options.run(session, outputFile, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** The inputs of component-specs/k8s-apply/component.yaml, as its KFP v1 form (component-kfp-v1.yaml) has them. */
  @Override
  public List<ComponentInput> componentInputs() {
    return List.of(ComponentInput.inSpec("manifest"), ComponentInput.option("namespace", "--namespace"),
        ComponentInput.option("parameters", "--set-lines"), ComponentInput.option("labels", "--label"),
        ComponentInput.option("field_manager", "--field-manager"), ComponentInput.option("mode", "--mode"),
        ComponentInput.attached("owner_from_pod", "--owner-from-pod="), ComponentInput.attached("wait", "--wait="),
        ComponentInput.option("wait_for", "--for"), ComponentInput.option("fail_on", "--fail-on"),
        ComponentInput.option("timeout", "--timeout"), ComponentInput.option("delete_on", "--delete-on"),
        ComponentInput.option("rules", "--rules-text"), ComponentInput.attached("logs", "--logs="),
        ComponentInput.attached("jsonpath", "--output=jsonpath="));
  }

  @Override
  public List<ExitCodeHelp.Entry> exitCodes() {
    return List.of(ExitCodeHelp.code(ExitCode.OK), ExitCodeHelp.code(ExitCode.FAILED_STATE, "with --wait"),
        ExitCodeHelp.code(ExitCode.INVALID_INPUT),
        ExitCodeHelp.code(ExitCode.NOT_FOUND, "e.g. the --owner"), ExitCodeHelp.code(ExitCode.TIMEOUT),
        ExitCodeHelp.code(ExitCode.API_ERROR));
  }
}
