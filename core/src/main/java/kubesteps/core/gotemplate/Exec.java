package kubesteps.core.gotemplate;

import static kubesteps.core.gotemplate.Values.MISSING;
import static kubesteps.core.gotemplate.Values.indirectInterface;
import static kubesteps.core.gotemplate.Values.isTrue;
import static kubesteps.core.gotemplate.Values.typeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kubesteps.core.gotemplate.Node.*;
import kubesteps.core.gotemplate.Values.GoInt;
import kubesteps.core.gotemplate.Values.Iface;

/** Go's text/template execution (exec.go, funcs.go), read and re-implemented over plain JSON trees. */
final class Exec {
  static final class ExecError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExecError(String message) {
      super(message, null, false, false);
    }
  }

  /** An error a function returns; evalCall reports it as "error calling NAME: ...". */
  static final class FuncError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FuncError(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Break extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Break() {
      super(null, null, false, false);
    }
  }

  private static final class Continue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Continue() {
      super(null, null, false, false);
    }
  }

  /** Go's missingVal: "no value from an earlier command of the pipeline". */
  private static final Object NO_FINAL = new Object();
  /** Lower than Go's 100000: Java's stack ends sooner. */
  static final int MAX_DEPTH = 1000;

  private enum Kind { VALUE, ANY, STRING }

  private record Var(String name, Object value) {}

  private final Map<String, ListNode> trees;
  private final String text;
  private final String parseName;
  private final boolean missingKeyError;
  private final Appendable out;
  private String tmplName;
  private Node node;
  private List<Var> vars = new ArrayList<>();
  private int depth;

  Exec(Map<String, ListNode> trees, String text, String parseName, boolean missingKeyError, Appendable out) {
    this.trees = trees;
    this.text = text;
    this.parseName = parseName;
    this.missingKeyError = missingKeyError;
    this.out = out;
  }

  void run(String name, Object data) {
    tmplName = name;
    Object value = data == null ? MISSING : data;
    vars.add(new Var("$", value));
    ListNode root = trees.get(name);
    if (root == null) throw error(GoFmt.quote(name, false) + " is an incomplete or empty template");
    walk(value, root);
  }

  // --- errors

  private ExecError error(String message) {
    if (node == null) return new ExecError("template: " + tmplName + ": " + message);
    int pos = Math.min(node.pos(), text.length());
    String before = text.substring(0, pos);
    int nl = before.lastIndexOf('\n');
    int col = nl < 0 ? utf8Length(before) : utf8Length(before.substring(nl + 1));
    int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
    return new ExecError("template: " + parseName + ":" + line + ":" + col + ": executing " + GoFmt.quote(tmplName,
        false) + " at <" + node + ">: " + message);
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private void write(String s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- variables

  private int mark() {
    return vars.size();
  }

  private void pop(int mark) {
    while (vars.size() > mark) vars.remove(vars.size() - 1);
  }

  private void setVar(String name, Object value) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).name().equals(name)) {
        vars.set(i, new Var(name, value));
        return;
      }
    }
    throw error("undefined variable: " + name);
  }

  private void setTopVar(int n, Object value) {
    int i = vars.size() - n;
    vars.set(i, new Var(vars.get(i).name(), value));
  }

  private Object varValue(String name) {
    for (int i = vars.size() - 1; i >= 0; i--) if (vars.get(i).name().equals(name)) return vars.get(i).value();
    throw error("undefined variable: " + name);
  }

  // --- walking

  private void walk(Object dot, Node n) {
    node = n;
    if (n instanceof ActionNode a) {
      Object val = evalPipeline(dot, a.pipe());
      if (a.pipe().decl().isEmpty()) {
        node = a;
        write(val == MISSING ? "<no value>" : GoFmt.sprint(java.util.Collections.singletonList(val)));
      }
    } else if (n instanceof BreakNode) {
      throw new Break();
    } else if (n instanceof ContinueNode) {
      throw new Continue();
    } else if (n instanceof BranchNode b) {
      if (b.kind() == Branch.RANGE) walkRange(dot, b);
      else walkIfOrWith(dot, b);
    } else if (n instanceof ListNode l) {
      for (Node c : l.nodes()) walk(dot, c);
    } else if (n instanceof TemplateNode t) {
      walkTemplate(dot, t);
    } else if (n instanceof TextNode t) {
      write(t.text());
    } else {
      throw error("unknown node: " + n);
    }
  }

  private void walkIfOrWith(Object dot, BranchNode b) {
    int mark = mark();
    try {
      Object val = evalPipeline(dot, b.pipe());
      if (isTrue(indirectInterface(val))) walk(b.kind() == Branch.WITH ? val : dot, b.list());
      else if (b.elseList() != null) walk(dot, b.elseList());
    } finally {
      pop(mark);
    }
  }

  private void walkRange(Object dot, BranchNode r) {
    node = r;
    int mark0 = mark();
    try {
      Object val = evalPipeline(dot, r.pipe());
      if (val instanceof Iface i) val = i.value() == null ? MISSING : i.value();
      int mark = mark();
      if (val instanceof List<?> l) {
        if (!l.isEmpty()) {
          for (int i = 0; i < l.size(); i++) oneIteration(r, mark, new GoInt(i), new Iface(l.get(i)));
          return;
        }
      } else if (val instanceof Map<?, ?> m) {
        if (!m.isEmpty()) {
          for (Map.Entry<String, Object> e : sortedEntries(m)) {
            oneIteration(r, mark, e.getKey(), new Iface(e.getValue()));
          }
          return;
        }
      } else if (Values.isInteger(val)) {
        if (r.pipe().decl().size() > 1) {
          throw error("can't use " + GoFmt.sprint(List.of(val)) + " to iterate over more than one variable");
        }
        long n = ((Number) val).longValue();
        for (long i = 0; i < n; i++) {
          oneIteration(r, mark, MISSING, val instanceof GoInt g ? new GoInt(i, g.type) : (Object) i);
        }
        if (n > 0) return;
      } else if (val != MISSING) {
        throw error("range can't iterate over " + GoFmt.sprint(java.util.Collections.singletonList(val)));
      }
      if (r.elseList() != null) walk(dot, r.elseList());
    } catch (Break b) {
      // the loop is over
    } finally {
      pop(mark0);
    }
  }

  /** Map entries in Go's order for map[string]...: keys sorted by their bytes. */
  static List<Map.Entry<String, Object>> sortedEntries(Map<?, ?> m) {
    TreeMap<String, Object> sorted = new TreeMap<>(Exec::compareStrings);
    for (Map.Entry<?, ?> e : m.entrySet()) sorted.put(String.valueOf(e.getKey()), e.getValue());
    return new ArrayList<>(sorted.entrySet());
  }

  /** Go compares strings by their UTF-8 bytes, which is code point order. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) return Integer.compare(ca, cb);
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private void oneIteration(BranchNode r, int mark, Object index, Object elem) {
    List<VariableNode> decl = r.pipe().decl();
    if (!decl.isEmpty()) {
      if (r.pipe().assign()) setVar(decl.get(0).ident().get(0), decl.size() > 1 ? index : elem);
      else setTopVar(1, elem);
    }
    if (decl.size() > 1) {
      if (r.pipe().assign()) setVar(decl.get(1).ident().get(0), elem);
      else setTopVar(2, index);
    }
    try {
      walk(elem, r.list());
    } catch (Continue c) {
      // next element
    } finally {
      pop(mark);
    }
  }

  private void walkTemplate(Object dot, TemplateNode t) {
    node = t;
    ListNode tree = trees.get(t.name());
    if (tree == null) throw error("template " + GoFmt.quote(t.name(), false) + " not defined");
    if (depth == MAX_DEPTH) throw error("exceeded maximum template depth (" + MAX_DEPTH + ")");
    Object newDot = evalPipeline(dot, t.pipe());
    List<Var> savedVars = vars;
    String savedName = tmplName;
    vars = new ArrayList<>();
    vars.add(new Var("$", newDot));
    tmplName = t.name();
    depth++;
    try {
      walk(newDot, tree);
    } finally {
      depth--;
      vars = savedVars;
      tmplName = savedName;
    }
  }

  // --- evaluation

  private Object evalPipeline(Object dot, PipeNode pipe) {
    if (pipe == null) return MISSING;
    node = pipe;
    Object value = NO_FINAL;
    for (CommandNode cmd : pipe.cmds()) {
      value = evalCommand(dot, cmd, value);
      if (value instanceof Iface i) value = i.value() == null ? MISSING : i.value();
    }
    for (VariableNode v : pipe.decl()) {
      if (pipe.assign()) setVar(v.ident().get(0), value);
      else vars.add(new Var(v.ident().get(0), value));
    }
    return value;
  }

  private void notAFunction(List<Node> args, Object fin) {
    if (args.size() > 1 || fin != NO_FINAL) throw error("can't give argument to non-function " + args.get(0));
  }

  private Object evalCommand(Object dot, CommandNode cmd, Object fin) {
    Node first = cmd.args().get(0);
    if (first instanceof FieldNode f) return evalFieldNode(dot, f, cmd.args(), fin);
    if (first instanceof ChainNode c) return evalChainNode(dot, c, cmd.args(), fin);
    if (first instanceof IdentifierNode id) return evalFunction(dot, id, cmd, cmd.args(), fin);
    if (first instanceof PipeNode p) {
      notAFunction(cmd.args(), fin);
      return evalPipeline(dot, p);
    }
    if (first instanceof VariableNode v) return evalVariableNode(dot, v, cmd.args(), fin);
    node = first;
    notAFunction(cmd.args(), fin);
    if (first instanceof BoolNode b) return b.value();
    if (first instanceof DotNode) return dot;
    if (first instanceof NilNode) throw error("nil is not a command");
    if (first instanceof NumberNode n) return idealConstant(n);
    if (first instanceof StringNode s) return s.text();
    throw error("can't evaluate command " + GoFmt.quote(first.toString(), false));
  }

  private Object idealConstant(NumberNode c) {
    node = c;
    String t = c.text();
    boolean hexInt = t.length() > 2 && t.charAt(0) == '0' && (t.charAt(1) == 'x' || t.charAt(1) == 'X')
        && t.indexOf('p') < 0 && t.indexOf('P') < 0;
    boolean runeInt = t.startsWith("'");
    if (c.isFloat() && !hexInt && !runeInt && t.matches(".*[.eEpP].*")) return c.floatValue();
    if (c.isInt()) return new GoInt(c.intValue());
    if (c.isUint()) throw error(t + " overflows int");
    return MISSING;
  }

  private Object evalFieldNode(Object dot, FieldNode f, List<Node> args, Object fin) {
    node = f;
    return evalFieldChain(dot, dot, f, f.ident(), args, fin);
  }

  private Object evalChainNode(Object dot, ChainNode c, List<Node> args, Object fin) {
    node = c;
    if (c.node() instanceof NilNode) throw error("indirection through explicit nil in " + c);
    Object pipe = evalArg(dot, null, c.node());
    return evalFieldChain(dot, pipe, c, c.field(), args, fin);
  }

  private Object evalVariableNode(Object dot, VariableNode v, List<Node> args, Object fin) {
    node = v;
    Object value = varValue(v.ident().get(0));
    if (v.ident().size() == 1) {
      notAFunction(args == null ? List.of(v) : args, fin);
      return value;
    }
    return evalFieldChain(dot, value, v, v.ident().subList(1, v.ident().size()), args, fin);
  }

  private Object evalFieldChain(Object dot, Object receiver, Node n, List<String> ident, List<Node> args,
      Object fin) {
    int count = ident.size();
    for (int i = 0; i < count - 1; i++) receiver = evalField(ident.get(i), n, null, NO_FINAL, receiver);
    return evalField(ident.get(count - 1), n, args, fin, receiver);
  }

  private Object evalField(String fieldName, Node n, List<Node> args, Object fin, Object receiver) {
    if (receiver == MISSING) {
      if (missingKeyError) throw error("nil data; no entry for key " + GoFmt.quote(fieldName, false));
      return MISSING;
    }
    String typ = typeName(receiver);
    Object r = receiver;
    if (receiver instanceof Iface i) {
      if (i.value() == null) throw error("nil pointer evaluating " + typ + "." + fieldName);
      r = i.value();
    }
    boolean hasArgs = (args != null && args.size() > 1) || fin != NO_FINAL;
    if (r instanceof Map<?, ?> m) {
      if (hasArgs) throw error(fieldName + " is not a method but has arguments");
      if (m.containsKey(fieldName)) return new Iface(m.get(fieldName));
      if (missingKeyError) throw error("map has no entry for key " + GoFmt.quote(fieldName, false));
      return MISSING;
    }
    throw error("can't evaluate field " + fieldName + " in type " + typ);
  }

  private Object evalFunction(Object dot, IdentifierNode id, Node cmd, List<Node> args, Object fin) {
    node = id;
    return evalCall(dot, cmd, id.name(), args, fin);
  }

  /** Parameters of a builtin: fixed kinds, then the kind of the variadic rest (null: none). */
  private record Sig(List<Kind> fixed, Kind rest) {}

  private static Sig sig(String name) {
    return switch (name) {
      case "and", "or", "index", "slice", "eq" -> new Sig(List.of(Kind.VALUE), Kind.VALUE);
      case "not", "len" -> new Sig(List.of(Kind.VALUE), null);
      case "ne", "lt", "le", "gt", "ge" -> new Sig(List.of(Kind.VALUE, Kind.VALUE), null);
      case "print", "println", "html", "js", "urlquery" -> new Sig(List.of(), Kind.ANY);
      case "printf" -> new Sig(List.of(Kind.STRING), Kind.ANY);
      case "base64decode" -> new Sig(List.of(Kind.STRING), null);
      case "exists" -> new Sig(List.of(Kind.ANY), Kind.ANY);
      case "call" -> new Sig(List.of(Kind.VALUE), Kind.VALUE);
      default -> throw new IllegalStateException("no builtin " + name);
    };
  }

  private Object evalCall(Object dot, Node callNode, String name, List<Node> args, Object fin) {
    List<Node> argNodes = args == null || args.isEmpty() ? List.of() : args.subList(1, args.size());
    Sig sig = sig(name);
    int numIn = argNodes.size() + (fin != NO_FINAL ? 1 : 0);
    int numFixed = argNodes.size();
    if (sig.rest() != null) {
      numFixed = sig.fixed().size();
      if (numIn < numFixed) {
        throw error("wrong number of args for " + name + ": want at least " + numFixed + " got " + argNodes.size());
      }
    } else if (numIn != sig.fixed().size()) {
      throw error("wrong number of args for " + name + ": want " + sig.fixed().size() + " got " + numIn);
    }
    if (name.equals("and") || name.equals("or")) {
      Object v = MISSING;
      for (Node arg : argNodes) {
        v = evalArg(dot, Kind.VALUE, arg);
        if (isTrue(indirectInterface(v)) == name.equals("or")) return v;
      }
      if (fin != NO_FINAL) v = validateType(fin, Kind.VALUE);
      return v;
    }
    List<Object> argv = new ArrayList<>();
    int i = 0;
    for (; i < numFixed && i < argNodes.size(); i++) argv.add(evalArg(dot, sig.fixed().get(i), argNodes.get(i)));
    if (sig.rest() != null) for (; i < argNodes.size(); i++) argv.add(evalArg(dot, sig.rest(), argNodes.get(i)));
    if (fin != NO_FINAL) {
      Kind t;
      if (sig.rest() != null) t = numIn - 1 < numFixed ? sig.fixed().get(numIn - 1) : sig.rest();
      else t = sig.fixed().get(sig.fixed().size() - 1);
      argv.add(validateType(fin, t));
    }
    try {
      if (name.equals("call")) return call(argNodes.isEmpty() ? "" : argNodes.get(0).toString(), argv);
      return Funcs.call(name, argv);
    } catch (FuncError e) {
      node = callNode;
      throw error("error calling " + name + ": " + e.getMessage());
    }
  }

  private static Object call(String calleeName, List<Object> argv) {
    Object fn = indirectInterface(argv.get(0));
    if (fn == MISSING) throw new FuncError("call of nil");
    throw new FuncError("non-function " + calleeName + " of type " + typeName(fn));
  }

  private Object validateType(Object value, Kind kind) {
    if (kind == null) return value;
    switch (kind) {
      case VALUE -> {
        return value;
      }
      case ANY -> {
        if (value == MISSING) return null;
        return value instanceof Iface i ? i.value() : value;
      }
      default -> {
        if (value == MISSING) throw error("invalid value; expected string");
        Object v = value instanceof Iface i && i.value() != null ? i.value() : value;
        if (v instanceof String) return v;
        throw error("wrong type for value; expected string; got " + typeName(v));
      }
    }
  }

  private Object evalArg(Object dot, Kind kind, Node n) {
    node = n;
    if (n instanceof DotNode) return validateType(dot, kind);
    if (n instanceof NilNode) {
      if (kind == Kind.VALUE || kind == null) return MISSING;
      if (kind == Kind.ANY) return null;
      throw error("cannot assign nil to string");
    }
    if (n instanceof FieldNode f) return validateType(evalFieldNode(dot, f, List.of(n), NO_FINAL), kind);
    if (n instanceof VariableNode v) return validateType(evalVariableNode(dot, v, null, NO_FINAL), kind);
    if (n instanceof PipeNode p) return validateType(evalPipeline(dot, p), kind);
    if (n instanceof IdentifierNode id) return validateType(evalFunction(dot, id, id, null, NO_FINAL), kind);
    if (n instanceof ChainNode c) return validateType(evalChainNode(dot, c, null, NO_FINAL), kind);
    if (kind == Kind.STRING) {
      if (n instanceof StringNode s) return s.text();
      throw error("expected string; found " + n);
    }
    if (n instanceof BoolNode b) return b.value();
    if (n instanceof NumberNode num) return idealConstant(num);
    if (n instanceof StringNode s) return s.text();
    throw error("can't handle assignment of " + n + " to empty interface argument");
  }
}
