package kubesteps.core.wait;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kubesteps.core.status.HealthRules;
import kubesteps.core.status.KindRules;
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
  private final HealthRules rules;

  ConditionEvaluator(List<WaitCondition> forConditions, List<WaitCondition> failOn, HealthRules rules) {
    this.forConditions = List.copyOf(forConditions);
    this.failOn = List.copyOf(failOn);
    this.rules = rules;
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
      return kindsOwn(obj);
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
   * The kind's own meaning of done, with no --for: a --rules file's rule for the kind first, then the built-in Java
   * rules (KindRules), then the built-in catalogue, then the generic rule; an object being deleted is in progress.
   */
  Outcome kindsOwn(Map<String, Object> obj) {
    if (rules.userRuleFor(obj) || !KindRules.has(obj)) {
      Optional<Outcome> byRule = rules.evaluate(obj);
      if (byRule.isPresent()) return byRule.get();
    }
    return StatusRules.evaluate(obj);
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
