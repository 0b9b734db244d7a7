package kubesteps.core.jsonpath;

/** Go's strconv.Unquote as client-go's UnquoteExtend uses it: single or double quotes, Go escapes. */
public final class GoStrings {
  private GoStrings() {}

  public static String unquote(String s) {
    int n = s.length();
    if (n < 2) throw new IllegalArgumentException("invalid syntax");
    char quote = s.charAt(0);
    if (quote != s.charAt(n - 1) || (quote != '"' && quote != '\'')) throw new IllegalArgumentException("invalid syntax");
    String body = s.substring(1, n - 1);
    if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) return body;
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == quote) throw new IllegalArgumentException("invalid syntax");
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= body.length()) throw new IllegalArgumentException("invalid syntax");
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\\' -> out.append('\\');
        case '\'', '"' -> {
          if (e != quote) throw new IllegalArgumentException("invalid syntax");
          out.append(e);
        }
        case 'x', 'u', 'U' -> {
          int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + len > body.length()) throw new IllegalArgumentException("invalid syntax");
          int v;
          try {
            v = Integer.parseUnsignedInt(body.substring(i, i + len), 16);
          } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("invalid syntax");
          }
          i += len;
          if (e == 'x') out.append((char) v); // a byte; kubectl writes it raw
          else if (!Character.isValidCodePoint(v) || (v >= 0xD800 && v <= 0xDFFF)) {
            throw new IllegalArgumentException("invalid syntax");
          } else out.appendCodePoint(v);
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) throw new IllegalArgumentException("invalid syntax");
          String oct = "" + e + body.substring(i, i + 2);
          if (!oct.matches("[0-7]{3}")) throw new IllegalArgumentException("invalid syntax");
          int v = Integer.parseInt(oct, 8);
          if (v > 255) throw new IllegalArgumentException("invalid syntax");
          i += 2;
          out.append((char) v);
        }
        default -> throw new IllegalArgumentException("invalid syntax");
      }
    }
    return out.toString();
  }
}
