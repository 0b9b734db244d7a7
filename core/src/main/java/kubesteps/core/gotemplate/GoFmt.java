package kubesteps.core.gotemplate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import kubesteps.core.jsonpath.GoJson;

/**
 * Go's fmt (Sprint, Sprintln, Sprintf) for the values a JSON tree holds: strings, bool, int/int64, float64, maps
 * ({@code map[a:1 b:2]}, keys sorted) and lists ({@code [a b]}), nil as {@code <nil>}; verbs v s d q x X o O b c U
 * t e E f F g G T and %%, flags - + # space 0, width, precision, * and [n]; Go's error forms ({@code %!d(string=x)},
 * {@code %!d(MISSING)}, {@code %!(EXTRA ...)}, {@code %!(NOVERB)}).
 */
final class GoFmt {
  private GoFmt() {}

  static String sprint(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    boolean prevString = false;
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      boolean isString = a instanceof String;
      if (i > 0 && !isString && !prevString) sb.append(' ');
      new Printer(sb).printArg(a, 'v');
      prevString = isString;
    }
    return sb.toString();
  }

  static String sprintln(List<Object> args) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) sb.append(' ');
      new Printer(sb).printArg(args.get(i), 'v');
    }
    return sb.append('\n').toString();
  }

  static String sprintf(String format, List<Object> args) {
    StringBuilder sb = new StringBuilder();
    new Printer(sb).doPrintf(format, args);
    return sb.toString();
  }

  /** One formatting pass: the flags of the verb being printed. */
  private static final class Printer {
    final StringBuilder buf;
    boolean minus;
    boolean plus;
    boolean sharp;
    boolean space;
    boolean zero;
    boolean plusV;
    boolean sharpV;
    boolean widPresent;
    boolean precPresent;
    int wid;
    int prec;

    Printer(StringBuilder buf) {
      this.buf = buf;
    }

    void clearFlags() {
      minus = plus = sharp = space = zero = plusV = sharpV = widPresent = precPresent = false;
      wid = prec = 0;
    }

    void doPrintf(String format, List<Object> args) {
      int end = format.length();
      int argNum = 0;
      boolean afterIndex;
      boolean reordered = false;
      int i = 0;
      while (i < end) {
        boolean goodArgNum = true;
        int lasti = i;
        while (i < end && format.charAt(i) != '%') i++;
        if (i > lasti) buf.append(format, lasti, i);
        if (i >= end) break;
        i++; // the %
        clearFlags();
        flags:
        for (; i < end; i++) {
          switch (format.charAt(i)) {
            case '#' -> sharp = true;
            case '0' -> zero = !minus;
            case '+' -> plus = true;
            case '-' -> {
              minus = true;
              zero = false;
            }
            case ' ' -> space = true;
            default -> {
              break flags;
            }
          }
        }
        int[] r = argNumber(argNum, format, i, args.size());
        argNum = r[0];
        i = r[1];
        afterIndex = r[2] == 1;
        if (r[3] == 0) goodArgNum = false;
        if (r[4] == 1) reordered = true;
        // width
        if (i < end && format.charAt(i) == '*') {
          i++;
          Integer w = intFromArg(args, argNum);
          argNum++;
          if (w == null) {
            buf.append("%!(BADWIDTH)");
          } else {
            widPresent = true;
            wid = w;
            if (wid < 0) {
              wid = -wid;
              minus = true;
              zero = false;
            }
          }
          afterIndex = false;
        } else {
          int start = i;
          while (i < end && Character.isDigit(format.charAt(i))) i++;
          if (i > start) {
            widPresent = true;
            wid = Integer.parseInt(format.substring(start, Math.min(i, start + 7)));
            if (afterIndex) goodArgNum = false;
          }
        }
        // precision
        if (i + 1 <= end && i < end && format.charAt(i) == '.') {
          i++;
          if (afterIndex) goodArgNum = false;
          r = argNumber(argNum, format, i, args.size());
          argNum = r[0];
          i = r[1];
          afterIndex = r[2] == 1;
          if (r[3] == 0) goodArgNum = false;
          if (r[4] == 1) reordered = true;
          if (i < end && format.charAt(i) == '*') {
            i++;
            Integer p = intFromArg(args, argNum);
            argNum++;
            if (p == null || p < 0) {
              precPresent = false;
              prec = 0;
              if (p == null) buf.append("%!(BADPREC)");
            } else {
              precPresent = true;
              prec = p;
            }
            afterIndex = false;
          } else {
            int start = i;
            while (i < end && Character.isDigit(format.charAt(i))) i++;
            precPresent = true;
            prec = i > start ? Integer.parseInt(format.substring(start, Math.min(i, start + 7))) : 0;
          }
        }
        if (!afterIndex) {
          r = argNumber(argNum, format, i, args.size());
          argNum = r[0];
          i = r[1];
          afterIndex = r[2] == 1;
          if (r[3] == 0) goodArgNum = false;
          if (r[4] == 1) reordered = true;
        }
        if (i >= end) {
          buf.append("%!(NOVERB)");
          break;
        }
        int verb = format.codePointAt(i);
        i += Character.charCount(verb);
        if (verb == '%') {
          buf.append('%');
        } else if (!goodArgNum) {
          buf.append("%!").appendCodePoint(verb).append("(BADINDEX)");
        } else if (argNum >= args.size()) {
          buf.append("%!").appendCodePoint(verb).append("(MISSING)");
        } else {
          if (verb == 'v') {
            sharpV = sharp;
            sharp = false;
            plusV = plus;
            plus = false;
          }
          printArg(args.get(argNum), verb);
          argNum++;
        }
      }
      if (!reordered && argNum < args.size()) {
        clearFlags();
        buf.append("%!(EXTRA ");
        for (int k = argNum; k < args.size(); k++) {
          if (k > argNum) buf.append(", ");
          Object a = args.get(k);
          if (a == null) {
            buf.append("<nil>");
          } else {
            buf.append(Values.typeName(a)).append('=');
            printArg(a, 'v');
          }
        }
        buf.append(')');
      }
    }

    /** [argNum, i, afterIndex, ok, reordered] for an optional [n] at i. */
    private static int[] argNumber(int argNum, String format, int i, int numArgs) {
      if (i >= format.length() || format.charAt(i) != '[') return new int[] {argNum, i, 0, 1, 0};
      for (int j = i + 1; j < format.length(); j++) {
        if (format.charAt(j) == ']') {
          String num = format.substring(i + 1, j);
          int index;
          try {
            index = num.isEmpty() ? -1 : Integer.parseInt(num) - 1;
          } catch (NumberFormatException e) {
            index = -1;
          }
          boolean ok = index >= 0 && index < numArgs && num.chars().allMatch(Character::isDigit);
          return new int[] {ok ? index : argNum, j + 1, 1, ok ? 1 : 0, 1};
        }
      }
      return new int[] {argNum, i + 1, 0, 0, 1};
    }

    private static Integer intFromArg(List<Object> args, int argNum) {
      if (argNum >= args.size()) return null;
      Object a = args.get(argNum);
      if (!Values.isInteger(a)) return null;
      long v = ((Number) a).longValue();
      if (v > 1_000_000 || v < -1_000_000) return null;
      return (int) v;
    }

    void printArg(Object arg, int verb) {
      if (arg == null) {
        if (verb == 'T' || verb == 'v') pad("<nil>");
        else badVerb(verb, null);
        return;
      }
      if (verb == 'T') {
        fmtS(Values.typeName(arg));
        return;
      }
      printValue(arg, verb, 0);
    }

    void printValue(Object v, int verb, int depth) {
      if (v instanceof Values.Iface i) v = i.value();
      if (v == null) {
        if (sharpV) buf.append("interface {}(nil)");
        else pad("<nil>");
        return;
      }
      if (v instanceof Boolean b) {
        if (verb == 't' || verb == 'v') pad(b.toString());
        else badVerb(verb, v);
      } else if (Values.isInteger(v)) {
        fmtInteger(((Number) v).longValue(), verb, v);
      } else if (Values.isFloat(v)) {
        fmtFloat(((Number) v).doubleValue(), verb, v);
      } else if (v instanceof String s) {
        switch (verb) {
          case 'v' -> {
            if (sharpV) fmtQ(s);
            else fmtS(s);
          }
          case 's' -> fmtS(s);
          case 'x' -> fmtSx(s, false);
          case 'X' -> fmtSx(s, true);
          case 'q' -> fmtQ(s);
          default -> badVerb(verb, v);
        }
      } else if (v instanceof Map<?, ?> m) {
        buf.append(sharpV ? "map[string]interface {}{" : "map[");
        boolean first = true;
        for (Map.Entry<String, Object> e : Exec.sortedEntries(m)) {
          if (!first) buf.append(sharpV ? ", " : " ");
          first = false;
          printValue(e.getKey(), verb, depth + 1);
          buf.append(':');
          printValue(new Values.Iface(e.getValue()), verb, depth + 1);
        }
        buf.append(sharpV ? '}' : ']');
      } else if (v instanceof List<?> l) {
        buf.append(sharpV ? "[]interface {}{" : "[");
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) buf.append(sharpV ? ", " : " ");
          printValue(new Values.Iface(l.get(i)), verb, depth + 1);
        }
        buf.append(sharpV ? '}' : ']');
      } else {
        fmtS(String.valueOf(v));
      }
    }

    private void badVerb(int verb, Object arg) {
      buf.append("%!").appendCodePoint(verb).append('(');
      if (arg == null) {
        buf.append("<nil>");
      } else {
        buf.append(Values.typeName(arg)).append('=');
        printArg(arg, 'v');
      }
      buf.append(')');
    }

    private void pad(String s) {
      if (!widPresent || wid == 0) {
        buf.append(s);
        return;
      }
      int width = wid - s.codePointCount(0, s.length());
      if (width <= 0) {
        buf.append(s);
      } else if (!minus) {
        buf.append(String.valueOf(zero ? '0' : ' ').repeat(width)).append(s);
      } else {
        buf.append(s).append(" ".repeat(width));
      }
    }

    private String truncate(String s) {
      if (precPresent && s.codePointCount(0, s.length()) > prec) return s.substring(0, s.offsetByCodePoints(0, prec));
      return s;
    }

    private void fmtS(String s) {
      pad(truncate(s));
    }

    private void fmtQ(String s) {
      s = truncate(s);
      if (sharp && canBackquote(s)) pad("`" + s + "`");
      else pad(quote(s, plus));
    }

    private void fmtSx(String s, boolean upper) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int length = precPresent && prec < b.length ? prec : b.length;
      String digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        if (space && i > 0) sb.append(' ');
        if (sharp && (space || i == 0)) sb.append(upper ? "0X" : "0x");
        sb.append(digits.charAt((b[i] >> 4) & 0xF)).append(digits.charAt(b[i] & 0xF));
      }
      pad(sb.toString());
    }

    private void fmtInteger(long v, int verb, Object arg) {
      switch (verb) {
        case 'v', 'd' -> integer(v, 10, verb, "0123456789abcdef");
        case 'b' -> integer(v, 2, verb, "01");
        case 'o', 'O' -> integer(v, 8, verb, "01234567");
        case 'x' -> integer(v, 16, verb, "0123456789abcdef");
        case 'X' -> integer(v, 16, verb, "0123456789ABCDEF");
        case 'c' -> pad(validRune(v) ? new String(Character.toChars((int) v)) : "\uFFFD");
        case 'q' -> pad(quoteRune(validRune(v) ? (int) v : 0xFFFD, plus));
        case 'U' -> {
          String u = String.format("U+%04X", v);
          if (sharp && validRune(v) && isPrint((int) v)) u += " '" + new String(Character.toChars((int) v)) + "'";
          pad(u);
        }
        default -> badVerb(verb, arg);
      }
    }

    private static boolean validRune(long v) {
      return v >= 0 && v <= Character.MAX_CODE_POINT && !(v >= 0xD800 && v <= 0xDFFF);
    }

    private void integer(long v, int base, int verb, String digits) {
      boolean negative = v < 0;
      java.math.BigInteger u = java.math.BigInteger.valueOf(v).abs();
      int precision = 0;
      if (precPresent) {
        precision = prec;
        if (precision == 0 && v == 0) {
          boolean oldZero = zero;
          zero = false;
          pad("");
          zero = oldZero;
          return;
        }
      } else if (zero && !minus && widPresent) {
        precision = wid;
        if (negative || plus || space) precision--;
      }
      String num = u.toString(base);
      if (digits.charAt(10 % digits.length()) == 'A') num = num.toUpperCase(java.util.Locale.ROOT);
      StringBuilder sb = new StringBuilder();
      for (int k = num.length(); k < precision; k++) sb.append('0');
      sb.append(num);
      if (sharp) {
        if (base == 2) sb.insert(0, "0b");
        else if (base == 8 && sb.charAt(0) != '0') sb.insert(0, '0');
        else if (base == 16) sb.insert(0, digits.charAt(10) == 'A' ? "0X" : "0x");
      }
      if (verb == 'O') sb.insert(0, "0o");
      if (negative) sb.insert(0, '-');
      else if (plus) sb.insert(0, '+');
      else if (space) sb.insert(0, ' ');
      boolean oldZero = zero;
      zero = false;
      pad(sb.toString());
      zero = oldZero;
    }

    private void fmtFloat(double v, int verb, Object arg) {
      int p;
      switch (verb) {
        case 'v' -> {
          verb = 'g';
          p = -1;
        }
        case 'g', 'G' -> p = -1;
        case 'f', 'F', 'e', 'E' -> p = 6;
        default -> {
          badVerb(verb, arg);
          return;
        }
      }
      if (precPresent) p = prec;
      // %v without a precision: the project's Go float text (the same digits strconv's shortest 'g' gives)
      String num = verb == 'g' && p < 0 ? floatV(v) : formatFloat(v, (char) verb, p);
      if (num.charAt(0) != '-' && num.charAt(0) != '+') num = "+" + num;
      if (space && num.charAt(0) == '+' && !plus) num = " " + num.substring(1);
      if (num.charAt(1) == 'I' || num.charAt(1) == 'N') {
        boolean oldZero = zero;
        zero = false;
        if (num.charAt(1) == 'N' && !space && !plus) num = num.substring(1);
        pad(num);
        zero = oldZero;
        return;
      }
      if (plus || num.charAt(0) != '+') {
        if (zero && !minus && widPresent && wid > num.length()) {
          buf.append(num.charAt(0)).append("0".repeat(wid - num.length())).append(num, 1, num.length());
          return;
        }
        pad(num);
        return;
      }
      pad(num.substring(1));
    }
  }

  /** strconv.FormatFloat(v, fmt, prec, 64) for 'e', 'E', 'f', 'F', 'g', 'G' (prec -1: the shortest digits). */
  static String formatFloat(double v, char fmt, int prec) {
    if (Double.isNaN(v)) return "NaN";
    if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
    String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
    double abs = Math.abs(v);
    boolean shortest = prec < 0;
    String digits;
    int dp;
    if (abs == 0) {
      digits = "";
      dp = 0;
    } else if (shortest) {
      BigDecimal b = shortestDecimal(abs);
      digits = b.unscaledValue().toString();
      dp = digits.length() - b.scale();
    } else {
      BigDecimal exact = new BigDecimal(abs);
      BigDecimal r;
      switch (fmt) {
        case 'e', 'E' -> r = exact.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
        case 'f', 'F' -> r = exact.setScale(prec, RoundingMode.HALF_EVEN);
        default -> r = exact.round(new MathContext(prec == 0 ? 1 : prec, RoundingMode.HALF_EVEN));
      }
      if (r.signum() == 0) {
        digits = "";
        dp = 0;
      } else {
        r = r.stripTrailingZeros();
        digits = r.unscaledValue().toString();
        dp = digits.length() - r.scale();
      }
    }
    int nd = digits.length();
    switch (fmt) {
      case 'e', 'E' -> {
        return sign + fmtE(digits, dp, shortest ? Math.max(nd - 1, 0) : prec, fmt);
      }
      case 'f', 'F' -> {
        return sign + fmtF(digits, dp, shortest ? Math.max(nd - dp, 0) : prec);
      }
      default -> {
        int eprec = prec;
        if (shortest) eprec = 6;
        else if (eprec > nd && nd >= dp) eprec = nd;
        int exp = dp - 1;
        if (nd == 0) exp = 0;
        int p = shortest ? nd : (prec == 0 ? 1 : prec);
        if (exp < -4 || exp >= eprec) {
          if (p > nd) p = nd;
          return sign + fmtE(digits, dp, Math.max(p - 1, 0), fmt == 'G' ? 'E' : 'e');
        }
        if (p > dp) p = nd;
        return sign + fmtF(digits, dp, Math.max(p - dp, 0));
      }
    }
  }

  private static BigDecimal shortestDecimal(double abs) {
    BigDecimal exact = new BigDecimal(abs);
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == abs) return r.stripTrailingZeros();
    }
    return new BigDecimal(Double.toString(abs)).stripTrailingZeros();
  }

  private static String fmtE(String d, int dp, int prec, char fmt) {
    StringBuilder sb = new StringBuilder();
    sb.append(d.isEmpty() ? '0' : d.charAt(0));
    if (prec > 0) {
      sb.append('.');
      for (int i = 1; i <= prec; i++) sb.append(i < d.length() ? d.charAt(i) : '0');
    }
    int exp = d.isEmpty() ? 0 : dp - 1;
    sb.append(fmt == 'E' ? 'E' : 'e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) sb.append('0');
    return sb.append(a).toString();
  }

  private static String fmtF(String d, int dp, int prec) {
    StringBuilder sb = new StringBuilder();
    if (dp > 0) {
      for (int i = 0; i < dp; i++) sb.append(i < d.length() ? d.charAt(i) : '0');
    } else {
      sb.append('0');
    }
    if (prec > 0) {
      sb.append('.');
      for (int i = 0; i < prec; i++) {
        int j = dp + i;
        sb.append(j >= 0 && j < d.length() ? d.charAt(j) : '0');
      }
    }
    return sb.toString();
  }

  /** unicode.IsPrint, near enough: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int c) {
    if (c == ' ') return true;
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /** strconv.Quote (ascii: QuoteToASCII). */
  static String quote(String s, boolean ascii) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      appendEscaped(sb, c, '"', ascii);
    }
    return sb.append('"').toString();
  }

  static String quoteRune(int c, boolean ascii) {
    StringBuilder sb = new StringBuilder("'");
    appendEscaped(sb, c, '\'', ascii);
    return sb.append('\'').toString();
  }

  private static void appendEscaped(StringBuilder sb, int c, char quote, boolean ascii) {
    if (c == quote || c == '\\') {
      sb.append('\\').append((char) c);
      return;
    }
    if (ascii ? (c < 0x80 && isPrint(c)) : isPrint(c)) {
      sb.appendCodePoint(c);
      return;
    }
    switch (c) {
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0b -> sb.append("\\v");
      default -> {
        if (c < ' ' || c == 0x7f) sb.append(String.format("\\x%02x", c));
        else if (c >= 0xD800 && c <= 0xDFFF) sb.append("\\ufffd");
        else if (c < 0x10000) sb.append(String.format("\\u%04x", c));
        else sb.append(String.format("\\U%08x", c));
      }
    }
  }

  private static boolean canBackquote(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '`' || c == '\uFEFF' || (c < ' ' && c != '\t') || c == 0x7f) return false;
    }
    return true;
  }

  /** A character constant 'x' as strconv.UnquoteChar reads it: [rune, index after it], or null. */
  static int[] unquoteChar(String text) {
    int i = 1;
    if (i >= text.length()) return null;
    int c = text.codePointAt(i);
    if (c == '\'') return null;
    if (c != '\\') return new int[] {c, i + Character.charCount(c)};
    if (i + 1 >= text.length()) return null;
    char e = text.charAt(i + 1);
    i += 2;
    switch (e) {
      case 'a' -> {
        return new int[] {7, i};
      }
      case 'b' -> {
        return new int[] {8, i};
      }
      case 'f' -> {
        return new int[] {12, i};
      }
      case 'n' -> {
        return new int[] {10, i};
      }
      case 'r' -> {
        return new int[] {13, i};
      }
      case 't' -> {
        return new int[] {9, i};
      }
      case 'v' -> {
        return new int[] {11, i};
      }
      case '\\', '\'' -> {
        return new int[] {e, i};
      }
      case 'x', 'u', 'U' -> {
        int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + n > text.length()) return null;
        try {
          int v = Integer.parseUnsignedInt(text.substring(i, i + n), 16);
          if (e != 'x' && (v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF))) return null;
          return new int[] {v, i + n};
        } catch (NumberFormatException ex) {
          return null;
        }
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        if (i + 2 > text.length()) return null;
        String oct = e + text.substring(i, i + 2);
        if (!oct.matches("[0-7]{3}")) return null;
        int v = Integer.parseInt(oct, 8);
        return v > 255 ? null : new int[] {v, i + 2};
      }
      default -> {
        return null;
      }
    }
  }

  /** fmt's %v of a float64, from the project's Go formatting (GoJson.text). */
  static String floatV(double d) {
    return GoJson.text(d);
  }
}
