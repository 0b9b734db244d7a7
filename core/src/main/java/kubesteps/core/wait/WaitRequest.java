package kubesteps.core.wait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import kubesteps.core.resource.Target;
import kubesteps.core.status.HealthRules;
import kubesteps.core.status.WaitCondition;

/**
 * A wait, checked and resolved: what to wait for on which targets (with no --for: the kinds' rules), its limits, what to delete when, where the output
 * files go. {@code forConditions} empty: the kinds' own meaning of done. {@code timeout} zero: no limit (the deadline
 * is the caller's, so that one budget can cover more than the wait).
 */
public record WaitRequest(List<Target> targets, List<WaitCondition> forConditions, List<WaitCondition> failOn,
    HealthRules rules, Duration timeout, Duration pollInterval, Duration progressInterval, Set<DeleteOn> deleteOn,
    Outputs outputs, boolean quiet, boolean handleSignals) {

  public WaitRequest {
    targets = List.copyOf(targets);
    forConditions = List.copyOf(forConditions);
    failOn = List.copyOf(failOn);
    deleteOn = deleteOn.isEmpty() ? EnumSet.noneOf(DeleteOn.class) : EnumSet.copyOf(deleteOn);
  }

  /** --output-state, --output-value, --output-manifest, --output-result; null where not asked for. */
  public record Outputs(Path state, Path value, Path manifest, Path result) {
    public static final Outputs NONE = new Outputs(null, null, null, null);
  }
}
