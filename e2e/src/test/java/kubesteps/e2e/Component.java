package kubesteps.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;

/**
 * A Kubeflow Pipelines v1 component ({@code component-specs/TOOL/component.yaml}) turned into a container's command
 * line, as KFP does: {@code inputValue} by the value, {@code outputPath} by {@code /tmp/outputs/NAME/data},
 * {@code if}/{@code isPresent} by its {@code then} or {@code else}, {@code concat} joined. Only what our specs use.
 */
record Component(String name, String image, List<String> command, List<String> args) {
  static final String OUTPUTS = "/tmp/outputs";

  static Path file(String tool) {
    return LocalNode.ROOT.resolve("component-specs/" + tool + "/component.yaml");
  }

  /** The component's command line for these inputs (absent optional inputs are left out). */
  static Component resolve(String tool, Map<String, String> inputs) throws IOException {
    Map<String, Object> spec = ObjectMaps.parse(Files.readString(file(tool)));
    Map<?, ?> container = (Map<?, ?>) ((Map<?, ?>) spec.get("implementation")).get("container");
    Map<String, Object> declared = new LinkedHashMap<>();
    for (Object in : list(spec.get("inputs"))) declared.put((String) ((Map<?, ?>) in).get("name"), in);
    for (String given : inputs.keySet()) {
      if (!declared.containsKey(given)) throw new IllegalArgumentException(tool + " has no input " + given);
    }
    for (Object in : declared.values()) {
      Map<?, ?> m = (Map<?, ?>) in;
      if (!Boolean.TRUE.equals(m.get("optional")) && m.get("default") == null && !inputs.containsKey(m.get("name"))) {
        throw new IllegalArgumentException(tool + ": input " + m.get("name") + " is required");
      }
    }
    return new Component((String) spec.get("name"), (String) container.get("image"),
        expand(list(container.get("command")), inputs), expand(list(container.get("args")), inputs));
  }

  /** Where KFP v1 puts an output's file. */
  static String outputPath(String output) {
    return OUTPUTS + "/" + output + "/data";
  }

  private static List<String> expand(List<?> items, Map<String, String> inputs) {
    List<String> out = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof Map<?, ?> m && m.containsKey("if")) {
        Map<?, ?> cond = (Map<?, ?>) m.get("if");
        boolean present = inputs.containsKey((String) ((Map<?, ?>) cond.get("cond")).get("isPresent"));
        out.addAll(expand(list(cond.get(present ? "then" : "else")), inputs));
      } else {
        out.add(value(item, inputs));
      }
    }
    return out;
  }

  private static String value(Object item, Map<String, String> inputs) {
    if (item instanceof String s) return s;
    if (item instanceof Number || item instanceof Boolean) return String.valueOf(item);
    Map<?, ?> m = (Map<?, ?>) item;
    if (m.containsKey("inputValue")) {
      String v = inputs.get((String) m.get("inputValue"));
      if (v == null) throw new IllegalArgumentException("input " + m.get("inputValue") + " is not given");
      return v;
    }
    if (m.containsKey("outputPath")) return outputPath((String) m.get("outputPath"));
    if (m.containsKey("concat")) {
      StringBuilder b = new StringBuilder();
      for (Object part : list(m.get("concat"))) b.append(value(part, inputs));
      return b.toString();
    }
    throw new IllegalArgumentException("unsupported placeholder " + m);
  }

  private static List<?> list(Object o) {
    return o == null ? List.of() : (List<?>) o;
  }
}
