package kubesteps.core.gotemplate;

import static kubesteps.core.gotemplate.Values.MISSING;
import static kubesteps.core.gotemplate.Values.indirectInterface;
import static kubesteps.core.gotemplate.Values.isTrue;
import static kubesteps.core.gotemplate.Values.typeName;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kubesteps.core.gotemplate.Exec.FuncError;
import kubesteps.core.gotemplate.Values.GoInt;
import kubesteps.core.gotemplate.Values.Iface;

/** text/template's builtins (funcs.go) and kubectl's base64decode and exists (cli-runtime printers). */
final class Funcs {
  private Funcs() {}

  static final Set<String> NAMES = Set.of("and", "call", "html", "index", "slice", "js", "len", "not", "or", "print",
      "printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne", "base64decode", "exists");

  static Object call(String name, List<Object> a) {
    return switch (name) {
      case "not" -> !isTrue(indirectInterface(a.get(0)));
      case "len" -> len(a.get(0));
      case "index" -> index(a.get(0), a.subList(1, a.size()));
      case "slice" -> slice(a.get(0), a.subList(1, a.size()));
      case "eq" -> eq(a.get(0), a.subList(1, a.size()));
      case "ne" -> !eq(a.get(0), a.subList(1, 2));
      case "lt" -> lt(a.get(0), a.get(1));
      case "le" -> lt(a.get(0), a.get(1)) || eq(a.get(0), a.subList(1, 2));
      case "gt" -> !(lt(a.get(0), a.get(1)) || eq(a.get(0), a.subList(1, 2)));
      case "ge" -> !lt(a.get(0), a.get(1));
      case "print" -> GoFmt.sprint(a);
      case "println" -> GoFmt.sprintln(a);
      case "printf" -> GoFmt.sprintf((String) a.get(0), a.subList(1, a.size()));
      case "html" -> html(evalArgs(a));
      case "js" -> js(evalArgs(a));
      case "urlquery" -> urlQuery(evalArgs(a));
      case "base64decode" -> base64decode((String) a.get(0));
      case "exists" -> exists(a.get(0), a.subList(1, a.size()));
      default -> throw new IllegalStateException(name);
    };
  }

  private static Object len(Object item) {
    if (item instanceof Iface i) {
      if (i.value() == null) throw new FuncError("len of nil pointer");
      item = i.value();
    }
    if (item == MISSING) throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
    if (item instanceof Map<?, ?> m) return new GoInt(m.size());
    if (item instanceof List<?> l) return new GoInt(l.size());
    if (item instanceof String s) return new GoInt(s.getBytes(StandardCharsets.UTF_8).length);
    throw new FuncError("len of type " + typeName(item));
  }

  private static int indexArg(Object index, int cap) {
    long x;
    if (Values.isInteger(index)) x = ((Number) index).longValue();
    else if (index == MISSING) throw new FuncError("cannot index slice/array with nil");
    else throw new FuncError("cannot index slice/array with type " + typeName(index));
    if (x < 0 || x > cap) throw new FuncError("index out of range: " + x);
    return (int) x;
  }

  private static Object index(Object item, List<Object> indexes) {
    item = indirectInterface(item);
    if (item == MISSING) throw new FuncError("index of untyped nil");
    for (Object idx : indexes) {
      idx = indirectInterface(idx);
      if (item instanceof Iface i) {
        if (i.value() == null) throw new FuncError("index of nil pointer");
        item = i.value();
      }
      if (item instanceof List<?> l) {
        int x = indexArg(idx, l.size());
        if (x == l.size()) throw new FuncError("reflect: slice index out of range");
        item = new Iface(l.get(x));
      } else if (item instanceof String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int x = indexArg(idx, b.length);
        if (x == b.length) throw new FuncError("reflect: string index out of range");
        item = new GoInt(b[x] & 0xFF, "uint8");
      } else if (item instanceof Map<?, ?> m) {
        if (idx == MISSING) throw new FuncError("value is nil; should be of type string");
        if (!(idx instanceof String key)) {
          throw new FuncError("value has type " + typeName(idx) + "; should be string");
        }
        item = new Iface(m.containsKey(key) ? m.get(key) : null);
      } else {
        throw new FuncError("can't index item of type " + typeName(item));
      }
    }
    return item;
  }

