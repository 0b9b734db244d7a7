package kubesteps.core.status;

import java.util.Map;

/**
 * One {@code --for} or {@code --fail-on} of k8s-wait, as typed: {@code condition=Ready[=STATUS]},
 * {@code jsonpath='{...}'[OP VALUE]}, {@code create}, {@code delete}. See {@link WaitConditions#parse}.
 */
public interface WaitCondition {
  /** Tests the object ({@code null}: it does not exist). {@code firstUid}: the uid first seen, for delete. */
  Check check(Map<String, Object> obj, String firstUid);

  /** The condition as the user wrote it, for messages. */
  String text();

  /** Whether this condition is about existence (create/delete): stale status does not matter for those. */
  default boolean existence() {
    return false;
  }

  /** Whether this condition reads a value from the object (jsonpath conditions). */
  default boolean readsValue() {
    return false;
  }

  /** The value this condition reads from the object (jsonpath conditions), for --output-value; else empty. */
  default java.util.Optional<String> value(Map<String, Object> obj) {
    return java.util.Optional.empty();
  }

  /** Whether it holds, and what was observed (for progress lines and the output value). */
  record Check(boolean holds, String observed) {}
}
