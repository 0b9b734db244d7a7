package kubesteps.core.jsonpath;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;

/**
 * A kubectl JSONPath template ({@code -o jsonpath=...}): literal text, {@code {.a.b}} actions, {@code {range}...{end}},
 * printed as kubectl prints it. Our own small evaluator, not a general JSONPath library: kubectl's dialect differs from
 * the Goessner/RFC 9535 one that libraries such as Jayway implement (its templates with literal text and range
 * blocks, results flattened and joined by spaces, maps printed as Go JSON with sorted keys, index out of range an
 * error, {@code ['a.b']} still split at the dot, filters comparing only values of the same type, recursive descent
 * returning containers only, and its missing-key rules), so a library would need a layer rewriting most of its
 * answers. The grammar and semantics follow client-go's util/jsonpath; see the README.
 */
public final class JsonPathTemplate {
  private static final Pattern RELAXED = Pattern.compile("^\\{\\.?([^{}]+)\\}$|^\\.?([^{}]+)$");

  private final String template;
  private final List<Item> items;

  private JsonPathTemplate(String template, List<Item> items) {
    this.template = template;
    this.items = items;
  }

  /**
   * Parses a template as {@code kubectl get -o jsonpath=TEMPLATE} does: text outside braces is literal (so
   * {@code .a.b} without braces prints itself, as in kubectl). Bad syntax is an input error naming the position.
   */
  public static JsonPathTemplate parse(String template) {
    try {
      return new JsonPathTemplate(template, Parser.template(template));
    } catch (Parser.Error e) {
      throw new StepException(ExitCode.INVALID_INPUT,
          "error parsing jsonpath " + template + ": " + e.getMessage() + " at position " + e.position);
    }
  }

  /**
   * Parses one path as kubectl's RelaxedJSONPathExpression accepts it (custom-columns and {@code wait
   * --for=jsonpath}): {@code a.b}, {@code .a.b}, {@code {a.b}} and {@code {.a.b}} all mean {@code {.a.b}}.
   */
  public static JsonPathTemplate parseRelaxed(String expression) {
    if (expression.isEmpty()) return parse(expression);
    Matcher m = RELAXED.matcher(expression);
    if (!m.matches()) {
      throw new StepException(ExitCode.INVALID_INPUT, "error parsing jsonpath " + expression
          + ": unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or"
          + " '{.name1.name2}'");
    }
    String spec = m.group(1) != null ? m.group(1) : m.group(2);
    JsonPathTemplate t = parse("{." + spec + "}");
    return new JsonPathTemplate(expression, t.items);
  }

  /**
   * kubectl's printed text for {@code root}: each action's results joined by one space (maps and lists as compact Go
   * JSON, scalars plain), literal text as written. With {@code allowMissingKeys} false a missing key is an error (exit
   * 3) naming it; other template errors (index out of range, comparing a string with a number...) are input errors.
   */
  public String execute(Object root, boolean allowMissingKeys) {
    StringBuilder out = new StringBuilder();
    try {
      new Evaluator(allowMissingKeys).run(items, root, (item, results) -> {
        for (int i = 0; i < results.size(); i++) {
          if (i > 0) out.append(' ');
          Object r = results.get(i);
          out.append(r == Evaluator.NO_VALUE ? "<no value>" : GoJson.text(r));
        }
      });
    } catch (Evaluator.Failure f) {
      throw failure(f);
    }
    return out.toString();
  }

  /**
   * kubectl's {@code -o jsonpath-as-json} text for {@code root}: each action's results (literal text too) as one JSON
   * array, indented with four spaces as Go's json.MarshalIndent writes it, one per line; a missing key gives
   * {@code []}.
   */
  public String executeAsJson(Object root) {
    StringBuilder out = new StringBuilder();
    try {
      new Evaluator(true).run(items, root, (item, results) -> {
        List<Object> values = new ArrayList<>();
        for (Object r : results) values.add(r == Evaluator.NO_VALUE ? null : r);
        out.append(GoJson.indent(values, "    ")).append('\n');
      });
    } catch (Evaluator.Failure f) {
      throw failure(f);
    }
    return out.toString();
  }

  /** The flattened results of the template's actions (not its literal text), in order; empty when nothing matched. */
  public List<Object> values(Object root) {
    List<Object> out = new ArrayList<>();
    try {
      new Evaluator(true).run(items, root, (item, results) -> {
        if (item instanceof Item.Literal) return;
        for (Object r : results) out.add(r == Evaluator.NO_VALUE ? null : r);
      });
    } catch (Evaluator.Failure f) {
      throw failure(f);
    }
    return out;
  }

  /**
   * The keys the template names explicitly right after the field {@code field}: {@code password} in
   * {@code {.data.password}} or {@code {.items[*].data['password']}}, not the keys a wildcard or a whole
   * {@code {.data}} reaches. (k8s-get prints a Secret's value when a template names it; see Redaction.)
   */
  public java.util.Set<String> namedKeysAfter(String field) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    namedKeysAfter(items, field, out);
    return out;
  }

  private static void namedKeysAfter(List<Item> items, String field, java.util.Set<String> out) {
    for (Item item : items) {
      List<Node> nodes = item instanceof Item.Action a ? a.nodes() : item instanceof Item.Range r ? r.nodes() : List.of();
      for (int i = 0; i + 1 < nodes.size(); i++) {
        if (!nodes.get(i).equals(new Node.Field(field))) continue;
        Node next = nodes.get(i + 1);
        if (next instanceof Node.Field f) out.add(f.name());
        if (next instanceof Node.Union u) {
          for (List<Node> alt : u.alternatives()) {
            if (alt.size() == 1 && alt.get(0) instanceof Node.Field f) out.add(f.name());
          }
        }
      }
      if (item instanceof Item.Range r) namedKeysAfter(r.body(), field, out);
    }
  }

  /**
   * Whether the template is one {@code {range .items[*]}...{end}} and nothing else: then its text for a list is its
   * text for each part of the list, one after another, so a long list can be printed chunk by chunk.
   */
  public boolean rangesOverItems() {
    if (!(items.size() == 1 && items.get(0) instanceof Item.Range r && r.closed() && r.nodes().size() == 2
        && r.nodes().get(0).equals(new Node.Field("items")))) {
      return false;
    }
    // [*] (a slice with no bounds, as client-go parses it)
    Node all = r.nodes().get(1);
    return all instanceof Node.Wildcard
        || all instanceof Node.Slice s && !s.start().known() && !s.end().known() && !s.step().known();
  }

  public String template() {
    return template;
  }

  private StepException failure(Evaluator.Failure f) {
    return new StepException(f.missingKey ? ExitCode.NOT_FOUND : ExitCode.INVALID_INPUT,
        "error executing jsonpath \"" + template + "\": " + f.getMessage());
  }

  @Override
  public String toString() {
    return template;
  }
}
