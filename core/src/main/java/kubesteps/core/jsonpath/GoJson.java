package kubesteps.core.jsonpath;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tree values printed as kubectl (Go) prints them: {@code encoding/json} for maps and lists (keys sorted, HTML
 * characters escaped, floats in Go's shortest form) and {@code fmt.Print} for scalars ({@code 1e+06}, {@code 0.5}).
 */
public final class GoJson {
  private GoJson() {}

  /** Compact JSON, as json.Marshal writes it. */
  public static String compact(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, null, "");
    return sb.toString();
  }

  /** Indented JSON, as json.MarshalIndent(v, "", indent) writes it (kubectl -o json uses four spaces). */
  public static String indent(Object value, String indent) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, indent, "");
    return sb.toString();
  }

  /** A scalar as fmt.Print writes it: strings raw, numbers in Go's %v form, null as "null". */
  public static String text(Object value) {
    if (value == null) return "null";
    if (value instanceof String s) return s;
    if (value instanceof Boolean b) return b.toString();
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return formatG(((Number) value).doubleValue());
    }
    if (value instanceof BigInteger bi) return bi.bitLength() < 64 ? bi.toString() : formatG(bi.doubleValue());
    if (value instanceof Number n) return Long.toString(n.longValue());
    if (value instanceof Map || value instanceof List) return compact(value);
    return String.valueOf(value);
  }

  private static void write(StringBuilder sb, Object v, String indent, String prefix) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      sb.append(formatJsonFloat(((Number) v).doubleValue()));
    } else if (v instanceof BigInteger bi) {
      sb.append(bi.bitLength() < 64 ? bi.toString() : formatJsonFloat(bi.doubleValue()));
    } else if (v instanceof Number n) {
      sb.append(n.longValue());
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      // keys as text, sorted (a key YAML read as a number, 1: a, is "1" as in the JSON kubectl makes of it)
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
      String inner = indent == null ? null : prefix + indent;
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) sb.append(',');
        first = false;
        if (indent != null) sb.append('\n').append(inner);
        string(sb, e.getKey());
        sb.append(indent == null ? ":" : ": ");
        write(sb, e.getValue(), indent, inner);
      }
      if (indent != null) sb.append('\n').append(prefix);
      sb.append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        sb.append("[]");
        return;
      }
      String inner = indent == null ? null : prefix + indent;
      sb.append('[');
      boolean first = true;
      for (Object e : l) {
        if (!first) sb.append(',');
        first = false;
        if (indent != null) sb.append('\n').append(inner);
        write(sb, e, indent, inner);
      }
      if (indent != null) sb.append('\n').append(prefix);
      sb.append(']');
    } else {
      string(sb, String.valueOf(v));
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Go's encoding/json string escaping (with HTML escaping, as json.Marshal does by default). */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            sb.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** fmt's %v for a float64: strconv 'g' with the shortest digits; exponent form when exp < -4 or exp >= 6. */
  static String formatG(double d) {
    if (Double.isNaN(d)) return "NaN";
    if (Double.isInfinite(d)) return d > 0 ? "+Inf" : "-Inf";
    Decimal dec = Decimal.of(d);
    if (dec == null) return (1 / d < 0) ? "-0" : "0";
    int exp = dec.dp - 1;
    return dec.sign + (exp < -4 || exp >= 6 ? formatE(dec) : formatF(dec));
  }

  /** encoding/json's float64: 'f' unless abs < 1e-6 or abs >= 1e21, then 'e' with e-07 cleaned to e-7. */
  static String formatJsonFloat(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) return "null";
    Decimal dec = Decimal.of(d);
    if (dec == null) return (1 / d < 0) ? "-0" : "0";
    double abs = Math.abs(d);
    if (abs < 1e-6 || abs >= 1e21) {
      String e = formatE(dec);
      int n = e.length();
      if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
        e = e.substring(0, n - 2) + e.charAt(n - 1);
      }
      return dec.sign + e;
    }
    return dec.sign + formatF(dec);
  }

  private static String formatE(Decimal dec) {
    StringBuilder sb = new StringBuilder();
    sb.append(dec.digits.charAt(0));
    if (dec.digits.length() > 1) sb.append('.').append(dec.digits, 1, dec.digits.length());
    int exp = dec.dp - 1;
    sb.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) sb.append('0');
    sb.append(a);
    return sb.toString();
  }

  private static String formatF(Decimal dec) {
    String d = dec.digits;
    if (dec.dp <= 0) return "0." + "0".repeat(-dec.dp) + d;
    if (dec.dp >= d.length()) return d + "0".repeat(dec.dp - d.length());
    return d.substring(0, dec.dp) + "." + d.substring(dec.dp);
  }

  /** The shortest decimal digits of a double: value = 0.digits * 10^dp. Null for zero. */
  private record Decimal(String sign, String digits, int dp) {
    static Decimal of(double d) {
      if (d == 0) return null;
      // the fewest significant digits that read back as the same double (Java 17's Double.toString is not always
      // the shortest: 1e23 comes out as 9.999999999999999E22)
      double abs = Math.abs(d);
      BigDecimal exact = new BigDecimal(abs);
      BigDecimal b = null;
      for (int p = 1; p <= 17; p++) {
        BigDecimal r = exact.round(new java.math.MathContext(p, java.math.RoundingMode.HALF_EVEN));
        if (r.doubleValue() == abs) {
          b = r;
          break;
        }
      }
      if (b == null) b = new BigDecimal(Double.toString(abs));
      b = b.stripTrailingZeros();
      String digits = b.unscaledValue().toString();
      return new Decimal(d < 0 ? "-" : "", digits, digits.length() - b.scale());
    }
  }
}
