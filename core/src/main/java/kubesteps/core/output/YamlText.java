package kubesteps.core.output;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import kubesteps.core.jsonpath.GoJson;

/**
 * A tree as {@code kubectl -o yaml} prints it (sigs.k8s.io/yaml over go-yaml v2): keys in go-yaml's order, block style,
 * lists not indented under their key, strings plain where go-yaml leaves them plain, double-quoted where they would
 * read back as another type, single-quoted where plain is not allowed, literal blocks for multi-line text, plain
 * text folded at 80 columns. No "---".
 */
public final class YamlText {
  private static final int BEST_WIDTH = 80;
  private final StringBuilder sb = new StringBuilder();

  private YamlText() {}

  public static String of(Object tree) {
    YamlText y = new YamlText();
    if (tree instanceof Map<?, ?> m && !m.isEmpty()) y.map(m, 0);
    else if (tree instanceof List<?> l && !l.isEmpty()) y.list(l, 0);
    else y.sb.append(y.flowOrScalar(tree, 0)).append('\n');
    return y.sb.toString();
  }

  private void map(Map<?, ?> m, int indent) {
    List<String> keys = new ArrayList<>();
    for (Object k : m.keySet()) keys.add(String.valueOf(k));
    keys.sort(YamlText::goYamlLess);
    boolean first = true;
    for (String k : keys) {
      if (!first || sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') sb.append(" ".repeat(indent));
      first = false;
      sb.append(scalar(k, indent, column())).append(':');
      value(m.get(k), indent, true);
    }
  }

  private void list(List<?> l, int indent) {
    boolean first = true;
    for (Object e : l) {
      if (!first || sb.length() > 0 && sb.charAt(sb.length() - 1) == '\n') sb.append(" ".repeat(indent));
      first = false;
      sb.append('-');
      value(e, indent, false);
    }
  }

  /** After "key:" or "-": the value, on this line or in a block below. */
  private void value(Object v, int indent, boolean inMap) {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      if (inMap) {
        sb.append('\n');
        map(m, indent + 2);
      } else {
        sb.append(' ');
        map(m, indent + 2);
      }
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      if (inMap) {
        sb.append('\n');
        list(l, indent);
      } else {
        sb.append(' ');
        list(l, indent + 2);
      }
    } else if (v instanceof String s && s.contains("\n")) {
      literal(s, indent + 2);
    } else {
      sb.append(' ');
      sb.append(flowOrScalar(v, indent + 2));
      sb.append('\n');
    }
  }

  private int column() {
    int nl = sb.lastIndexOf("\n");
    return sb.length() - nl - 1;
  }