  private static Object slice(Object item, List<Object> indexes) {
    item = indirectInterface(item);
    if (item == MISSING) throw new FuncError("slice of untyped nil");
    if (indexes.size() > 3) throw new FuncError("too many slice indexes: " + indexes.size());
    int len;
    byte[] bytes = null;
    if (item instanceof String s) {
      if (indexes.size() == 3) throw new FuncError("cannot 3-index slice a string");
      bytes = s.getBytes(StandardCharsets.UTF_8);
      len = bytes.length;
    } else if (item instanceof List<?> l) {
      len = l.size();
    } else {
      throw new FuncError("can't slice item of type " + typeName(item));
    }
    int[] idx = {0, len, 0};
    for (int i = 0; i < indexes.size(); i++) idx[i] = indexArg(indexes.get(i), len);
    if (idx[0] > idx[1]) throw new FuncError("invalid slice index: " + idx[0] + " > " + idx[1]);
    if (indexes.size() == 3 && idx[1] > idx[2]) {
      throw new FuncError("invalid slice index: " + idx[1] + " > " + idx[2]);
    }
    if (bytes != null) return new String(bytes, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
    return new ArrayList<>(((List<?>) item).subList(idx[0], idx[1]));
  }

  private enum K { INVALID, BOOL, INT, FLOAT, STRING }

  private static K basicKind(Object v) {
    if (v instanceof Boolean) return K.BOOL;
    if (Values.isInteger(v)) return K.INT;
    if (Values.isFloat(v)) return K.FLOAT;
    if (v instanceof String) return K.STRING;
    return K.INVALID;
  }

  private static boolean eq(Object arg1, List<Object> rest) {
    arg1 = indirectInterface(arg1);
    if (rest.isEmpty()) throw new FuncError("missing argument for comparison");
    K k1 = basicKind(arg1);
    for (Object arg : rest) {
      arg = indirectInterface(arg);
      K k2 = basicKind(arg);
      boolean truth = false;
      if (k1 != k2) {
        if (arg1 != MISSING && arg != MISSING) {
          throw new FuncError("incompatible types for comparison: " + typeName(arg1) + " and " + typeName(arg));
        }
      } else {
        switch (k1) {
          case BOOL -> truth = arg1.equals(arg);
          case INT -> truth = ((Number) arg1).longValue() == ((Number) arg).longValue();
          case FLOAT -> truth = ((Number) arg1).doubleValue() == ((Number) arg).doubleValue();
          case STRING -> truth = arg1.equals(arg);
          default -> {
            boolean nil1 = arg1 == MISSING;
            boolean nil2 = arg == MISSING;
            boolean sameKind = (arg1 instanceof Map) == (arg instanceof Map);
            if (!nil1 && !nil2 && !sameKind) {
              throw new FuncError("non-comparable types " + GoFmt.sprintf("%s", List.of(arg1)) + ": "
                  + typeName(arg1) + ", " + typeName(arg) + ": " + GoFmt.sprintf("%v", List.of(arg)));
            }
            if (nil1 || nil2) {
              truth = nil1 == nil2;
            } else {
              throw new FuncError("non-comparable type " + GoFmt.sprintf("%s", List.of(arg)) + ": " + typeName(arg));
            }
          }
        }
      }
      if (truth) return true;
    }
    return false;
  }

  private static boolean lt(Object arg1, Object arg2) {
    arg1 = indirectInterface(arg1);
    K k1 = basicKind(arg1);
    if (k1 == K.INVALID) throw new FuncError("invalid type for comparison");
    arg2 = indirectInterface(arg2);
    K k2 = basicKind(arg2);
    if (k2 == K.INVALID) throw new FuncError("invalid type for comparison");
    if (k1 != k2) {
      throw new FuncError("incompatible types for comparison: " + typeName(arg1) + " and " + typeName(arg2));
    }
    return switch (k1) {
      case FLOAT -> ((Number) arg1).doubleValue() < ((Number) arg2).doubleValue();
      case INT -> ((Number) arg1).longValue() < ((Number) arg2).longValue();
      case STRING -> Exec.compareStrings((String) arg1, (String) arg2) < 0;
      default -> throw new FuncError("invalid type for comparison");
    };
  }

  /** fmt.Sprint of the arguments, nil ones as "<no value>" (the escapers' evalArgs). */
  private static String evalArgs(List<Object> args) {
    if (args.size() == 1 && args.get(0) instanceof String s) return s;
    List<Object> printable = new ArrayList<>();
    for (Object a : args) printable.add(a == null ? "<no value>" : a);
    return GoFmt.sprint(printable);
  }

  static String html(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\0' -> sb.append('\uFFFD');
        case '"' -> sb.append("&#34;");
        case '\'' -> sb.append("&#39;");
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String js(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '"' -> sb.append("\\\"");
        case '<' -> sb.append("\\u003C");
        case '>' -> sb.append("\\u003E");
        case '&' -> sb.append("\\u0026");
        case '=' -> sb.append("\\u003D");
        default -> {
          if (c < ' ') sb.append(String.format("\\u%04X", c));
          else if (c < 0x80 || GoFmt.isPrint(c)) sb.appendCodePoint(c);
          else sb.append(String.format("\\u%04X", c));
        }
      }
    }
    return sb.toString();
  }

