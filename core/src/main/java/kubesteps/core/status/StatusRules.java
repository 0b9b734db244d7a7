package kubesteps.core.status;

import java.util.Map;

/**
 * kstatus's order: generic rules first (deletion, stale status), then the kind's own rule ({@link KindRules}).
 * Pure: reads the object, nothing else.
 */
public final class StatusRules {
  private StatusRules() {}

  public static Outcome evaluate(Map<String, Object> obj) {
    Outcome generic = generic(obj);
    return generic != null ? generic : KindRules.evaluate(obj);
  }

  /** In progress while being deleted or while the controller has not yet seen the latest spec; null otherwise. */
  static Outcome generic(Map<String, Object> obj) {
    if (Trees.at(obj, "metadata", "deletionTimestamp") != null) return Outcome.inProgress("Terminating");
    return stale(obj) ? Outcome.inProgress(staleText(obj)) : null;
  }

  /**
   * Whether the status describes an older spec: {@code status.observedGeneration} (where the kind has one) behind
   * {@code metadata.generation}. A state counts only once they match.
   */
  public static boolean stale(Map<String, Object> obj) {
    Long observed = Trees.number(obj, "status", "observedGeneration");
    Long generation = Trees.number(obj, "metadata", "generation");
    return observed != null && generation != null && observed < generation;
  }

  /** Whether a condition reports an older generation than the object's (the condition's own observedGeneration). */
  public static boolean stale(Map<String, Object> obj, Map<String, Object> condition) {
    Object observed = condition.get("observedGeneration");
    Long generation = Trees.number(obj, "metadata", "generation");
    return observed instanceof Number n && generation != null && n.longValue() < generation;
  }

  static String staleText(Map<String, Object> obj) {
    return "waiting for the controller to observe generation " + Trees.number(obj, "metadata", "generation")
        + " (observed " + Trees.number(obj, "status", "observedGeneration") + ")";
  }
}
