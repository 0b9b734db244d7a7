package kubesteps.components;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * JSON text as another program writes it, which matters where that text is compared or substituted: Python's
 * {@code json.dumps} with its defaults (", " and ": ", non-ASCII escaped: what the KFP SDK writes into a compiled
 * pipeline) or Go's protojson in one line (what the KFP launcher puts for {@code {{$}}}).
 */
final class JsonText {
  /** Separators, whether non-ASCII is escaped, and how a number is written. */
  record Style(String itemSeparator, String keySeparator, boolean asciiOnly, Function<Number, String> numbers) {}

  static final Style PYTHON = new Style(", ", ": ", true, String::valueOf);
  /** Single-line protojson; it adds a space after some commas at random, this after every one. */
  static final Style PROTOJSON = new Style(", ", ":", false, KfpV2Launcher::render);

  private JsonText() {}

  static String write(Object value, Style style) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, style);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, Style style) {
    if (v instanceof Map<?, ?> m) {
      sb.append('{');
      String sep = "";
      for (var e : m.entrySet()) {
        sb.append(sep);
        string(sb, String.valueOf(e.getKey()), style);
        sb.append(style.keySeparator());
        write(sb, e.getValue(), style);
        sep = style.itemSeparator();
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      String sep = "";
      for (Object o : l) {
        sb.append(sep);
        write(sb, o, style);
        sep = style.itemSeparator();
      }
      sb.append(']');
    } else if (v instanceof String s) {
      string(sb, s, style);
    } else if (v instanceof Number n) {
      sb.append(style.numbers().apply(n));
    } else if (v instanceof Boolean || v == null) {
      sb.append(v);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v);
    }
  }

  /** \" \\ \b \f \n \r \t, other control characters (and with asciiOnly all non-ASCII) as \\uXXXX. */
  private static void string(StringBuilder sb, String s, Style style) {
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
          if (c < 0x20 || style.asciiOnly() && c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
