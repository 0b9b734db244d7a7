package kubesteps.core.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kubesteps.core.error.StepException;
import kubesteps.core.jsonpath.JsonPathTemplate;

/** Parses k8s-wait's {@code --for} / {@code --fail-on} values. Pure; a bad value is an input error (exit 2). */
public final class WaitConditions {
  private static final String FORMS =
      "expected condition=TYPE[=STATUS], jsonpath='{...}'[OP VALUE] with OP one of = != > >= < <= in (A,B), cel='EXPR',"
          + " create or delete";

  private WaitConditions() {}

  public static WaitCondition parse(String spec) {
    if (spec == null || spec.isBlank()) throw StepException.invalid("empty condition (" + FORMS + ")");
    String s = spec.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("create")) return new Existence(true);
    if (lower.equals("delete")) return new Existence(false);
    if (lower.startsWith("condition=")) return condition(s, s.substring("condition=".length()));
    if (lower.startsWith("jsonpath=")) return jsonPath(s, s.substring("jsonpath=".length()));
    if (lower.startsWith("cel=")) return new CelCondition(unquote(s.substring("cel=".length()).strip()), s);
    throw StepException.invalid("unrecognized condition \"" + spec + "\" (" + FORMS + ")");
  }

  private static WaitCondition condition(String spec, String rest) {
    int eq = rest.indexOf('=');
    String type = (eq < 0 ? rest : rest.substring(0, eq)).strip();
    String status = eq < 0 ? "True" : rest.substring(eq + 1).strip();
    if (type.isEmpty()) throw StepException.invalid("missing condition type in \"" + spec + "\" (" + FORMS + ")");
    if (status.isEmpty()) throw StepException.invalid("missing condition status in \"" + spec + "\"");
    return new ConditionIs(type, status, spec);
  }

  private static WaitCondition jsonPath(String spec, String rest) {
    String template;
    String tail;
    if (rest.startsWith("'") || rest.startsWith("\"")) {
      int close = rest.indexOf(rest.charAt(0), 1);
      if (close < 0) throw StepException.invalid("unterminated quote in \"" + spec + "\"");
      template = rest.substring(1, close);
      tail = rest.substring(close + 1);
    } else if (rest.startsWith("{")) {
      int end = closingBrace(rest);
      if (end < 0) throw StepException.invalid("unbalanced braces in jsonpath of \"" + spec + "\"");
      template = rest.substring(0, end + 1);
      tail = rest.substring(end + 1);
    } else {
      int cut = operatorStart(rest);
      template = rest.substring(0, cut);
      tail = rest.substring(cut);
    }
    if (template.isBlank()) throw StepException.invalid("missing jsonpath in \"" + spec + "\" (" + FORMS + ")");
    JsonPathTemplate path = JsonPathTemplate.parseRelaxed(template.strip());
    String t = tail.strip();
    if (t.isEmpty()) return new JsonPathIs(path, Compare.PRESENT, List.of(), spec);
    if (t.toLowerCase(Locale.ROOT).startsWith("in")) {
      String list = t.substring(2).strip();
      if (!list.startsWith("(") || !list.endsWith(")")) {
        throw StepException.invalid("expected a list like in (A,B) in \"" + spec + "\"");
      }
      List<String> values = new ArrayList<>();
      for (String v : list.substring(1, list.length() - 1).split(",")) values.add(unquote(v.strip()));
      if (values.stream().allMatch(String::isEmpty)) throw StepException.invalid("empty list in \"" + spec + "\"");
      return new JsonPathIs(path, Compare.IN, values, spec);
    }
    for (String[] op : new String[][] {{"!=", "NE"}, {">=", "GE"}, {"<=", "LE"}, {"==", "EQ"}, {"=", "EQ"},
        {">", "GT"}, {"<", "LT"}}) {
      if (t.startsWith(op[0])) {
        String value = unquote(t.substring(op[0].length()).strip());
        Compare c = Compare.valueOf(op[1]);
        if (value.isEmpty() && c != Compare.EQ && c != Compare.NE) {
          throw StepException.invalid("missing value after " + op[0] + " in \"" + spec + "\"");
        }
        return new JsonPathIs(path, c, List.of(value), spec);
      }
    }
    throw StepException.invalid("unrecognized operator \"" + t + "\" in \"" + spec + "\" (" + FORMS + ")");
  }

  /** Index of the brace closing the first one, skipping quoted text; -1 if none. */
  private static int closingBrace(String s) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') i++;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int operatorStart(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '=' || c == '!' || c == '<' || c == '>') return i;
      if (c == ' ' && s.substring(i).strip().toLowerCase(Locale.ROOT).startsWith("in")) return i;
    }
    return s.length();
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
