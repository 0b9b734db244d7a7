package kubesteps.core.wait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import kubesteps.core.error.StepException;
import kubesteps.core.status.HealthRules;
import kubesteps.core.status.WaitCondition;
import kubesteps.core.status.WaitConditions;
import kubesteps.core.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The flags that say what a wait waits for, shared by k8s-wait and {@code k8s-apply --wait} with one meaning and one
 * set of defaults, as kubectl's {@code WaitFlags}: {@code --for}, {@code --fail-on}, {@code --rules},
 * {@code --rules-text}, {@code --delete-on}, {@code --poll-interval}, {@code --progress-interval}, {@code --logs},
 * {@code --output-state}, {@code --output-result}. {@link #check()} parses them before any API call.
 */
// a mixin: no command methods to look for (picocli would reflect over every method at each start)
@Command(addMethodSubcommands = false)
public class WaitFlags {
  @Option(names = "--for", paramLabel = "CONDITION",
      description = {"The state to wait for (repeatable; all must hold): condition=TYPE[=STATUS],",
          "jsonpath='{...}'[OP VALUE] with OP = != > >= < <= or in (A,B) (no OP: present and not empty),",
          "cel='EXPR' (CEL over apiVersion, kind, metadata, spec, status), create, delete.",
          "Default: the kind's own meaning of done (k8s-wait --known-kinds; --rules)."})
  List<String> forSpecs = new ArrayList<>();

  @Option(names = "--fail-on", paramLabel = "CONDITION",
      description = "Stop with exit code 1 as soon as this holds (repeatable; any one); same forms as --for.")
  List<String> failOnSpecs = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "FILE",
      description = {"Rules for kinds, in Flux's healthCheckExprs shape (- apiVersion, kind, inProgress, failed,",
          "current: CEL); later files override earlier ones and the built-ins. Repeatable."})
  List<Path> rulesFiles = new ArrayList<>();

  @Option(names = "--rules-text", paramLabel = "YAML",
      description = "The same rules as text, e.g. one Kubeflow input. Repeatable; read after the --rules files.")
  List<String> rulesTexts = new ArrayList<>();

  @Option(names = "--delete-on", paramLabel = "WHEN", split = ",",
      description = "Delete the waited objects on timeout, failure and/or cancel (SIGTERM/SIGINT), e.g."
          + " --delete-on=timeout,failure,cancel, so a cancelled pipeline run leaves no job running.")
  EnumSet<DeleteOn> deleteOn = EnumSet.noneOf(DeleteOn.class);

  @Option(names = "--poll-interval", paramLabel = "DURATION", converter = Durations.Converter.class,
      defaultValue = "5s", description = "How often to poll when RBAC forbids watching. Default: ${DEFAULT-VALUE}.")
  Duration pollInterval;

  @Option(names = "--progress-interval", paramLabel = "DURATION", converter = Durations.Converter.class,
      defaultValue = "1m", description = "A still-waiting line on stderr after this long without change (0: none)."
          + " Default: ${DEFAULT-VALUE}.")
  Duration progressInterval;

  @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "500",
      description = "List the waited objects in chunks of N, as kubectl (0: one request). Default: ${DEFAULT-VALUE}.")
  long chunkSize;

  @Option(names = "--logs", description = {"Stream the logs of the pods the waited objects run (a Job's pods, a",
      "SparkApplication's driver, pods they own) to stderr while waiting, each line prefixed [POD]."})
  boolean logs;

  @Option(names = "--output-state", paramLabel = "FILE",
      description = "Write succeeded, failed or timeout to FILE (parents created).")
  Path outputState;

  @Option(names = "--output-result", paramLabel = "FILE",
      description = "Write one JSON document (state, reason, message, elapsedSeconds, object) to FILE.")
  Path outputResult;

  /** The flags checked: conditions parsed (CEL compiled), rules read. */
  public record Checked(List<WaitCondition> forConditions, List<WaitCondition> failOn, HealthRules rules,
      Duration pollInterval, Duration progressInterval, EnumSet<DeleteOn> deleteOn, Path outputState,
      Path outputResult, boolean logs, long chunkSize) {}

  /** Parses and checks them, with no API call: a bad condition, rules file or interval is an input error. */
  public Checked check() {
    List<WaitCondition> forConditions = forSpecs.stream().map(WaitConditions::parse).toList();
    List<WaitCondition> failOn = failOnSpecs.stream().map(WaitConditions::parse).toList();
    if (pollInterval.isNegative() || pollInterval.isZero()) throw StepException.invalid("--poll-interval must be positive");
    if (progressInterval.isNegative()) throw StepException.invalid("--progress-interval must not be negative");
    if (chunkSize < 0) throw StepException.invalid("--chunk-size must not be negative (0: one request)");
    return new Checked(forConditions, failOn, HealthRules.builtInAnd(rulesFiles, rulesTexts), pollInterval,
        progressInterval, deleteOn.isEmpty() ? EnumSet.noneOf(DeleteOn.class) : EnumSet.copyOf(deleteOn), outputState,
        outputResult, logs, chunkSize);
  }

  /** The wait flags given on the command line, for "only with --wait" errors; empty when none. */
  public List<String> given() {
    List<String> g = new ArrayList<>();
    if (!forSpecs.isEmpty()) g.add("--for");
    if (!failOnSpecs.isEmpty()) g.add("--fail-on");
    if (!rulesFiles.isEmpty()) g.add("--rules");
    if (!rulesTexts.isEmpty()) g.add("--rules-text");
    if (!deleteOn.isEmpty()) g.add("--delete-on");
    if (outputState != null) g.add("--output-state");
    if (outputResult != null) g.add("--output-result");
    if (logs) g.add("--logs");
    return g;
  }
}
