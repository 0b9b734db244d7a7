package kubesteps.core.status;

import java.util.List;
import java.util.Map;
import kubesteps.core.jsonpath.JsonPathTemplate;

/**
 * {@code jsonpath='{.status.x}'=VALUE} (kubectl) and the operators of {@link Compare}. The value compared is what
 * {@code k8s-get -o jsonpath} would print for the same template; absent or empty when nothing matched.
 */
record JsonPathIs(JsonPathTemplate path, Compare op, List<String> values, String text) implements WaitCondition {
  @Override
  public Check check(Map<String, Object> obj, String firstUid) {
    if (obj == null) return new Check(false, "(not found)");
    String actual = path.values(obj).isEmpty() ? null : path.execute(obj, true);
    return new Check(op.test(actual, values), actual == null ? "(none)" : actual);
  }

  @Override
  public boolean readsValue() {
    return true;
  }

  @Override
  public java.util.Optional<String> value(Map<String, Object> obj) {
    if (obj == null || path.values(obj).isEmpty()) return java.util.Optional.empty();
    return java.util.Optional.of(path.execute(obj, true));
  }
}
