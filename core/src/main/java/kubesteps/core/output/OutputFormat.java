package kubesteps.core.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kubesteps.core.error.StepException;
import kubesteps.core.gotemplate.GoTemplate;
import kubesteps.core.jsonpath.JsonPathTemplate;

/**
 * What {@code -o} asked for, as kubectl takes it, checked before any API call (a bad template is exit 2 with nothing
 * fetched or applied). k8s-get takes every form; k8s-apply those that print objects ({@link #printsObjects()}).
 */
public sealed interface OutputFormat {
  String ALLOWED = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
      + "jsonpath-file,name,template,templatefile,wide,yaml";

  /**
   * The server-rendered table; {@code wide} adds the columns of priority above 0, {@code showLabels} a last LABELS
   * column (kubectl's --show-labels).
   */
  record Table(boolean wide, boolean showLabels) implements OutputFormat {}

  record Name() implements OutputFormat {}

  record Json() implements OutputFormat {}

  record Yaml() implements OutputFormat {}

  /** {@code -o jsonpath=...}, or with {@code asJson} {@code -o jsonpath-as-json=...} (each result set a JSON array). */
  record JsonPath(JsonPathTemplate template, boolean asJson) implements OutputFormat {
    public String print(Object tree, boolean allowMissingKeys) {
      return asJson ? template.executeAsJson(tree) : template.execute(tree, allowMissingKeys);
    }
  }

  record CustomColumns(List<Column> columns) implements OutputFormat {}

  /** {@code -o go-template=...} (or {@code template=}, {@code go-template-file=}, {@code templatefile=}). */
  record GoTemplateOutput(GoTemplate template) implements OutputFormat {
    /** kubectl's words: {@code error executing template "T": template: output:1:2: ...}; a missing key is exit 3. */
    public String print(Object tree, boolean allowMissingKeys) {
      try {
        return template.allowMissingKeys(allowMissingKeys).render(tree);
      } catch (StepException e) {
        String m = "error executing template \"" + template.text() + "\": " + e.getMessage();
        throw new StepException(e.getMessage().contains("map has no entry for key")
            ? kubesteps.core.error.ExitCode.NOT_FOUND : e.code(), m);
      }
    }

    static GoTemplateOutput parse(String text) {
      try {
        return new GoTemplateOutput(GoTemplate.parse(text));
      } catch (StepException e) {
        throw StepException.invalid("error parsing template " + text + ", " + e.getMessage());
      }
    }
  }

  record Column(String header, JsonPathTemplate path) {}

  /** Whether this format prints the objects themselves (name, json, yaml, jsonpath), not the server's table. */
  default boolean printsObjects() {
    return this instanceof Name || this instanceof Json || this instanceof Yaml || this instanceof JsonPath
        || this instanceof GoTemplateOutput;
  }

  /**
   * Objects printed as kubectl prints them in this format: {@code type/name} lines, one object (or several as a
   * List) as JSON or YAML, or the JSONPath template over that one object or List. Only for {@link #printsObjects()}.
   */
  default String print(List<java.util.Map<String, Object>> objects, boolean single, boolean allowMissingKeys) {
    if (this instanceof Name) {
      StringBuilder sb = new StringBuilder();
      for (var o : objects) sb.append(ObjectText.name(o)).append('\n');
      return sb.toString();
    }
    Object tree = single && objects.size() == 1 ? objects.get(0) : ObjectText.list(objects);
    if (this instanceof Json) return ObjectText.json(tree);
    if (this instanceof Yaml) return ObjectText.yaml(tree);
    if (this instanceof JsonPath jp) return jp.print(tree, allowMissingKeys);
    if (this instanceof GoTemplateOutput gt) return gt.print(tree, allowMissingKeys);
    throw new IllegalStateException(this + " prints no objects");
  }

