package kubesteps.get;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kubesteps.core.error.StepException;
import kubesteps.core.jsonpath.JsonPathTemplate;

/**
 * {@code --sort-by}: kubectl's ordering of objects (and of a table's rows, by the object each row carries) by the
 * first value a relaxed JSONPath finds in each (kubectl's {@code sorter.go}): an object without the value first;
 * numbers as numbers; two strings that are both quantities ({@code 100Mi}, {@code 0.5}) as quantities, other strings
 * byte by byte (timestamps, written alike, in time order). Objects that compare equal keep their order.
 */
final class SortBy {
  private final JsonPathTemplate path;
  private final String field;

  private SortBy(JsonPathTemplate path, String field) {
    this.path = path;
    this.field = field;
  }

  /** The flag's value, as kubectl's RelaxedJSONPathExpression takes it ({@code .metadata.name}, {@code {.a}}). */
  static SortBy parse(String flag) {
    JsonPathTemplate p = JsonPathTemplate.parseRelaxed(flag);
    String spec = flag.startsWith("{") ? flag.substring(1, flag.length() - 1) : flag;
    return new SortBy(p, "{" + (spec.startsWith(".") ? spec : "." + spec) + "}");
  }

  /** {@code items} in order of the value each one's object has; refused when no object has it, as kubectl does. */
  <T> List<T> sort(List<T> items, Function<T, Object> object) {
    if (items.isEmpty()) return items;
    List<Object> keys = new ArrayList<>(items.size());
    boolean found = false;
    for (T item : items) {
      List<Object> values = path.values(object.apply(item));
      Object key = values.isEmpty() ? MISSING : values.get(0);
      if (key == null) key = MISSING;
      found |= key != MISSING;
      keys.add(key);
    }
    if (!found) throw StepException.invalid("couldn't find any field with path \"" + field + "\" in the list of objects");
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) order.add(i);
    order.sort(Comparator.comparing(keys::get, SortBy::compare)); // List.sort is stable
    List<T> out = new ArrayList<>(items.size());
    for (int i : order) out.add(items.get(i));
    return out;
  }

  private static final Object MISSING = new Object();

  static int compare(Object a, Object b) {
    if (a == b) return 0;
    if (a == MISSING) return -1;
    if (b == MISSING) return 1;
    if (a instanceof Number x && b instanceof Number y) return number(x).compareTo(number(y));
    if (a instanceof String x && b instanceof String y) {
      BigDecimal qx = quantity(x);
      BigDecimal qy = qx == null ? null : quantity(y);
      return qy != null ? qx.compareTo(qy) : x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) return x.compareTo(y);
    return text(a).compareTo(text(b));
  }

  private static BigDecimal number(Number n) {
    return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
  }

  private static String text(Object o) {
    return o instanceof Map<?, ?> || o instanceof List<?> ? kubesteps.core.jsonpath.GoJson.compact(o) : String.valueOf(o);
  }

  private static final Pattern QUANTITY = Pattern.compile(
      "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

  /** A Kubernetes quantity's value ({@code 1.5Gi}, {@code 250m}, {@code 1e3}), or null when the text is none. */
  static BigDecimal quantity(String s) {
    Matcher m = QUANTITY.matcher(s);
    if (!m.matches()) return null;
    BigDecimal n = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    if (suffix == null) return n;
    return switch (suffix) {
      case "Ki" -> n.multiply(BigDecimal.valueOf(1L << 10));
      case "Mi" -> n.multiply(BigDecimal.valueOf(1L << 20));
      case "Gi" -> n.multiply(BigDecimal.valueOf(1L << 30));
      case "Ti" -> n.multiply(BigDecimal.valueOf(1L << 40));
      case "Pi" -> n.multiply(BigDecimal.valueOf(1L << 50));
      case "Ei" -> n.multiply(BigDecimal.valueOf(1L << 60));
      case "n" -> n.scaleByPowerOfTen(-9);
      case "u" -> n.scaleByPowerOfTen(-6);
      case "m" -> n.scaleByPowerOfTen(-3);
      case "k" -> n.scaleByPowerOfTen(3);
      case "M" -> n.scaleByPowerOfTen(6);
      case "G" -> n.scaleByPowerOfTen(9);
      case "T" -> n.scaleByPowerOfTen(12);
      case "P" -> n.scaleByPowerOfTen(15);
      case "E" -> n.scaleByPowerOfTen(18);
      default -> n.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))); // e3, E-2
    };
  }
}