  static String urlQuery(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        sb.append((char) c);
      } else if (c == ' ') {
        sb.append('+');
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return sb.toString();
  }

  private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /**
   * kubectl's base64decode: base64.StdEncoding (padding required, \r and \n skipped), errors in Go's words. The bytes
   * are read as UTF-8 (a Secret holding binary data comes out with U+FFFD where kubectl writes the raw bytes).
   */
  static String base64decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] quantum = new int[4];
    int n = 0;
    int i = 0;
    int len = s.length();
    while (i < len) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        i++;
        continue;
      }
      if (c == '=') {
        // padding: only at the third or fourth place of a quantum, and nothing after it but newlines
        if (n < 2) throw corrupt(i);
        int j = i + 1;
        if (n == 2) {
          while (j < len && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) j++;
          if (j >= len || s.charAt(j) != '=') throw corrupt(j >= len ? len : j);
          j++;
        }
        while (j < len && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) j++;
        if (j < len) throw corrupt(j);
        int v = quantum[0] << 18 | quantum[1] << 12 | (n > 2 ? quantum[2] << 6 : 0);
        out.write(v >> 16);
        if (n == 3) out.write(v >> 8 & 0xFF);
        n = 0;
        i = len;
        break;
      }
      int d = B64.indexOf(c);
      if (d < 0) throw corrupt(i);
      quantum[n++] = d;
      i++;
      if (n == 4) {
        int v = quantum[0] << 18 | quantum[1] << 12 | quantum[2] << 6 | quantum[3];
        out.write(v >> 16);
        out.write(v >> 8 & 0xFF);
        out.write(v & 0xFF);
        n = 0;
      }
    }
    if (n != 0) throw corrupt(len - n);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static FuncError corrupt(int at) {
    return new FuncError("base64 decode failed: illegal base64 data at input byte " + at);
  }

  /** kubectl's exists: whether index would find something non-nil along these indices. */
  static boolean exists(Object item, List<Object> indices) {
    Object v = item;
    for (Object index : indices) {
      if (v == null) return false;
      if (v instanceof List<?> || v instanceof String) {
        if (!Values.isInteger(index)) return false;
        long x = ((Number) index).longValue();
        int size = v instanceof List<?> l ? l.size() : ((String) v).getBytes(StandardCharsets.UTF_8).length;
        if (x < 0 || x >= size) return false;
        v = v instanceof List<?> l ? l.get((int) x) : (Object) new GoInt(((String) v).getBytes(
            StandardCharsets.UTF_8)[(int) x] & 0xFF, "uint8");
      } else if (v instanceof Map<?, ?> m) {
        Object key = index == null ? "" : index;
        if (!(key instanceof String)) return false;
        v = m.get(key);
      } else {
        return false;
      }
    }
    return v != null;
  }
}
