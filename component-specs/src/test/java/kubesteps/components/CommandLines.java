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
 * Resolves a component's command and args as a pipeline engine does (KFP v1 at compile time, v2's driver at run
 * time): {@code inputValue} becomes the argument (or the input's default), {@code inputPath} a file holding it,
 * {@code outputPath} the path the engine picked, {@code concat} one string, {@code if}/{@code cond}/{@code isPresent}
 * the {@code then} or {@code else} items spliced in. Strict: a placeholder the spec format does not have, a name
 * the spec does not declare, or a required input without argument is an error, as the SDKs reject them.
 */
final class CommandLines {
  private final ComponentSpec spec;
  private final Map<String, String> arguments;
  private final Map<String, Path> outputPaths;
  private final Path scratch;

  private CommandLines(ComponentSpec spec, Map<String, String> given, Map<String, Path> outputPaths, Path scratch) {
    this.spec = spec;
    this.arguments = new LinkedHashMap<>(given);
    this.outputPaths = outputPaths;
    this.scratch = scratch;
    for (String n : given.keySet()) {
      if (!spec.inputs().containsKey(n)) throw new IllegalArgumentException(spec.name() + " has no input " + n);
    }
    // both SDKs fill an input's default in when no argument is given
    spec.inputs().values().forEach(i -> {
      if (!arguments.containsKey(i.name()) && i.defaultValue() != null) arguments.put(i.name(), i.defaultValue());
    });
  }

  /** The container's command line: command then args, resolved. */
  static List<String> resolve(ComponentSpec spec, Map<String, String> arguments, Map<String, Path> outputPaths,
      Path scratch) {
    CommandLines r = new CommandLines(spec, arguments, outputPaths, scratch);
    List<String> out = new ArrayList<>();
    for (Object o : spec.command()) r.expand(o, out);
    for (Object o : spec.args()) r.expand(o, out);
    return out;
  }

  /** Adds what one item of command/args stands for (none, one or several strings with {@code if}). */
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
    out.add(string(item));
  }

  /** One string: a literal, or a placeholder that stands for one value. */
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
      case "concat": {
        if (!(e.getValue() instanceof List<?> parts)) throw new IllegalArgumentException("concat needs a list: " + m);
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) sb.append(string(p));
        return sb.toString();
      }
      default:
        throw new IllegalArgumentException("unknown placeholder " + key + ": " + m);
    }
  }

  private String value(String name) {
    if (!spec.inputs().containsKey(name)) throw new IllegalArgumentException("inputValue: no input " + name);
    String v = arguments.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no argument for input " + name
          + (spec.inputs().get(name).optional() ? " (optional: use it only under if/isPresent)" : " (required)"));
    }
    return v;
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
