package kubesteps.core.status;

import java.util.Map;

/** {@code condition=TYPE[=STATUS]}: as kubectl, type and status compared ignoring case; STATUS defaults to True. */
record ConditionIs(String type, String status, String text) implements WaitCondition {
  @Override
  public Check check(Map<String, Object> obj, String firstUid) {
    if (obj == null) return new Check(false, "(not found)");
    var c = Trees.condition(obj, type);
    if (c.isEmpty()) return new Check(false, type + " (no such condition yet)");
    String actual = String.valueOf(c.get().get("status"));
    String observed = type + "=" + actual;
    if (StatusRules.stale(obj, c.get())) return new Check(false, observed + " (stale)");
    return new Check(status.equalsIgnoreCase(actual), observed);
  }
}