  static OutputFormat parse(String output) {
    if (output == null || output.isEmpty()) return new Table(false, false);
    if (output.equals("wide")) return new Table(true, false);
    if (output.equals("name")) return new Name();
    if (output.equals("json")) return new Json();
    if (output.equals("yaml")) return new Yaml();
    if (output.equals("jsonpath") || output.equals("jsonpath-file") || output.equals("jsonpath-as-json")
        || output.equals("custom-columns") || output.equals("go-template") || output.equals("template")
        || output.equals("go-template-file") || output.equals("templatefile")) {
      throw StepException.invalid(output.startsWith("custom") ? "custom-columns format specified but no custom columns"
          + " given" : "template format specified but no template given");
    }
    if (output.startsWith("jsonpath=")) return new JsonPath(JsonPathTemplate.parse(output.substring(9)), false);
    if (output.startsWith("jsonpath-as-json=")) {
      return new JsonPath(JsonPathTemplate.parse(output.substring("jsonpath-as-json=".length())), true);
    }
    if (output.startsWith("jsonpath-file=")) {
      Path file = Path.of(output.substring("jsonpath-file=".length()));
      try {
        return new JsonPath(JsonPathTemplate.parse(Files.readString(file)), false);
      } catch (NoSuchFileException e) {
        throw StepException.invalid("error reading jsonpath file " + file + ": no such file");
      } catch (IOException e) {
        throw StepException.invalid("error reading jsonpath file " + file + ": " + e.getMessage());
      }
    }
    for (String prefix : List.of("go-template=", "template=")) {
      if (output.startsWith(prefix)) return GoTemplateOutput.parse(output.substring(prefix.length()));
    }
    for (String prefix : List.of("go-template-file=", "templatefile=")) {
      if (!output.startsWith(prefix)) continue;
      Path file = Path.of(output.substring(prefix.length()));
      try {
        return GoTemplateOutput.parse(Files.readString(file));
      } catch (NoSuchFileException e) {
        throw StepException.invalid("error reading template file " + file + ": no such file");
      } catch (IOException e) {
        throw StepException.invalid("error reading template file " + file + ": " + e.getMessage());
      }
    }
    if (output.startsWith("custom-columns=")) return customColumns(output.substring("custom-columns=".length()));
    if (output.startsWith("custom-columns-file=")) {
      return customColumnsFile(Path.of(output.substring("custom-columns-file=".length())));
    }
    throw StepException.invalid("unable to match a printer suitable for the output format \"" + output
        + "\", allowed formats are: " + ALLOWED);
  }

  /**
   * kubectl's custom-columns file: a line of headers and a line of JSONPath expressions, each separated by blanks;
   * the same number of each.
   */
  private static CustomColumns customColumnsFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw StepException.invalid("error reading template " + file + ": no such file");
    } catch (IOException e) {
      throw StepException.invalid("error reading template " + file + ": " + e.getMessage());
    }
    if (lines.size() < 2) {
      throw StepException.invalid("invalid template, missing " + (lines.isEmpty() ? "header" : "spec") + " line."
          + " Expected format is one line of space separated headers, one line of space separated column specs.");
    }
    String[] headers = fields(lines.get(0));
    String[] specs = fields(lines.get(1));
    if (headers.length != specs.length) {
      throw StepException.invalid("number of headers (" + headers.length + ") and field specifications ("
          + specs.length + ") don't match");
    }
    List<Column> columns = new ArrayList<>();
    for (int i = 0; i < headers.length; i++) {
      columns.add(new Column(headers[i], JsonPathTemplate.parseRelaxed(specs[i])));
    }
    return new CustomColumns(columns);
  }

  private static String[] fields(String line) {
    String t = line.strip();
    return t.isEmpty() ? new String[0] : t.split("\\s+");
  }

  private static CustomColumns customColumns(String spec) {
    if (spec.isEmpty()) throw StepException.invalid("custom-columns format specified but no custom columns given");
    List<Column> columns = new ArrayList<>();
    for (String part : spec.split(",", -1)) {
      int colon = part.indexOf(':');
      if (colon < 0) {
        throw StepException.invalid("unexpected custom-columns spec: " + part + ", expected <header>:<json-path-expr>");
      }
      columns.add(new Column(part.substring(0, colon), JsonPathTemplate.parseRelaxed(part.substring(colon + 1))));
    }
    return new CustomColumns(columns);
  }
}
