package kubesteps.components;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;

/**
 * A Kubeflow component.yaml in the v1 component format (what the KFP SDK v1 and v2 both load): name, inputs,
 * outputs, implementation.container with image, command and args. The placeholders stay as parsed (maps and lists);
 * {@link CommandLines} resolves them, {@link SpecCheck} checks them.
 */
public record ComponentSpec(String file, String name, Map<String, Input> inputs, Map<String, Output> outputs, String image,
    List<Object> command, List<Object> args, List<String> problems) {

  /** An input as declared; {@code type} null when none is given. */
  public record Input(String name, String type, boolean optional, String defaultValue) {}

  public record Output(String name, String type) {}

  public static ComponentSpec read(Path file) {
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the spec; what does not fit the format (duplicate names, no image, ...) ends up in problems. */
  @SuppressWarnings("unchecked")
  static ComponentSpec parse(String file, String yaml) {
    Map<String, Object> doc = ObjectMaps.parse(yaml);
    List<String> problems = new ArrayList<>();
    Map<String, Input> inputs = new LinkedHashMap<>();
    for (Object o : list(doc.get("inputs"))) {
      Map<String, Object> m = (Map<String, Object>) o;
      String n = String.valueOf(m.get("name"));
      Object d = m.get("default");
      boolean optional = Boolean.TRUE.equals(m.get("optional")) || "true".equals(String.valueOf(m.get("optional")));
      if (inputs.put(n, new Input(n, m.get("type") == null ? null : String.valueOf(m.get("type")), optional,
          d == null ? null : String.valueOf(d))) != null) {
        problems.add("input " + n + " is declared twice");
      }
    }
    Map<String, Output> outputs = new LinkedHashMap<>();
    for (Object o : list(doc.get("outputs"))) {
      Map<String, Object> m = (Map<String, Object>) o;
      String n = String.valueOf(m.get("name"));
      if (outputs.put(n, new Output(n, m.get("type") == null ? null : String.valueOf(m.get("type")))) != null) {
        problems.add("output " + n + " is declared twice");
      }
    }
    Map<String, Object> impl = (Map<String, Object>) doc.getOrDefault("implementation", Map.of());
    Map<String, Object> container = (Map<String, Object>) impl.getOrDefault("container", Map.of());
    if (container.isEmpty()) problems.add("no implementation.container");
    Object image = container.get("image");
    return new ComponentSpec(file, String.valueOf(doc.get("name")), inputs, outputs,
        image == null ? null : String.valueOf(image), list(container.get("command")), list(container.get("args")),
        problems);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }
}
