package kubesteps.components;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the KFP SDK v1 (1.8.22) compiles a task's container command line to, for Argo (the legacy mode). Read in
 * kubeflow/pipelines at tag 1.8.22, {@code sdk/python/kfp/components/_components.py}
 * ({@code _create_container_op_from_component_and_arguments}, {@code _resolve_command_line_and_paths},
 * {@code expand_command_part}, {@code expand_argument_list}), {@code kfp/components/_data_passing.py}
 * ({@code serialize_value}, {@code _serialize_bool}) and {@code kfp/dsl/_component_bridge.py}
 * ({@code ExtraPlaceholderResolver}):
 * <ul>
 *   <li>an input the task does not set takes its {@code default};</li>
 *   <li>{@code inputValue} is the value as text: strings as they are, Booleans {@code True}/{@code False} (Python's
 *       str), numbers as Python prints them; an optional input without value drops the argument (inside a
 *       {@code concat}, the part is empty); a required one without value is an error;</li>
 *   <li>{@code outputPath} is the path Argo collects ({@code /tmp/outputs/NAME/data}, given here), {@code inputPath}
 *       a file holding the value, {@code concat} the parts joined, {@code if}/{@code isPresent} the {@code then} or
 *       {@code else} items spliced in;</li>
 *   <li>{@code executorInput} is the literal text {@code {{$}}}: KFP v1 has no executor input.</li>
 * </ul>
 */
final class KfpV1Compiler {
  private final ComponentSpec spec;
  private final Map<String, Object> arguments;
  private final Map<String, Path> outputPaths;
  private final Path scratch;

  private KfpV1Compiler(ComponentSpec spec, Map<String, ?> given, Map<String, Path> outputPaths, Path scratch) {
    this.spec = spec;
    this.arguments = new LinkedHashMap<>(given);
    this.outputPaths = outputPaths;
    this.scratch = scratch;
    for (String n : given.keySet()) {
      if (!spec.inputs().containsKey(n)) throw new IllegalArgumentException(spec.name() + " has no input " + n);
    }
    spec.inputs().values().forEach(i -> {
      if (!arguments.containsKey(i.name()) && i.defaultValue() != null) arguments.put(i.name(), i.defaultValue());
      if (!arguments.containsKey(i.name()) && !i.optional()) {
        throw new IllegalArgumentException("No value provided for input " + i.name() + " (required)");
      }
    });
  }

  /** The container's command line: command then args, resolved. */
  static List<String> resolve(ComponentSpec spec, Map<String, ?> arguments, Map<String, Path> outputPaths,
      Path scratch) {
    KfpV1Compiler r = new KfpV1Compiler(spec, arguments, outputPaths, scratch);
    List<String> out = new ArrayList<>();
    for (Object o : spec.command()) r.expand(o, out);
    for (Object o : spec.args()) r.expand(o, out);
    return out;
  }

  /** Adds what one item of command/args stands for (none, one or several strings). */
  private void expand(Object item, List<String> out) {
    if (item instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("if")) {
      Map<?, ?> body = map(m.get("if"), "if");
      if (!body.containsKey("cond")) throw new IllegalArgumentException("if without cond: " + m);
      Object branch = condition(body.get("cond")) ? body.get("then") : body.get("else");
      if (branch == null) return;
      if (branch instanceof List<?> l) {
        for (Object o : l) expand(o, out);
      } else {
        expand(branch, out);
      }
      return;
    }
    String s = string(item);
    if (s != null) out.add(s);
  }

  /** One string: a literal, or a placeholder that stands for one value; null for an absent optional input. */
  private String string(Object item) {
    if (item instanceof String || item instanceof Number || item instanceof Boolean) return String.valueOf(item);
    if (!(item instanceof Map<?, ?> m) || m.size() != 1) throw new IllegalArgumentException("not a placeholder: " + item);
    var e = m.entrySet().iterator().next();
    String key = String.valueOf(e.getKey());
    switch (key) {
      case "inputValue":
        return value(String.valueOf(e.getValue()));
      case "inputPath": {
        String value = value(String.valueOf(e.getValue()));
        if (value == null) return null;
        try {
          Path f = Files.createTempFile(scratch, "input-", "");
          Files.writeString(f, value);
          return f.toString();
        } catch (IOException x) {
          throw new UncheckedIOException(x);
        }
      }
      case "outputPath": {
        String name = String.valueOf(e.getValue());
        if (!spec.outputs().containsKey(name)) throw new IllegalArgumentException("outputPath: no output " + name);
        Path p = outputPaths.get(name);
        if (p == null) throw new IllegalArgumentException("the engine gave no path for output " + name);
        return p.toString();
      }
      case "executorInput":
        return "{{$}}";
      case "concat": {
        if (!(e.getValue() instanceof List<?> parts)) throw new IllegalArgumentException("concat needs a list: " + m);
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
          String s = string(p);
          if (s != null) sb.append(s);
        }
        return sb.toString();
      }
      default:
        throw new IllegalArgumentException("unknown placeholder " + key + ": " + m);
    }
  }

  private String value(String name) {
    if (!spec.inputs().containsKey(name)) throw new IllegalArgumentException("inputValue: no input " + name);
    return arguments.containsKey(name) ? python(arguments.get(name)) : null;
  }

  /** serialize_value: str as it is, bool as str(b) (True/False), numbers as Python prints them. */
  static String python(Object v) {
    if (v instanceof Boolean b) return b ? "True" : "False";
    return String.valueOf(v);
  }

  private boolean condition(Object cond) {
    if (cond instanceof Boolean b) return b;
    if (cond instanceof String s) return Boolean.parseBoolean(s);
    Map<?, ?> m = map(cond, "cond");
    if (m.containsKey("isPresent")) {
      String name = String.valueOf(m.get("isPresent"));
      if (!spec.inputs().containsKey(name)) throw new IllegalArgumentException("isPresent: no input " + name);
      return arguments.containsKey(name);
    }
    return Boolean.parseBoolean(string(cond));
  }

  private static Map<?, ?> map(Object o, String what) {
    if (o instanceof Map<?, ?> m) return m;
    throw new IllegalArgumentException(what + " needs a map: " + o);
  }
}
