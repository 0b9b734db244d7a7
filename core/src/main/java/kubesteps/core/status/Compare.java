package kubesteps.core.status;

import java.math.BigDecimal;
import java.util.List;

/**
 * The operators of jsonpath conditions: {@code =} (kubectl's), and beyond kubectl {@code !=}, {@code >},
 * {@code >=}, {@code <}, {@code <=} (numbers compared as numbers) and {@code in (A,B)}; {@link #PRESENT} for a bare
 * jsonpath (present and not empty).
 */
public enum Compare {
  EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), IN(" in "), PRESENT("");

  public final String symbol;

  Compare(String symbol) {
    this.symbol = symbol;
  }

  /** Whether {@code actual} (the printed value, null when absent) satisfies this operator with {@code values}. */
  public boolean test(String actual, List<String> values) {
    if (this == PRESENT) return actual != null && !actual.isEmpty();
    if (actual == null) return this == NE;
    return switch (this) {
      case EQ -> equal(actual, values.get(0));
      case NE -> !equal(actual, values.get(0));
      case IN -> values.stream().anyMatch(v -> equal(actual, v));
      case GT, GE, LT, LE -> ordered(actual, values.get(0));
      default -> throw new IllegalStateException(name());
    };
  }

  private boolean ordered(String actual, String wanted) {
    BigDecimal a = number(actual);
    BigDecimal w = number(wanted);
    int cmp = a != null && w != null ? a.compareTo(w) : actual.compareTo(wanted);
    return switch (this) {
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      default -> throw new IllegalStateException(name());
    };
  }

  /** Equal as text, or as numbers when both are numbers ({@code 1} and {@code 1.0}). */
  static boolean equal(String a, String b) {
    if (a.equals(b)) return true;
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    return x != null && y != null && x.compareTo(y) == 0;
  }

  static BigDecimal number(String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
