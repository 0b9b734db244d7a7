package kubesteps.components;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import kubesteps.core.cli.ComponentInput;

/**
 * What must hold for a spec, checked without running it: every name it references is declared, every input and
 * output is used, names are Python identifiers that stay distinct in both SDKs, no {@code inputPath} on a parameter
 * type (KFP v2 rejects it), every flag is one the tool has, and image and command are the tool's image, tag and
 * entrypoint. For KFP v1 (component-kfp-v1.yaml): optional inputs appear only under their own
 * {@code if}/{@code isPresent}, and no {@code executorInput} (v1 has none). For KFP v2 (component.yaml): no
 * {@code if} and no {@code concat} (the launcher up to 2.16 resolves neither, no backend resolves a Concat), no
 * {@code inputValue} of an optional input (from 2.17 the driver fails a task that does not set it), the optional
 * inputs in {@code executorInput}, and the tool's own table of inputs ({@code ComponentInputs}) names exactly the
 * spec's inputs, the required ones as passed by the spec.
 */
final class SpecCheck {
  /** Types KFP v2 turns into parameters (an inputPath on them fails the v2 compiler). */
  static final Set<String> PARAMETER_TYPES = Set.of("String", "Integer", "Float", "Boolean", "JsonObject", "JsonArray",
      "str", "int", "float", "bool", "Dict", "List");
  private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
      "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
      "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
      "yield");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  /** What the images are: entrypoint (with @MAIN@ for the main class), registry prefix and tag. */
  record Images(List<String> entrypoint, String registry, String version) {}

  private final ComponentSpec spec;
  private final Images images;
  private final boolean v2;
  private boolean executorInput;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> usedInputs = new LinkedHashSet<>();
  private final Set<String> usedOutputs = new LinkedHashSet<>();
  private Tool tool;

  private SpecCheck(ComponentSpec spec, Images images, KfpBackend backend) {
    this.spec = spec;
    this.images = images;
    this.v2 = backend != KfpBackend.V1;
  }

  /** The problems of a spec meant for this backend, one line each; empty when it is fine. */
  static List<String> problems(ComponentSpec spec, Images images, KfpBackend backend) {
    SpecCheck c = new SpecCheck(spec, images, backend);
    c.run();
    return c.problems;
  }

  private void run() {
    problems.addAll(spec.problems());
    names();
    toolAndImage();
    for (Object o : spec.command()) {
      if (!(o instanceof String)) problem("command: " + o + ": the command holds no placeholders here");
    }
    for (Object o : spec.args()) walk(o, null, true);
    if (v2 && executorInput) executorInputTable();
    for (String i : spec.inputs().keySet()) {
      if (!usedInputs.contains(i)) problem("input " + i + " is declared but never used");
    }
    for (String o : spec.outputs().keySet()) {
      if (!usedOutputs.contains(o)) problem("output " + o + " is declared but no outputPath writes it");
    }
  }

  private void names() {
    Map<String, String> seen = new HashMap<>();
    List<String> all = new ArrayList<>();
    spec.inputs().keySet().forEach(n -> all.add("input " + n));
    spec.outputs().keySet().forEach(n -> all.add("output " + n));
    for (String what : all) {
      String name = what.substring(what.indexOf(' ') + 1);
      String py = name.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
      if (!IDENTIFIER.matcher(py).matches() || PYTHON_KEYWORDS.contains(py)) {
        problem(what + ": \"" + py + "\" is not a Python identifier (KFP passes inputs as keyword arguments)");
      }
      String before = seen.put(py, what);
      if (before != null) problem(what + " and " + before + " are the same name \"" + py + "\" in the SDKs");
    }
  }

  private void toolAndImage() {
    if (spec.command().isEmpty()) {
      problem("no command (KFP v1 warns and v2's emissary needs one: spell the entrypoint out)");
      return;
    }
    String main = String.valueOf(spec.command().get(spec.command().size() - 1));
    try {
      tool = Tool.byMain(main);
    } catch (IllegalArgumentException e) {
      problem("command: " + e.getMessage());
      return;
    }
    List<String> expected = images.entrypoint().stream().map(a -> a.replace("@MAIN@", tool.main())).toList();
    List<String> actual = spec.command().stream().map(String::valueOf).toList();
    if (!expected.equals(actual)) problem("command " + actual + " is not the image's entrypoint " + expected);
    String image = images.registry() + tool.name() + ":" + images.version();
    if (!image.equals(spec.image())) {
      problem("image " + spec.image() + " is not " + image + " (the " + tool.name() + " image of this build)");
    }
  }

  /**
   * Walks one item of args. {@code present} is the optional input an enclosing then-branch proved present (null
   * outside such a branch); {@code flagPosition} whether a literal here may be a flag.
   */
  private void walk(Object item, String present, boolean flagPosition) {
    if (item instanceof String s) {
      if (flagPosition && s.startsWith("-") && s.length() > 1) flag(s);
      return;
    }
    if (item instanceof Number || item instanceof Boolean) return;
    if (!(item instanceof Map<?, ?> m) || m.size() != 1) {
      problem("args: " + item + ": not a string or a placeholder");
      return;
    }
    var e = m.entrySet().iterator().next();
    String key = String.valueOf(e.getKey());
    Object v = e.getValue();
    switch (key) {
      case "inputValue", "inputPath" -> {
        String name = String.valueOf(v);
        ComponentSpec.Input in = spec.inputs().get(name);
        if (in == null) {
          problem(key + ": " + name + " is not a declared input");
          return;
        }
        usedInputs.add(name);
        if (v2 && (in.optional() || in.defaultValue() != null)) {
          problem(key + ": optional input " + name + " as a value: from 2.17 the KFP v2 driver fails a task that does"
              + " not set it (\"parameter not found in executor input\"), default or not: pass it in executorInput");
        }
        if (!v2 && in.optional() && in.defaultValue() == null && !name.equals(present)) {
          problem(key + ": optional input " + name + " used outside if/isPresent " + name
              + " (an absent input would leave a hole in the command line)");
        }
        if (key.equals("inputPath") && in.type() != null && PARAMETER_TYPES.contains(in.type())) {
          problem("inputPath: input " + name + " has the parameter type " + in.type()
              + ", which KFP v2 cannot pass as a path (use inputValue, or no type)");
        }
      }
      case "outputPath" -> {
        String name = String.valueOf(v);
        if (!spec.outputs().containsKey(name)) problem("outputPath: " + name + " is not a declared output");
        else usedOutputs.add(name);
      }
      case "executorInput" -> {
        if (!v2) problem("executorInput: KFP v1 has no executor input (the tool would get the text {{$}})");
        executorInput = true;
      }
      case "concat" -> {
        if (v2) problem("concat: no KFP v2 backend resolves a Concat (it reaches the tool as JSON text)");
        if (!(v instanceof List<?> parts)) {
          problem("concat: needs a list: " + v);
          return;
        }
        for (int i = 0; i < parts.size(); i++) walk(parts.get(i), present, i == 0);
      }
      case "if" -> {
        if (v2) {
          problem("if: KFP v2 backends up to 2.16 hand the tool the IfPresent JSON text (kubeflow/pipelines#11009);"
              + " pass optional inputs in executorInput");
        }
        if (!(v instanceof Map<?, ?> body) || !body.containsKey("cond") || !body.containsKey("then")) {
          problem("if: needs cond and then: " + v);
          return;
        }
        String proven = present;
        if (body.get("cond") instanceof Map<?, ?> cond && cond.containsKey("isPresent")) {
          String name = String.valueOf(cond.get("isPresent"));
          if (!spec.inputs().containsKey(name)) problem("isPresent: " + name + " is not a declared input");
          else proven = name;
        } else {
          problem("if: cond " + body.get("cond") + ": use isPresent (the condition both SDKs support)");
        }
        walkBranch(body.get("then"), proven);
        if (body.containsKey("else")) walkBranch(body.get("else"), present);
      }
      default -> problem("args: unknown placeholder " + key);
    }
  }

  /**
   * The executor input carries every input; the tool turns them into arguments by its own table, which must name
   * exactly the spec's inputs, the ones the spec passes itself as such.
   */
  private void executorInputTable() {
    if (tool == null) return;
    Map<String, ComponentInput> table = new java.util.LinkedHashMap<>();
    for (ComponentInput i : tool.componentInputs()) table.put(i.name(), i);
    for (ComponentSpec.Input in : spec.inputs().values()) {
      ComponentInput t = table.get(in.name());
      if (t == null) {
        problem("input " + in.name() + ": " + tool.name() + " has no such component input (its table: "
            + String.join(", ", table.keySet()) + ")");
        continue;
      }
      if (t.passedBySpec() != usedInputs.contains(in.name())) {
        problem("input " + in.name() + ": " + (t.passedBySpec() ? tool.name() + " expects the spec to pass it as a value"
            : "passed as a value and in the executor input: the tool would get it twice"));
      }
      usedInputs.add(in.name());
    }
    for (String name : table.keySet()) {
      if (!spec.inputs().containsKey(name)) problem(tool.name() + " has component input " + name + ", the spec not");
    }
  }

  private void walkBranch(Object branch, String present) {
    if (branch instanceof List<?> l) l.forEach(o -> walk(o, present, true));
    else walk(branch, present, true);
  }

  private void flag(String arg) {
    if (tool == null) return;
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg : arg.substring(0, eq);
    if (!tool.hasOption(name)) problem("flag " + name + ": " + tool.name() + " has no such option");
  }

  private void problem(String text) {
    problems.add(spec.name() + ": " + text);
  }
}
