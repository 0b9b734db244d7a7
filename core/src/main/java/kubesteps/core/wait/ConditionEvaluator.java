package kubesteps.core.wait;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import kubesteps.core.status.Outcome;
import kubesteps.core.status.StatusRules;
import kubesteps.core.status.WaitCondition;

/**
 * Decides, from an object as it is now, whether the wait is over: {@code --fail-on} first (any one fails it), then
 * {@code --for} (all must hold), or, with no {@code --for}, the built-in kind table. Pure.
 */
final class ConditionEvaluator {
  private final List<WaitCondition> forConditions;
  private final List<WaitCondition> failOn;

  ConditionEvaluator(List<WaitCondition> forConditions, List<WaitCondition> failOn) {
    this.forConditions = List.copyOf(forConditions);
    this.failOn = List.copyOf(failOn);
  }

  /** Whether the wait is for the object to be gone: then "not found" is success, not something to wait for. */
  boolean waitsForDeletion() {
    return forConditions.stream().anyMatch(c -> c.existence() && c.text().equals("delete"));
  }

  /** {@code obj} null: it does not exist (now). {@code firstUid}: the uid first seen under this name, or null. */
  Outcome evaluate(Map<String, Object> obj, String firstUid) {
    boolean stale = obj != null && StatusRules.stale(obj);
    for (WaitCondition c : failOn) {
      if (stale && !c.existence()) continue;
      WaitCondition.Check check = c.check(obj, firstUid);
      if (check.holds()) return Outcome.failed(check.observed(), "--fail-on " + c.text() + " holds (" + check.observed() + ")");
    }
    if (forConditions.isEmpty()) {
      if (obj == null) return Outcome.inProgress("(not found)");
      return StatusRules.evaluate(obj);
    }
    List<String> observed = new ArrayList<>();
    boolean all = true;
    for (WaitCondition c : forConditions) {
      if (stale && !c.existence()) {
        return Outcome.inProgress("waiting for the controller to observe generation "
            + ((Map<?, ?>) obj.get("metadata")).get("generation"));
      }
      WaitCondition.Check check = c.check(obj, firstUid);
      observed.add(check.observed());
      all &= check.holds();
    }
    String seen = String.join(", ", observed);
    return all ? Outcome.succeeded(seen, "condition met") : Outcome.inProgress(seen);
  }

  /**
   * The state of many objects together: failed as soon as one failed; done when every one is done (at least one must
   * exist, unless waiting for deletion).
   */
  Outcome.State overall(Collection<Outcome> outcomes) {
    if (outcomes.stream().anyMatch(o -> o.state() == Outcome.State.FAILED)) return Outcome.State.FAILED;
    if (outcomes.isEmpty()) return waitsForDeletion() ? Outcome.State.SUCCEEDED : Outcome.State.IN_PROGRESS;
    return outcomes.stream().allMatch(o -> o.state() == Outcome.State.SUCCEEDED)
        ? Outcome.State.SUCCEEDED : Outcome.State.IN_PROGRESS;
  }
}
