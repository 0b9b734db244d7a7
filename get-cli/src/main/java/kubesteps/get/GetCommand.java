package kubesteps.get;

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
import kubesteps.core.error.ExitCode;
import kubesteps.core.cli.OutputFileOption;
import kubesteps.core.cli.Session;
import kubesteps.core.cli.Verbosity;
import kubesteps.core.cli.VersionProvider;
import kubesteps.core.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** k8s-get: flags only (what the user typed); {@link GetOptions} checks them and runs. */
@Command(name = "k8s-get", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, addMethodSubcommands = false,
    description = "Read Kubernetes resources or fields of them, printed as kubectl get prints them.")
public final class GetCommand implements Callable<Integer>, ComponentInputs, ExitCodeHelp {
  @Mixin ConnectionOptions connection;
  @Mixin OutputFileOption outputFile;
  @Mixin Verbosity verbosity;
  /** Standard input (-f -), environment; tests hand in their own. */
  public Environment environment = Environment.system();
  @Mixin ExecutorInputOption executorInput;

  @Parameters(paramLabel = "TYPE[/NAME]", arity = "0..*",
      description = "TYPE/NAME..., TYPE NAME..., or TYPE (all of them); TYPE as kubectl takes it (cm, jobs.batch,"
          + " sparkapp).")
  List<String> resources = new ArrayList<>();

  @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "500",
      description = "Return large lists in chunks of N objects rather than all at once, as kubectl (0: one request)."
          + " Default: ${DEFAULT-VALUE}.")
  long chunkSize;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
      description = "Get the objects this manifest names (YAML documents, JSON, kind: List; '-' for stdin).")
  List<Path> files = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "json, yaml, name, wide, jsonpath=TEMPLATE, jsonpath-as-json=TEMPLATE, jsonpath-file=FILE,"
          + " custom-columns=HEADER:PATH,..., custom-columns-file=FILE, go-template=TEMPLATE, go-template-file=FILE."
          + " Default: the table the API server renders.")
  String output;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR",
      description = "Label selector, e.g. -l app=web,tier!=db.")
  String selector;

  @Option(names = "--field-selector", paramLabel = "SELECTOR",
      description = "Field selector, e.g. --field-selector status.phase=Running.")
  String fieldSelector;

  @Option(names = {"-A", "--all-namespaces"}, description = "List across all namespaces.")
  boolean allNamespaces;

  @Option(names = "--ignore-not-found", description = "Print nothing for a missing object and exit 0.")
  boolean ignoreNotFound;

  @Option(names = "--allow-missing-template-keys", arity = "0..1", defaultValue = "true", fallbackValue = "true",
      paramLabel = "BOOL", description = "A key missing in a jsonpath template prints nothing (true, the default) or"
          + " is an error (false, exit 3).")
  boolean allowMissingTemplateKeys;

  @Option(names = {"-w", "--watch"},
      description = "After printing, print again each time the object (or a listed one) changes, until --timeout or"
          + " interrupted.")
  boolean watch;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class, defaultValue = "0",
      description = "Give up after this long, retries included; with --watch: stop watching then, exit 0 (0: no"
          + " limit). Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = "--show-secrets", description = "Print Secret data and stringData values (redacted otherwise).")
  boolean showSecrets;

  @Option(names = "--show-managed-fields", description = "Keep metadata.managedFields in json and yaml output.")
  boolean showManagedFields;

  @Option(names = "--no-headers", description = "Print tables and custom columns without their header line.")
  boolean noHeaders;

  @Option(names = "--show-labels", description = "In the table, show all labels as the last column.")
  boolean showLabels;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on stdout (with --output-file).")
  boolean quiet;

  @Option(names = "--sort-by", paramLabel = "FIELD",
      description = "Sort by this field (a JSONPath such as .metadata.name or '{.status.startTime}'), as kubectl:"
          + " numbers as numbers, quantities as quantities, other values as text.")
  String sortBy;

  @Option(names = {"-L", "--label-columns"}, paramLabel = "LABEL", split = ",",
      description = "In the table, a column with the value of each of these labels (repeatable, or comma-separated).")
  List<String> labelColumns = new ArrayList<>();

  @Option(names = "--raw", paramLabel = "URI",
      description = "GET this path of the API server (e.g. /api/v1/namespaces, /readyz) and print the answer as the"
          + " server sends it, as kubectl get --raw.")
  String raw;

  @Option(names = "--watch-only", description = "Watch for changes without printing the objects as they are first.")
  boolean watchOnly;

  @Option(names = "--subresource", paramLabel = "NAME",
      description = "Read this subresource of the named objects (status, scale), as kubectl get --subresource.")
  String subresource;

  @Option(names = "--output-watch-events", description = "With --watch or --watch-only: print each change as a watch"
      + " event (its type, ADDED, MODIFIED or DELETED, and the object); the objects as they are first as ADDED.")
  boolean outputWatchEvents;

  @Option(names = "--show-kind", description = "In the table, name each object with its type (type/name), as for"
      + " several types.")
  boolean showKind;

  @Spec CommandSpec spec;

  /** Set by Main only: Ctrl-C (or SIGTERM) ends a watch as kubectl's does, exit 0. Tests run in-process without it. */
  boolean handleSignals;

  @Override
  public Integer call() {
    if (raw != null) return raw();
    GetOptions options = GetOptions.validate(this, environment);
    try (Session session = options.session(connection, environment)) {
      return options.run(session, outputFile, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
  }

  /** --raw: one GET of the path, its answer printed as it came. */
  private int raw() {
    if (!resources.isEmpty() || !files.isEmpty() || output != null || selector != null || watch || watchOnly) {
      throw kubesteps.core.error.StepException.invalid("--raw may not be specified with other flags that filter the"
          + " server request or alter the output");
    }
    if (!raw.startsWith("/")) throw kubesteps.core.error.StepException.invalid("--raw must be a path: " + raw);
    try (Session session = Session.forReads(connection, environment,
        kubesteps.core.time.Deadline.after(timeout))) {
      String body = kubesteps.core.retry.Retries.call(kubesteps.core.time.Deadline.after(timeout),
          () -> session.requests().get(raw, "application/json, */*", false));
      outputFile.write(body);
      if (!quiet) {
        spec.commandLine().getOut().print(body);
        spec.commandLine().getOut().flush();
      }
      return ExitCode.OK.number;
    }
  }

  /** The inputs of component-specs/k8s-get/component.yaml, as its KFP v1 form (component-kfp-v1.yaml) has them. */
  @Override
  public List<ComponentInput> componentInputs() {
    return List.of(ComponentInput.inSpec("resource"), ComponentInput.positional("name"),
        ComponentInput.attached("jsonpath", "--output=jsonpath=").orElse("--output=json"),
        ComponentInput.option("namespace", "--namespace"),
        ComponentInput.attached("ignore_not_found", "--ignore-not-found="));
  }

  @Override
  public List<ExitCodeHelp.Entry> exitCodes() {
    return List.of(ExitCodeHelp.code(ExitCode.OK),
        ExitCodeHelp.code(ExitCode.INVALID_INPUT, "a bad template: before any API call"),
        ExitCodeHelp.code(ExitCode.NOT_FOUND, "or a template key missing with --allow-missing-template-keys=false"),
        ExitCodeHelp.code(ExitCode.API_ERROR));
  }
}
