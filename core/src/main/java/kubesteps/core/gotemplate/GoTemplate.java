package kubesteps.core.gotemplate;

import java.util.HashMap;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;

/**
 * Go's text/template as kubectl's {@code -o go-template} uses it (cli-runtime printers/template.go): the template is
 * named {@code output}, has kubectl's extra functions {@code base64decode} and {@code exists}, and runs over the
 * object as a plain JSON tree (maps, lists, strings, int64 and float64 numbers, booleans, null) with
 * {@code missingkey=default} (a missing field prints {@code <no value>}) or, without allowMissingKeys,
 * {@code missingkey=error}. Parse and execution errors are a {@link StepException} (INVALID_INPUT) carrying Go's
 * one-line message. Pure logic, no I/O; a parsed template may be rendered any number of times.
 */
public final class GoTemplate {
  /** kubectl's name for the template, which Go's error messages quote. */
  public static final String NAME = "output";

  private final String text;
  private final Map<String, Node.ListNode> trees;
  private final boolean allowMissingKeys;

  private GoTemplate(String text, Map<String, Node.ListNode> trees, boolean allowMissingKeys) {
    this.text = text;
    this.trees = trees;
    this.allowMissingKeys = allowMissingKeys;
  }

  /** Parses {@code text}; a template that does not parse is a StepException with Go's message. */
  public static GoTemplate parse(String text) {
    Map<String, Node.ListNode> trees = new HashMap<>();
    try {
      Parser.parse(NAME, text, Funcs.NAMES, trees);
    } catch (Parser.ParseError e) {
      throw new StepException(ExitCode.INVALID_INPUT, e.getMessage());
    }
    return new GoTemplate(text, Map.copyOf(trees), true);
  }

  /** kubectl's --allow-missing-template-keys (true by default): false makes a missing key an error. */
  public GoTemplate allowMissingKeys(boolean allow) {
    return new GoTemplate(text, trees, allow);
  }

  /** The template applied to {@code data}. */
  public String render(Object data) {
    StringBuilder sb = new StringBuilder();
    render(data, sb);
    return sb.toString();
  }

  /** Writes the template applied to {@code data} to {@code out}; on an error, what was written before stays. */
  public void render(Object data, Appendable out) {
    try {
      new Exec(trees, text, NAME, !allowMissingKeys, out).run(NAME, data);
    } catch (Exec.ExecError e) {
      throw new StepException(ExitCode.INVALID_INPUT, e.getMessage());
    } catch (StackOverflowError e) {
      throw new StepException(ExitCode.INVALID_INPUT, "template: " + NAME + ": nesting too deep to execute");
    }
  }

  /** The template text as given. */
  public String text() {
    return text;
  }

}
