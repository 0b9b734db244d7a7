package kubesteps.core.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kubesteps.core.gotemplate.Lexer.Item;
import kubesteps.core.gotemplate.Lexer.T;
import kubesteps.core.gotemplate.Node.*;

/**
 * Go's text/template/parse parser (parse.go), read and re-implemented: the same grammar, variable scoping checks
 * and error texts ({@code template: NAME:LINE: ...}). Defined templates ({{define}}, {{block}}) go into the shared
 * map with Go's rule for redefinition (an empty tree may be replaced).
 */
final class Parser {
  static final class ParseError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseError(String message) {
      super(message);
    }
  }

  private final String parseName;
  private final List<Item> items;
  private final Set<String> funcs;
  private final Map<String, ListNode> treeSet;
  private int next; // index of the next item to read
  private int furthest = -1; // the last item read from the lexer: Go's token[0], whose line errors name
  private List<String> vars = new ArrayList<>(List.of("$"));
  private int actionLine;
  private int rangeDepth;
  private int stackDepth;

  private Parser(String parseName, List<Item> items, Set<String> funcs, Map<String, ListNode> treeSet) {
    this.parseName = parseName;
    this.items = items;
    this.funcs = funcs;
    this.treeSet = treeSet;
  }

  /** Parses {@code text} as template {@code name}; it and its definitions go into {@code treeSet}. */
  static void parse(String name, String text, Set<String> funcs, Map<String, ListNode> treeSet) {
    Parser p = new Parser(name, Lexer.lex(text), funcs, treeSet);
    ListNode root = p.parseTop();
    p.add(name, root);
  }

  // --- token stream

  private Item nextItem() {
    Item it = items.get(Math.min(next, items.size() - 1));
    if (next > furthest) furthest = next;
    next++;
    return it;
  }

  private void backup() {
    next--;
  }

  private Item peek() {
    Item it = nextItem();
    backup();
    return it;
  }

  private Item nextNonSpace() {
    Item it;
    do {
      it = nextItem();
    } while (it.type() == T.SPACE);
    return it;
  }

  private Item peekNonSpace() {
    int save = next;
    Item it = nextNonSpace();
    next = save;
    return it;
  }

  private int errorLine() {
    return items.get(Math.min(Math.max(furthest, 0), items.size() - 1)).line();
  }

  private ParseError error(String message) {
    return new ParseError("template: " + parseName + ":" + errorLine() + ": " + message);
  }

  private Item expect(T expected, String context) {
    Item token = nextNonSpace();
    if (token.type() != expected) throw unexpected(token, context);
    return token;
  }

  private ParseError unexpected(Item token, String context) {
    if (token.type() == T.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != token.line()) {
        extra = " in action started at " + parseName + ":" + actionLine;
        if (token.val().endsWith(" action")) extra = extra.substring(" in action".length());
      }
      return error(token + extra);
    }
    return error("unexpected " + token + " in " + context);
  }

  // --- grammar

  private void add(String treeName, ListNode root) {
    ListNode existing = treeSet.get(treeName);
    if (existing == null || isEmptyTree(existing)) {
      treeSet.put(treeName, root);
      return;
    }
    if (!isEmptyTree(root)) throw error("template: multiple definition of template " + GoFmt.quote(treeName, false));
  }

  static boolean isEmptyTree(Node n) {
    if (n == null) return true;
    if (n instanceof ListNode l) {
      for (Node c : l.nodes()) if (!isEmptyTree(c)) return false;
      return true;
    }
    if (n instanceof TextNode t) return t.text().isBlank();
    return false;
  }

  private ListNode parseTop() {
    ListNode root = new ListNode(peek().pos());
    while (peek().type() != T.EOF) {
      if (peek().type() == T.LEFT_DELIM) {
        int save = next;
        nextItem();
        if (nextNonSpace().type() == T.DEFINE) {
          parseDefinition();
          continue;
        }
        next = save;
      }
      Node n = textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) throw error("unexpected " + n);
      root.nodes().add(n);
    }
    return root;
  }

  private void parseDefinition() {
    String context = "define clause";
    Item nameItem = nextNonSpace();
    if (nameItem.type() != T.STRING && nameItem.type() != T.RAW_STRING) throw unexpected(nameItem, context);
    String defName = unquote(nameItem.val());
    expect(T.RIGHT_DELIM, context);
    List<String> outerVars = vars;
    vars = new ArrayList<>(List.of("$"));
    Object[] r = itemList();
    if (!(r[1] instanceof EndNode)) throw error("unexpected " + r[1] + " in " + context);
    add(defName, (ListNode) r[0]);
    vars = outerVars;
  }

  /** [ListNode, the EndNode or ElseNode that closed it]. */
  private Object[] itemList() {
    ListNode list = new ListNode(peekNonSpace().pos());
    while (peekNonSpace().type() != T.EOF) {
      Node n = textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) return new Object[] {list, n};
      list.nodes().add(n);
    }
    throw error("unexpected EOF");
  }

  private Node textOrAction() {
    Item token = nextNonSpace();
    switch (token.type()) {
      case TEXT -> {
        return new TextNode(token.pos(), token.val());
      }
      case LEFT_DELIM -> {
        actionLine = token.line();
        try {
          return action();
        } finally {
          actionLine = 0;
        }
      }
      default -> throw unexpected(token, "input");
    }
  }

  private Node action() {
    Item token = nextNonSpace();
    switch (token.type()) {
      case BLOCK -> {
        return blockControl();
      }
      case BREAK -> {
        return breakOrContinue(token, true);
      }
      case CONTINUE -> {
        return breakOrContinue(token, false);
      }
      case ELSE -> {
        return elseControl();
      }
      case END -> {
        return new EndNode(expect(T.RIGHT_DELIM, "end").pos());
      }
      case IF -> {
        return control(Branch.IF);
      }
      case RANGE -> {
        return control(Branch.RANGE);
      }
      case TEMPLATE -> {
        return templateControl();
      }
      case WITH -> {
        return control(Branch.WITH);
      }
      default -> {
      }
    }
    backup();
    Item first = peek();
    return new ActionNode(first.pos(), first.line(), pipeline("command", T.RIGHT_DELIM));
  }

  private Node breakOrContinue(Item token, boolean isBreak) {
    String word = isBreak ? "{{break}}" : "{{continue}}";
    Item t = nextNonSpace();
    if (t.type() != T.RIGHT_DELIM) throw unexpected(t, word);
    if (rangeDepth == 0) throw error(word + " outside {{range}}");
    return isBreak ? new BreakNode(token.pos(), token.line()) : new ContinueNode(token.pos(), token.line());
  }

  private PipeNode pipeline(String context, T end) {
    Item first = peekNonSpace();
    PipeNode pipe = new PipeNode(first.pos(), first.line());
    decls:
    while (true) {
      Item v = peekNonSpace();
      if (v.type() != T.VARIABLE) break;
      int save = next;
      nextNonSpace();
      Item nxt = peekNonSpace();
      if (nxt.type() == T.ASSIGN || nxt.type() == T.DECLARE) {
        pipe.isAssign()[0] = nxt.type() == T.ASSIGN;
        nextNonSpace();
        pipe.decl().add(new VariableNode(v.pos(), List.of(v.val())));
        vars.add(v.val());
        break;
      } else if (nxt.type() == T.CHAR && nxt.val().equals(",")) {
        nextNonSpace();
        pipe.decl().add(new VariableNode(v.pos(), List.of(v.val())));
        vars.add(v.val());
        if (context.equals("range") && pipe.decl().size() < 2) {
          T after = peekNonSpace().type();
          if (after == T.VARIABLE || after == T.RIGHT_DELIM || after == T.RIGHT_PAREN) continue decls;
          throw error("range can only initialize variables");
        }
        throw error("too many declarations in " + context);
      } else {
        next = save; // an argument variable, not a declaration
        break;
      }
    }
    while (true) {
      Item token = nextNonSpace();
      if (token.type() == end) {
        checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.type()) {
        case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE,
            LEFT_PAREN -> {
          backup();
          pipe.cmds().add(command());
        }
        default -> throw unexpected(token, context);
      }
    }
  }

  private void checkPipeline(PipeNode pipe, String context) {
    if (pipe.cmds().isEmpty()) throw error("missing value for " + context);
    for (int i = 1; i < pipe.cmds().size(); i++) {
      Node first = pipe.cmds().get(i).args().get(0);
      if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
          || first instanceof NumberNode || first instanceof StringNode) {
        throw error("non executable command in pipeline stage " + (i + 1));
      }
    }
  }

  private BranchNode control(Branch kind) {
    String context = kind.name().toLowerCase(java.util.Locale.ROOT);
    int mark = vars.size();
    try {
      PipeNode pipe = pipeline(context, T.RIGHT_DELIM);
      if (kind == Branch.RANGE) rangeDepth++;
      Object[] r = itemList();
      if (kind == Branch.RANGE) rangeDepth--;
      ListNode elseList = null;
      if (r[1] instanceof ElseNode e) {
        if (kind == Branch.IF && peek().type() == T.IF) {
          nextItem();
          elseList = new ListNode(e.pos());
          elseList.nodes().add(control(Branch.IF));
        } else if (kind == Branch.WITH && peek().type() == T.WITH) {
          nextItem();
          elseList = new ListNode(e.pos());
          elseList.nodes().add(control(Branch.WITH));
        } else {
          Object[] r2 = itemList();
          if (!(r2[1] instanceof EndNode)) throw error("expected end; found " + r2[1]);
          elseList = (ListNode) r2[0];
        }
      }
      return new BranchNode(kind, pipe.pos(), pipe.line(), pipe, (ListNode) r[0], elseList);
    } finally {
      while (vars.size() > mark) vars.remove(vars.size() - 1);
    }
  }

  private Node elseControl() {
    Item p = peekNonSpace();
    if (p.type() == T.IF || p.type() == T.WITH) {
      // "{{else if" / "{{else with": the keyword stays for the caller, which reads it as a nested if/with
      next = indexOfNonSpace();
      return new ElseNode(p.pos(), p.line());
    }
    Item token = expect(T.RIGHT_DELIM, "else");
    return new ElseNode(token.pos(), token.line());
  }

  private int indexOfNonSpace() {
    int i = next;
    while (items.get(Math.min(i, items.size() - 1)).type() == T.SPACE) i++;
    return i;
  }

  private Node blockControl() {
    String context = "block clause";
    Item token = nextNonSpace();
    String blockName = templateName(token, context);
    PipeNode pipe = pipeline(context, T.RIGHT_DELIM);
    List<String> outerVars = vars;
    vars = new ArrayList<>(List.of("$"));
    int outerRange = rangeDepth;
    rangeDepth = 0;
    Object[] r = itemList();
    if (!(r[1] instanceof EndNode)) throw error("unexpected " + r[1] + " in " + context);
    add(blockName, (ListNode) r[0]);
    vars = outerVars;
    rangeDepth = outerRange;
    return new TemplateNode(token.pos(), token.line(), blockName, pipe);
  }

  private Node templateControl() {
    String context = "template clause";
    Item token = nextNonSpace();
    String tmplName = templateName(token, context);
    PipeNode pipe = null;
    if (nextNonSpace().type() != T.RIGHT_DELIM) {
      backup();
      pipe = pipeline(context, T.RIGHT_DELIM);
    }
    return new TemplateNode(token.pos(), token.line(), tmplName, pipe);
  }

  private String templateName(Item token, String context) {
    if (token.type() == T.STRING || token.type() == T.RAW_STRING) return unquote(token.val());
    throw unexpected(token, context);
  }

  private CommandNode command() {
    CommandNode cmd = new CommandNode(peekNonSpace().pos(), new ArrayList<>());
    while (true) {
      peekNonSpace();
      next = indexOfNonSpace();
      Node operand = operand();
      if (operand != null) cmd.args().add(operand);
      Item token = nextItem();
      switch (token.type()) {
        case SPACE -> {
          continue;
        }
        case RIGHT_DELIM, RIGHT_PAREN -> backup();
        case PIPE -> {
        }
        default -> throw unexpected(token, "operand");
      }
      break;
    }
    if (cmd.args().isEmpty()) throw error("empty command");
    return cmd;
  }

  private Node operand() {
    Node node = term();
    if (node == null) return null;
    if (peek().type() == T.FIELD) {
      int chainPos = peek().pos();
      List<String> fields = new ArrayList<>();
      while (peek().type() == T.FIELD) fields.add(nextItem().val().substring(1));
      if (node instanceof FieldNode f) {
        List<String> all = new ArrayList<>(f.ident());
        all.addAll(fields);
        return new FieldNode(chainPos, all);
      }
      if (node instanceof VariableNode v) {
        List<String> all = new ArrayList<>(v.ident());
        all.addAll(fields);
        return new VariableNode(chainPos, all);
      }
      if (node instanceof BoolNode || node instanceof StringNode || node instanceof NumberNode
          || node instanceof NilNode || node instanceof DotNode) {
        throw error("unexpected . after term " + GoFmt.quote(node.toString(), false));
      }
      return new ChainNode(chainPos, node, fields);
    }
    return node;
  }

  private Node term() {
    Item token = nextNonSpace();
    switch (token.type()) {
      case IDENTIFIER -> {
        if (!funcs.contains(token.val())) throw error("function " + GoFmt.quote(token.val(), false) + " not defined");
        return new IdentifierNode(token.pos(), token.val());
      }
      case DOT -> {
        return new DotNode(token.pos());
      }
      case NIL -> {
        return new NilNode(token.pos());
      }
      case VARIABLE -> {
        if (!vars.contains(token.val())) throw error("undefined variable " + GoFmt.quote(token.val(), false));
        return new VariableNode(token.pos(), List.of(token.val()));
      }
      case FIELD -> {
        return new FieldNode(token.pos(), List.of(token.val().substring(1)));
      }
      case BOOL -> {
        return new BoolNode(token.pos(), token.val().equals("true"));
      }
      case CHAR_CONSTANT, NUMBER -> {
        return number(token);
      }
      case COMPLEX -> throw error("complex constants are not supported: " + token.val());
      case LEFT_PAREN -> {
        if (stackDepth >= 10000) throw error("max expression depth exceeded");
        stackDepth++;
        try {
          return pipeline("parenthesized pipeline", T.RIGHT_PAREN);
        } finally {
          stackDepth--;
        }
      }
      case STRING, RAW_STRING -> {
        return new StringNode(token.pos(), token.val(), unquote(token.val()));
      }
      default -> {
        backup();
        return null;
      }
    }
  }

  private String unquote(String quoted) {
    if (quoted.startsWith("`")) return quoted.substring(1, quoted.length() - 1).replace("\r", "");
    try {
      return kubesteps.core.jsonpath.GoStrings.unquote(quoted);
    } catch (IllegalArgumentException e) {
      throw error("invalid syntax");
    }
  }

  private NumberNode number(Item token) {
    String text = token.val();
    int pos = token.pos();
    if (token.type() == T.CHAR_CONSTANT) {
      int[] r = GoFmt.unquoteChar(text);
      if (r == null) throw error("invalid syntax");
      if (r[1] != text.length() - 1) throw error("malformed character constant: " + text);
      return new NumberNode(pos, text, true, r[0], true, true, r[0]);
    }
    if (text.endsWith("i") && parseFloat(text.substring(0, text.length() - 1)) != null) {
      throw error("complex constants are not supported: " + text);
    }
    java.math.BigInteger big = parseInteger(text);
    if (big != null) {
      boolean isInt = big.bitLength() < 64;
      boolean isUint = big.signum() >= 0 && big.bitLength() <= 64;
      if (isInt || isUint) return new NumberNode(pos, text, isInt, big.longValue(), isUint, true, big.doubleValue());
    }
    Double f = parseFloat(text);
    if (f != null) {
      if (!containsAny(text, ".eEpP")) throw error("integer overflow: " + GoFmt.quote(text, false));
      boolean isInt = f == Math.rint(f) && Math.abs(f) < 0x1p63;
      return new NumberNode(pos, text, isInt, isInt ? f.longValue() : 0, isInt && f >= 0, true, f);
    }
    throw error("illegal number syntax: " + GoFmt.quote(text, false));
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return true;
    return false;
  }

  /** strconv.ParseInt(text, 0, 64) without the range check: sign, base prefix, underscores. */
  static java.math.BigInteger parseInteger(String text) {
    String s = text;
    boolean neg = false;
    if (s.startsWith("+") || s.startsWith("-")) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    int radix = 10;
    boolean prefixed = false;
    if (s.length() > 1 && s.charAt(0) == '0') {
      char b = Character.toLowerCase(s.charAt(1));
      if (b == 'x' || b == 'o' || b == 'b') {
        radix = b == 'x' ? 16 : b == 'o' ? 8 : 2;
        s = s.substring(2);
        prefixed = true;
      } else {
        radix = 8;
        s = s.substring(1);
        prefixed = true;
      }
    }
    if (!underscoresOk(s, prefixed)) return null;
    s = s.replace("_", "");
    if (s.isEmpty()) return radix == 8 && prefixed ? java.math.BigInteger.ZERO : null;
    try {
      java.math.BigInteger v = new java.math.BigInteger(s, radix);
      return neg ? v.negate() : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean underscoresOk(String s, boolean prefixed) {
    if (s.isEmpty()) return true;
    if (s.endsWith("_")) return false;
    if (s.startsWith("_") && !prefixed) return false;
    return !s.contains("__");
  }

  static Double parseFloat(String text) {
    String s = text.replace("_", "");
    if (s.isEmpty() || !Character.isDigit(s.charAt(s.length() - 1)) && s.charAt(s.length() - 1) != '.') return null;
    if (s.matches("[+-]?0[xX].*") && !s.matches(".*[pP].*")) return null; // hex floats need an exponent in Go
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
