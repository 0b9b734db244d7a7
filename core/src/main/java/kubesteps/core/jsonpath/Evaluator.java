package kubesteps.core.jsonpath;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs parsed nodes over a tree with client-go's semantics (util/jsonpath jsonpath.go), read and re-implemented. */
final class Evaluator {
  /** Thrown for kubectl's execution errors; {@code missingKey} for "x is not found". */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean missingKey;

    Failure(String message, boolean missingKey) {
      super(message);
      this.missingKey = missingKey;
    }
  }

  /** What kubectl holds when a range runs over a null element: printed as "<no value>", matched by nothing. */
  static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  private final boolean allowMissingKeys;

  Evaluator(boolean allowMissingKeys) {
    this.allowMissingKeys = allowMissingKeys;
  }

  /** Calls {@code sink} with each action's results, in template order (text as one-element lists). */
  void run(List<Item> items, Object data, java.util.function.BiConsumer<Item, List<Object>> sink) {
    for (Item item : items) {
      if (item instanceof Item.Literal l) {
        sink.accept(l, List.of(l.text()));
      } else if (item instanceof Item.Action a) {
        sink.accept(a, list(List.of(data), a.nodes()));
      } else if (item instanceof Item.Range r) {
        for (Object v : list(List.of(data), r.nodes())) run(r.body(), v == null ? NO_VALUE : v, sink);
        if (!r.closed()) run(r.body(), data, sink);
      }
    }
  }

  List<Object> list(List<Object> input, List<Node> nodes) {
    List<Object> cur = input;
    for (Node n : nodes) cur = walk(cur, n);
    return cur;
  }

  private List<Object> walk(List<Object> input, Node node) {
    if (node instanceof Node.Text t) return List.of(t.text());
    if (node instanceof Node.Field f) return field(input, f.name());
    if (node instanceof Node.Slice s) return slice(input, s);
    if (node instanceof Node.Union u) {
      List<Object> out = new ArrayList<>();
      for (List<Node> alt : u.alternatives()) out.addAll(list(input, alt));
      return out;
    }
    if (node instanceof Node.Filter f) return filter(input, f);
    if (node instanceof Node.IntLit i) return repeat(input, i.value());
    if (node instanceof Node.FloatLit f) return repeat(input, f.value());
    if (node instanceof Node.BoolLit b) return repeat(input, b.value());
    if (node instanceof Node.Wildcard) {
      List<Object> out = new ArrayList<>();
      for (Object v : input) out.addAll(children(v));
      return out;
    }
    if (node instanceof Node.Recursive) return recursive(input);
    throw new Failure("unrecognized identifier " + ((Node.Identifier) node).name(), false);
  }

  private static List<Object> repeat(List<Object> input, Object value) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) out.add(value);
    return out;
  }

  private List<Object> field(List<Object> input, String name) {
    List<Object> out = new ArrayList<>();
    if (input.isEmpty()) return out;
    for (Object v : input) {
      if (v instanceof Map<?, ?> m && m.containsKey(name)) out.add(m.get(name));
    }
    if (out.isEmpty() && !allowMissingKeys) throw new Failure(name + " is not found", true);
    return out;
  }

  private static List<Object> children(Object v) {
    List<Object> out = new ArrayList<>();
    if (v instanceof Map<?, ?> m) out.addAll(m.values());
    else if (v instanceof List<?> l) out.addAll(l);
    else if (v instanceof String s) {
      for (byte b : s.getBytes(StandardCharsets.UTF_8)) out.add(b & 0xFF);
    }
    return out;
  }

  private static List<Object> recursive(List<Object> input) {
    List<Object> out = new ArrayList<>();
    for (Object v : input) {
      if (v == null || v == NO_VALUE) continue;
      List<Object> kids = children(v);
      if (!kids.isEmpty()) {
        out.add(v);
        out.addAll(recursive(kids));
      }
    }
    return out;
  }

  private static List<Object> slice(List<Object> input, Node.Slice s) {
    List<Object> out = new ArrayList<>();
    for (Object v : input) {
      if (v == null || v == NO_VALUE) continue;
      if (!(v instanceof List<?> l)) throw new Failure(goType(v) + " is not array or slice", false);
      int len = l.size();
      int start = s.start().known() ? s.start().value() : 0;
      if (start < 0) start += len;
      int end = s.end().known() ? s.end().value() : len;
      if (end < 0 || (end == 0 && s.end().derived())) end += len;
      if (end == start) return out; // kubectl: zero elements requested, and the rest of the input is dropped too
      if (start >= len || start < 0) {
        throw new Failure("array index out of bounds: index " + start + ", length " + len, false);
      }
      if (end > len || end < 0) {
        throw new Failure("array index out of bounds: index " + (end - 1) + ", length " + len, false);
      }
      if (start > end) throw new Failure("starting index " + start + " is greater than ending index " + end, false);
      int step = 1;
      if (s.step().known()) {
        if (s.step().value() <= 0) throw new Failure("step must be > 0", false);
        step = s.step().value();
      }
      for (int i = start; i < end; i += step) out.add(l.get(i));
    }
    return out;
  }

  private List<Object> filter(List<Object> input, Node.Filter f) {
    List<Object> out = new ArrayList<>();
    for (Object v : input) {
      if (!(v instanceof List<?> l)) {
        throw new Failure(GoJson.text(v == NO_VALUE ? "<invalid Value>" : v) + " is not array or slice and cannot be"
            + " filtered", false);
      }
      for (Object e : l) {
        List<Object> here = new ArrayList<>();
        here.add(e);
        if (f.op().equals("exists")) {
          List<Object> lefts;
          try {
            lefts = list(here, f.left());
          } catch (Failure ignored) {
            lefts = List.of(); // kubectl ignores errors of an existence test
          }
          if (!lefts.isEmpty()) out.add(e);
          continue;
        }
        List<Object> lefts = list(here, f.left());
        if (lefts.isEmpty()) continue;
        if (lefts.size() > 1) throw new Failure("can only compare one element at a time", false);
        List<Object> rights = list(here, f.right());
        if (rights.isEmpty()) continue;
        if (rights.size() > 1) throw new Failure("can only compare one element at a time", false);
        if (compare(lefts.get(0), rights.get(0), f.op())) out.add(e);
      }
    }
    return out;
  }

  private enum Kind { BOOL, INT, FLOAT, STRING }

  private static Kind kind(Object v) {
    if (v instanceof Boolean) return Kind.BOOL;
    if (v instanceof String) return Kind.STRING;
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) return Kind.FLOAT;
    if (v instanceof BigInteger b) return b.bitLength() < 64 ? Kind.INT : Kind.FLOAT;
    if (v instanceof Number) return Kind.INT;
    throw new Failure("invalid type for comparison", false);
  }

  /** Go text/template's eq/lt semantics: same basic kind or an error, no int/float mixing. */
  static boolean compare(Object a, Object b, String op) {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka != kb) throw new Failure("incompatible types for comparison", false);
    boolean eq = switch (ka) {
      case BOOL -> a.equals(b);
      case INT -> ((Number) a).longValue() == ((Number) b).longValue();
      case FLOAT -> ((Number) a).doubleValue() == ((Number) b).doubleValue();
      case STRING -> a.equals(b);
    };
    if (op.equals("==")) return eq;
    if (op.equals("!=")) return !eq;
    if (ka == Kind.BOOL) throw new Failure("invalid type for comparison", false);
    boolean less = switch (ka) {
      case INT -> ((Number) a).longValue() < ((Number) b).longValue();
      case FLOAT -> ((Number) a).doubleValue() < ((Number) b).doubleValue();
      case STRING -> goLess((String) a, (String) b);
      default -> false;
    };
    return switch (op) {
      case "<" -> less;
      case "<=" -> less || eq;
      case ">" -> !(less || eq);
      case ">=" -> !less;
      default -> throw new Failure("unrecognized filter operator " + op, false);
    };
  }

  /** Go compares strings by their UTF-8 bytes. */
  private static boolean goLess(String a, String b) {
    return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)) < 0;
  }

  private static String goType(Object v) {
    if (v instanceof Map) return "map[string]interface {}";
    if (v instanceof String) return "string";
    if (v instanceof Boolean) return "bool";
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) return "float64";
    if (v instanceof Number) return "int64";
    return "interface {}";
  }
}
