package kubesteps.components;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What must hold for a spec, checked without running it: every name it references is declared, every input and
 * output is used, optional inputs appear only under their own {@code if}/{@code isPresent}, names are Python
 * identifiers that stay distinct in both SDKs, no {@code inputPath} on a parameter type (KFP v2 rejects it), every
 * flag is one the tool has, and image and command are the tool's image, tag and entrypoint.
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
  private final List<String> problems = new ArrayList<>();
  private final Set<String> usedInputs = new LinkedHashSet<>();
  private final Set<String> usedOutputs = new LinkedHashSet<>();
  private Tool tool;

  private SpecCheck(ComponentSpec spec, Images images) {
    this.spec = spec;
    this.images = images;
  }

  /** The problems of a spec, one line each; empty when it is fine. */
  static List<String> problems(ComponentSpec spec, Images images) {
    SpecCheck c = new SpecCheck(spec, images);
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
        if (in.optional() && in.defaultValue() == null && !name.equals(present)) {
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
      case "concat" -> {
        if (!(v instanceof List<?> parts)) {
          problem("concat: needs a list: " + v);
          return;
        }
        for (int i = 0; i < parts.size(); i++) walk(parts.get(i), present, i == 0);
      }
      case "if" -> {
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
