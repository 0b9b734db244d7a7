package kubesteps.core.gotemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * How Go's reflect sees the values of a JSON tree decoded into {@code map[string]interface{}} (kubectl decodes with
 * apimachinery's json, which keeps integers as int64): a Java value stands for its concrete Go value, {@link Iface}
 * for a value still inside an {@code interface {}} (a map entry or list element not yet unwrapped by a pipeline),
 * {@link #MISSING} for the invalid reflect.Value (a missing key; printed as {@code <no value>}).
 */
final class Values {
  private Values() {}

  /** The zero reflect.Value. */
  static final Object MISSING = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  /** A value inside an interface{}; {@code value == null} is a nil interface (JSON null). */
  record Iface(Object value) {}

  /** A Go integer that is not the tree's int64: a template constant or len's result ({@code int}), a byte. */
  static final class GoInt extends Number {
    private static final long serialVersionUID = 1L;
    final long value;
    final String type;

    GoInt(long value) {
      this(value, "int");
    }

    GoInt(long value, String type) {
      this.value = value;
      this.type = type;
    }

    @Override
    public int intValue() {
      return (int) value;
    }

    @Override
    public long longValue() {
      return value;
    }

    @Override
    public float floatValue() {
      return value;
    }

    @Override
    public double doubleValue() {
      return value;
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  static boolean isInteger(Object v) {
    return v instanceof GoInt || v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || (v instanceof BigInteger b && b.bitLength() < 64);
  }

  static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float || v instanceof BigDecimal
        || (v instanceof BigInteger b && b.bitLength() >= 64);
  }

  /** Go's type name, as %T and the error texts print it. */
  static String typeName(Object v) {
    if (v instanceof Iface) return "interface {}";
    if (v == null) return "<nil>";
    if (v instanceof GoInt g) return g.type;
    if (isInteger(v)) return "int64";
    if (isFloat(v)) return "float64";
    if (v instanceof String) return "string";
    if (v instanceof Boolean) return "bool";
    if (v instanceof Map) return "map[string]interface {}";
    if (v instanceof List) return "[]interface {}";
    return v.getClass().getSimpleName();
  }

  /** Go's indirectInterface: the concrete value, or MISSING for a nil interface. */
  static Object indirectInterface(Object v) {
    if (v instanceof Iface i) return i.value() == null ? MISSING : i.value();
    return v;
  }

  /** Go's isTrue: the value is not the zero of its type. */
  static boolean isTrue(Object v) {
    if (v == MISSING || v == null) return false;
    if (v instanceof Iface i) return i.value() != null;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s) return !s.isEmpty();
    if (v instanceof Map<?, ?> m) return !m.isEmpty();
    if (v instanceof List<?> l) return !l.isEmpty();
    if (isInteger(v)) return ((Number) v).longValue() != 0;
    if (v instanceof Number n) return n.doubleValue() != 0;
    return true;
  }
}
