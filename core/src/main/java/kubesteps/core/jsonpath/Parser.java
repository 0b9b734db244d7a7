package kubesteps.core.jsonpath;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubectl's JSONPath template grammar (client-go util/jsonpath parser.go), read and re-implemented: the same tokens,
 * the same quirks (single-quoted dict keys only, dots inside {@code ['a.b']} still split, {@code []} is {@code [0]}),
 * the same error texts. Unlike kubectl, an unknown identifier or a stray {@code {end}} is reported here, at parse
 * time, instead of when the template runs.
 */
final class Parser {
  static final class Error extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int position;

    Error(String problem, int position) {
      super(problem);
      this.position = position;
    }
  }

  private static final Pattern DICT_KEY = Pattern.compile("^'([^']*)'$");
  private static final Pattern SLICE = Pattern.compile("^(-?\\d*)(:-?\\d*)?(:-?\\d*)?$");
  private static final Pattern FILTER = Pattern.compile("^([^!<>=]+)([!<>=]+)(.+?)$");
  private static final List<String> OPERATORS = List.of("==", "!=", "<", "<=", ">", ">=");

  private final String in;
  /** Where this text starts in the user's template, for error positions of nested parses. */
  private final int base;
  private int pos;

  private Parser(String in, int base) {
    this.in = in;
    this.base = base;
  }

  /** The template as literal text, actions and range blocks. */
  static List<Item> template(String text) {
    List<Object> flat = new Parser(text, 0).parseFlat();
    return blocks(flat, text);
  }

  /** Text and actions (each a List of nodes, with a start offset), in order. */
  private List<Object> parseFlat() {
    List<Object> out = new ArrayList<>();
    while (pos < in.length()) {
      int open = in.indexOf('{', pos);
      if (open < 0) {
        out.add(new Item.Literal(in.substring(pos)));
        pos = in.length();
        break;
      }
      if (open > pos) out.add(new Item.Literal(in.substring(pos, open)));
      pos = open + 1;
      out.add(new ActionAt(parseAction(), open));
    }
    return out;
  }

  private record ActionAt(List<Node> nodes, int offset) {}

  private static List<Item> blocks(List<Object> flat, String text) {
    Deque<List<Item>> bodies = new ArrayDeque<>();
    Deque<List<Node>> ranges = new ArrayDeque<>();
    List<Item> current = new ArrayList<>();
    for (Object o : flat) {
      if (o instanceof Item.Literal l) {
        current.add(l);
        continue;
      }
      ActionAt a = (ActionAt) o;
      List<Node> nodes = a.nodes();
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) instanceof Node.Identifier id) {
          String name = id.name();
          if (i > 0 || !(name.equals("range") || name.equals("end"))) {
            throw new Error("unrecognized identifier " + name, a.offset() + 1);
          }
        }
      }
      if (!nodes.isEmpty() && nodes.get(0) instanceof Node.Identifier id && id.name().equals("range")) {
        ranges.push(List.copyOf(nodes.subList(1, nodes.size())));
        bodies.push(current);
        current = new ArrayList<>();
      } else if (!nodes.isEmpty() && nodes.get(0) instanceof Node.Identifier id && id.name().equals("end")) {
        if (nodes.size() > 1) throw new Error("unexpected text after end", a.offset() + 1);
        if (ranges.isEmpty()) throw new Error("not in range, nothing to end", a.offset() + 1);
        Item.Range r = new Item.Range(ranges.pop(), List.copyOf(current), true);
        current = bodies.pop();
        current.add(r);
      } else {
        current.add(new Item.Action(List.copyOf(nodes)));
      }
    }
    while (!ranges.isEmpty()) { // kubectl tolerates a range without its end
      Item.Range r = new Item.Range(ranges.pop(), List.copyOf(current), false);
      current = bodies.pop();
      current.add(r);
    }
    return List.copyOf(current);
  }

  /** Nodes of the action whose '{' was just consumed, up to and including its '}'. */
  private List<Node> parseAction() {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      if (in.startsWith("}", pos)) {
        pos++;
        return nodes;
      }
      if (in.startsWith("[?(", pos)) {
        nodes.add(parseFilter());
        continue;
      }
      if (in.startsWith("..", pos)) {
        if (!nodes.isEmpty() && nodes.get(nodes.size() - 1) instanceof Node.Recursive) {
          throw error("invalid multiple recursive descent");
        }
        pos += 2;
        nodes.add(new Node.Recursive());
        if (pos < in.length() && isAlphaNumeric(in.codePointAt(pos))) nodes.add(parseField());
        continue;
      }
      if (pos >= in.length()) throw error("unclosed action");
      int r = in.codePointAt(pos);
      if (r == '\r' || r == '\n') throw error("unclosed action");
      pos += Character.charCount(r);
      if (r == ' ' || r == '@' || r == '$') continue;
      if (r == '[') nodes.add(parseArray(nodes));
      else if (r == '"' || r == '\'') nodes.add(parseQuote(r));
      else if (r == '.') nodes.add(parseField());
      else if (r == '+' || r == '-' || Character.isDigit(r)) {
        pos -= 1;
        nodes.add(parseNumber());
      } else if (isAlphaNumeric(r)) {
        pos -= Character.charCount(r);
        nodes.add(parseIdentifier());
      } else {
        pos -= Character.charCount(r);
        throw error(String.format("unrecognized character in action: U+%04X '%s'", r, new String(Character.toChars(r))));
      }
    }
  }

  private Node parseIdentifier() {
    int start = pos;
    while (pos < in.length() && !isTerminator(in.codePointAt(pos))) pos += Character.charCount(in.codePointAt(pos));
    String value = in.substring(start, pos);
    if (value.equals("true") || value.equals("false")) return new Node.BoolLit(Boolean.parseBoolean(value));
    return new Node.Identifier(value);
  }

  private Node parseNumber() {
    int start = pos;
    if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) pos++;
    while (pos < in.length() && (in.charAt(pos) == '.' || Character.isDigit(in.charAt(pos)))) pos++;
    String value = in.substring(start, pos);
    try {
      return new Node.IntLit(Long.parseLong(value));
    } catch (NumberFormatException e) {
      // not an integer: maybe a float
    }
    try {
      if (value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)")) return new Node.FloatLit(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error("cannot parse number " + value);
  }

  /** After '[': an index, slice, union or dict key. */
  private Node parseArray(List<Node> nodes) {
    int start = pos - 1;
    int close = pos;
    while (true) {
      if (close >= in.length() || in.charAt(close) == '\n') {
        pos = close;
        throw error("unterminated array");
      }
      if (in.charAt(close) == ']') break;
      close++;
    }
    String text = in.substring(pos, close);
    pos = close + 1;
    if (text.equals("*")) text = ":";
    String[] parts = text.split(",", -1);
    if (parts.length > 1) {
      List<List<Node>> alternatives = new ArrayList<>();
      for (String part : parts) alternatives.add(sub("[" + part.strip() + "]", start));
      return new Node.Union(alternatives);
    }
    Matcher key = DICT_KEY.matcher(text);
    if (key.matches()) {
      List<Node> keyNodes = sub("." + key.group(1), start);
      // ['a.b'] is .a.b, as in kubectl: all but the last go straight into the action
      for (int i = 0; i < keyNodes.size() - 1; i++) nodes.add(keyNodes.get(i));
      if (keyNodes.isEmpty()) return new Node.Union(List.of(List.of()));
      return keyNodes.get(keyNodes.size() - 1);
    }
    Matcher slice = SLICE.matcher(text);
    if (!slice.matches()) throw new Error("invalid array index " + text, base + start + 1);
    Node.Param[] params = new Node.Param[3];
    for (int i = 0; i < 3; i++) {
      String v = slice.group(i + 1);
      if (v != null && !v.isEmpty()) {
        if (i > 0) v = v.substring(1);
        if (i > 0 && v.isEmpty()) {
          params[i] = new Node.Param(false, 0, false);
        } else {
          try {
            params[i] = new Node.Param(true, Integer.parseInt(v), false);
          } catch (NumberFormatException e) {
            throw new Error("array index " + v + " is not a number", base + start + 1);
          }
        }
      } else if (i == 1) {
        params[i] = new Node.Param(true, params[0].value() + 1, true);
      } else {
        params[i] = new Node.Param(false, 0, false);
      }
    }
    return new Node.Slice(params[0], params[1], params[2]);
  }

  /** After '[?(': a filter up to ")]". */
  private Node parseFilter() {
    int start = pos;
    pos += 3;
    int textStart = pos;
    boolean begin = false;
    boolean end = false;
    int pair = 0;
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') throw error("unterminated filter");
      char r = in.charAt(pos++);
      if (r == '"' || r == '\'') {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (in.charAt(pos - 2) != '\\' && r == pair) end = true;
      } else if (r == ')' && begin == end) {
        break;
      }
    }
    if (pos >= in.length() || in.charAt(pos) != ']') throw error("unclosed array expect ]");
    pos++;
    String text = in.substring(textStart, pos - 2);
    Matcher m = FILTER.matcher(text);
    if (!m.matches()) return new Node.Filter(sub(text, start), List.of(), "exists");
    String op = m.group(2);
    if (!OPERATORS.contains(op)) throw new Error("unrecognized filter operator " + op, base + start + 1);
    return new Node.Filter(sub(m.group(1), start), sub(m.group(3), start), op);
  }

  private Node parseQuote(int quote) {
    int start = pos - 1;
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') throw error("unterminated quoted string");
      char c = in.charAt(pos++);
      if (c == quote && in.charAt(pos - 2) != '\\') break;
    }
    String value = in.substring(start, pos);
    try {
      return new Node.Text(GoStrings.unquote(value));
    } catch (IllegalArgumentException e) {
      throw new Error("unquote string " + value + " error invalid syntax", base + start + 1);
    }
  }

  /** After '.' (or '..'): a key up to the next unescaped terminator; "*" is the wildcard. */
  private Node parseField() {
    int start = pos;
    while (pos < in.length()) {
      int r = in.codePointAt(pos);
      if (r == '\\') {
        pos++;
        if (pos < in.length()) pos += Character.charCount(in.codePointAt(pos));
        continue;
      }
      if (isTerminator(r)) break;
      pos += Character.charCount(r);
    }
    String value = in.substring(start, pos);
    if (value.equals("*")) return new Node.Wildcard();
    return new Node.Field(value.replace("\\", ""));
  }

  /** The nodes of {@code {text}} (kubectl's parseAction), for union parts, dict keys and filter sides. */
  private List<Node> sub(String text, int at) {
    Parser p = new Parser("{" + text + "}", base + at);
    try {
      p.pos = 1;
      return p.parseAction();
    } catch (Error e) {
      throw new Error(e.getMessage(), base + at + 1);
    }
  }

  private Error error(String problem) {
    return new Error(problem, base + pos + 1);
  }

  private static boolean isTerminator(int r) {
    return switch (r) {
      case ' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}' -> true;
      default -> false;
    };
  }

  private static boolean isAlphaNumeric(int r) {
    return r == '_' || Character.isLetter(r) || Character.isDigit(r);
  }
}
