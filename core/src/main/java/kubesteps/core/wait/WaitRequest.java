package kubesteps.core.wait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kubesteps.core.resource.Target;

/**
 * A wait, checked and resolved: the targets, what to wait for ({@link WaitFlags.Checked}: with no --for, the kinds'
 * rules), the --timeout the messages name (the deadline itself is the caller's, so that one budget can cover more than
 * the wait), k8s-wait's own output files, and whether "condition met" lines go to stdout.
 */
public record WaitRequest(List<Target> targets, WaitFlags.Checked flags, Duration timeout, Path outputValue,
    Path outputManifest, boolean quiet, boolean handleSignals, boolean printMet, boolean printNames) {

  public WaitRequest {
    targets = List.copyOf(targets);
  }

  /** "condition met" lines as kubectl prints them by default ({@code -o name}: {@code printNames}). */
  public WaitRequest(List<Target> targets, WaitFlags.Checked flags, Duration timeout, Path outputValue,
      Path outputManifest, boolean quiet, boolean handleSignals, boolean printMet) {
    this(targets, flags, timeout, outputValue, outputManifest, quiet, handleSignals, printMet, false);
  }

  /** The line for an object that reached the state: {@code configmap/x condition met}, or with -o name the name. */
  String metLine(String display) {
    return printNames ? display : display + " condition met";
  }
}