  private String flowOrScalar(Object v, int indent) {
    if (v instanceof Map) return "{}";
    if (v instanceof List) return "[]";
    if (v == null) return "null";
    if (v instanceof String s) return scalar(s, indent, column());
    if (v instanceof Boolean b) return b.toString();
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) return ".nan";
      if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
      return GoJson.text(d);
    }
    if (v instanceof BigInteger bi && bi.bitLength() >= 64) return GoJson.text(bi);
    return GoJson.text(v);
  }

  private void literal(String s, int indent) {
    String chomp = !s.endsWith("\n") ? "-" : s.endsWith("\n\n") ? "+" : "";
    String lead = s.startsWith(" ") || s.startsWith("\n") ? "2" : "";
    sb.append(" |").append(lead).append(chomp).append('\n');
    String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    for (String line : body.split("\n", -1)) {
      if (!line.isEmpty()) sb.append(" ".repeat(indent)).append(line);
      sb.append('\n');
    }
  }

  // --- scalars: go-yaml v2's choice of style

  private static final Pattern INT = Pattern.compile("[-+]?(0b[01_]+|0[0-7_]+|(0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+)");
  private static final Pattern FLOAT = Pattern.compile(
      "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern BASE60 = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "\\d{4}-\\d{1,2}-\\d{1,2}(([Tt]|\\s+)\\d{1,2}:\\d{2}:\\d{2}(\\.\\d*)?(\\s*(Z|[-+]\\d{1,2}(:\\d{2})?))?)?");
  private static final List<String> SPECIAL = List.of("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
      "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null",
      "NULL", "<<", "=");

  /** Whether go-yaml would read the plain text back as something other than a string. */
  static boolean resolvesToNonString(String s) {
    return s.isEmpty() || SPECIAL.contains(s) || INT.matcher(s).matches() || FLOAT.matcher(s).matches()
        || BASE60.matcher(s).matches() || TIMESTAMP.matcher(s).matches();
  }

  private static String scalar(String s, int indent, int startColumn) {
    if (resolvesToNonString(s)) return doubleQuoted(s);
    Analysis a = analyze(s);
    if (a.plainAllowed) return folded(s, indent, startColumn);
    if (a.singleAllowed) return "'" + folded(s.replace("'", "''"), indent, startColumn + 1) + "'";
    return doubleQuoted(s);
  }

  /** go-yaml folds plain and single-quoted text at a space once the line is past 80 columns. */
  private static String folded(String s, int indent, int startColumn) {
    StringBuilder out = new StringBuilder();
    int column = startColumn;
    boolean spaces = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        boolean nextSpace = i + 1 < s.length() && s.charAt(i + 1) == ' ';
        if (!spaces && column > BEST_WIDTH && !nextSpace) {
          out.append('\n').append(" ".repeat(indent));
          column = indent;
        } else {
          out.append(c);
          column++;
        }
        spaces = true;
      } else {
        out.append(c);
        column++;
        spaces = false;
      }
    }
    return out.toString();
  }

  private record Analysis(boolean plainAllowed, boolean singleAllowed) {}

  /** A short reading of go-yaml's yaml_emitter_analyze_scalar for block context. */
  private static Analysis analyze(String s) {
    boolean special = false;
    boolean flowIndicators = false;
    boolean blockIndicators = false;
    boolean leadingSpace = s.startsWith(" ");
    boolean trailingSpace = s.endsWith(" ");
    if (s.startsWith("---") || s.startsWith("...")) {
      blockIndicators = true;
      flowIndicators = true;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean followedBySpace = i + 1 >= s.length() || s.charAt(i + 1) == ' ';
      boolean precededBySpace = i == 0 || s.charAt(i - 1) == ' ';
      if (i == 0) {
        switch (c) {
          case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
            flowIndicators = true;
            blockIndicators = true;
          }
          case '?', ':' -> {
            flowIndicators = true;
            if (followedBySpace) blockIndicators = true;
          }
          case '-' -> {
            if (followedBySpace) {
              flowIndicators = true;
              blockIndicators = true;
            }
          }
          default -> { }
        }
      } else {
        switch (c) {
          case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
          case ':' -> {
            flowIndicators = true;
            if (followedBySpace) blockIndicators = true;
          }
          case '#' -> {
            if (precededBySpace) {
              flowIndicators = true;
              blockIndicators = true;
            }
          }
          default -> { }
        }
      }
      boolean printable = c == '\n' || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
          || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || Character.isSurrogate(c);
      if (!printable) special = true;
    }
    boolean plain = !(leadingSpace || trailingSpace || special || blockIndicators || s.isEmpty());
    boolean single = !special;
    return new Analysis(plain, single);
  }

  private static String doubleQuoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case 0 -> out.append("\\0");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case 0x0B -> out.append("\\v");
        case '\f' -> out.append("\\f");
        case 0x1B -> out.append("\\e");
        case 0x85 -> out.append("\\N");
        case 0xA0 -> out.append("\\_");
        case 0x2028 -> out.append("\\L");
        case 0x2029 -> out.append("\\P");
        default -> {
          if (c < 0x20 || c == 0xFEFF || (c >= 0x7F && c < 0xA0)) out.append(String.format("\\x%02X", (int) c));
          else out.append(c);
        }
      }
    }
    return out.append('"').toString();
  }

  /** go-yaml v2's map key order: letters after other characters, digit runs compared as numbers. */
  static int goYamlLess(String a, String b) {
    if (a.equals(b)) return 0;
    return less(a, b) ? -1 : 1;
  }

  private static boolean less(String as, String bs) {
    int[] ar = as.codePoints().toArray();
    int[] br = bs.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) continue;
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) return ar[i] < br[i];
      if (al || bl) return bl;
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai] - '0');
      int bi = i;
      for (; bi < br.length && Character.isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi] - '0');
      if (an != bn) return an < bn;
      if (ai != bi) return ai < bi;
      return ar[i] < br[i];
    }
    return ar.length < br.length;
  }
}
