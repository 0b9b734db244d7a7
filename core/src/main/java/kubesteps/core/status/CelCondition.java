package kubesteps.core.status;

import java.util.Map;

/** {@code --for cel='EXPR'} / {@code --fail-on cel='EXPR'}: holds when the expression is true for the object. */
final class CelCondition implements WaitCondition {
  private final CelExpression expression;
  private final String text;

  CelCondition(String source, String text) {
    this.expression = CelExpression.compile(source, text);
    this.text = text;
  }

  @Override
  public Check check(Map<String, Object> obj, String firstUid) {
    if (obj == null) return new Check(false, "(not found)");
    boolean holds = expression.test(obj);
    return new Check(holds, "cel " + holds);
  }

  @Override
  public String text() {
    return text;
  }
}
