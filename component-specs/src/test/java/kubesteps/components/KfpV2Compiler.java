package kubesteps.components;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the KFP SDK v2 (2.16.1) compiles a v1-format component.yaml into: the component's input and output
 * definitions and its executor's container, every placeholder turned into text. Written from the SDK's own output
 * ({@code src/test/resources/kfp-v2-ir/}, from ../shared/docs/kfp-v2-ir/, compiled with the real SDK), which
 * {@code KfpV2CompilerTest} compares it with:
 * {@code inputValue} -> {@code {{$.inputs.parameters['x']}}}, {@code outputPath} ->
 * {@code {{$.outputs.parameters['x'].output_file}}}, {@code executorInput} -> {@code {{$}}}, {@code if} -> one
 * argument holding the JSON text {@code {"IfPresent": {"InputName": .., "Then": [..], "Else": [..]}}} (Python's
 * json.dumps: ", " and ": " separators, non-ASCII escaped), {@code concat} -> {@code {"Concat": [..]}} (as text at
 * the top, as an object inside Then/Else). An input with a default, or optional, is {@code isOptional}; a task that
 * does not set it carries no value for it.
 */
public final class KfpV2Compiler {
  private KfpV2Compiler() {}

  /** An input parameter's definition: {@code parameterType}, {@code isOptional}, {@code defaultValue} (typed). */
  public record ParameterDefinition(String type, boolean optional, Object defaultValue) {}

  /** The compiled component: inputDefinitions.parameters, outputDefinitions.parameters, the executor's container. */
  public record CompiledComponent(String name, Map<String, ParameterDefinition> inputs, List<String> outputs,
      String image, List<String> command, List<String> args) {}

  public static CompiledComponent compile(ComponentSpec spec) {
    Map<String, ParameterDefinition> inputs = new LinkedHashMap<>();
    for (ComponentSpec.Input in : spec.inputs().values()) {
      String type = parameterType(in.type());
      Object dflt = in.defaultValue() == null ? null : typed(type, in.defaultValue());
      inputs.put(in.name(), new ParameterDefinition(type, in.optional() || in.defaultValue() != null, dflt));
    }
    for (ComponentSpec.Output out : spec.outputs().values()) parameterType(out.type());
    List<String> command = new ArrayList<>();
    for (Object o : spec.command()) command.add(text(o));
    List<String> args = new ArrayList<>();
    for (Object o : spec.args()) args.add(text(o));
    return new CompiledComponent(spec.name(), inputs, List.copyOf(spec.outputs().keySet()), spec.image(), command,
        args);
  }

  /**
   * A component as a compiled pipeline (IR) holds it: {@code components.comp-NAME.inputDefinitions} and
   * {@code outputDefinitions}, and {@code deploymentSpec.executors.exec-NAME.container}.
   */
  @SuppressWarnings("unchecked")
  public static CompiledComponent fromIr(Map<String, Object> ir, String name) {
    Map<String, Object> comp = (Map<String, Object>) ((Map<String, Object>) ir.get("components")).get("comp-" + name);
    Map<String, Object> container = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) ir.get("deploymentSpec")).get("executors")).get("exec-" + name)).get("container");
    Map<String, ParameterDefinition> inputs = new LinkedHashMap<>();
    Map<String, Object> in = (Map<String, Object>) comp.getOrDefault("inputDefinitions", Map.of());
    ((Map<String, Map<String, Object>>) in.getOrDefault("parameters", Map.of())).forEach((n, d) -> inputs.put(n,
        new ParameterDefinition((String) d.get("parameterType"), Boolean.TRUE.equals(d.get("isOptional")),
            d.get("defaultValue"))));
    Map<String, Object> out = (Map<String, Object>) comp.getOrDefault("outputDefinitions", Map.of());
    List<String> outputs = List.copyOf(((Map<String, Object>) out.getOrDefault("parameters", Map.of())).keySet());
    return new CompiledComponent(name, inputs, outputs, (String) container.get("image"),
        (List<String>) container.getOrDefault("command", List.of()), (List<String>) container.getOrDefault("args",
            List.of()));
  }

  /** The v2 parameter type of a v1 type name; what would be an artifact is not used by these specs. */
  static String parameterType(String v1Type) {
    if (v1Type == null) throw new IllegalArgumentException("an input or output without type is an artifact in v2");
    return switch (v1Type) {
      case "String", "str" -> "STRING";
      case "Integer", "int" -> "NUMBER_INTEGER";
      case "Float", "float" -> "NUMBER_DOUBLE";
      case "Boolean", "bool" -> "BOOLEAN";
      case "JsonObject", "Dict" -> "STRUCT";
      case "JsonArray", "List" -> "LIST";
      default -> throw new IllegalArgumentException("type " + v1Type + " is an artifact in v2, not a parameter");
    };
  }

  /** A default as the SDK writes it into defaultValue: text parsed by the parameter's type. */
  static Object typed(String type, String text) {
    return switch (type) {
      case "BOOLEAN" -> switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw new IllegalArgumentException("not a Boolean default: " + text);
      };
      case "NUMBER_INTEGER" -> Long.parseLong(text);
      case "NUMBER_DOUBLE" -> Double.parseDouble(text);
      default -> text;
    };
  }

  /** One command or args item as the text the SDK writes. */
  private static String text(Object item) {
    if (item instanceof String s) return s;
    if (item instanceof Number || item instanceof Boolean) return String.valueOf(item);
    Map.Entry<?, ?> e = placeholder(item);
    String key = String.valueOf(e.getKey());
    return switch (key) {
      case "if" -> ifPresent(e.getValue());
      case "concat" -> pythonJson(Map.of("Concat", concatParts(e.getValue())));
      default -> simple(key, e.getValue());
    };
  }

  private static String simple(String key, Object value) {
    return switch (key) {
      case "inputValue" -> "{{$.inputs.parameters['" + value + "']}}";
      case "outputPath" -> "{{$.outputs.parameters['" + value + "'].output_file}}";
      case "executorInput" -> "{{$}}";
      default -> throw new IllegalArgumentException("the SDK has no placeholder " + key + " for a parameter");
    };
  }

  private static String ifPresent(Object body) {
    if (!(body instanceof Map<?, ?> b) || !(b.get("cond") instanceof Map<?, ?> cond) || !cond.containsKey("isPresent")) {
      throw new IllegalArgumentException("if needs cond: {isPresent: NAME}: " + body);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("InputName", String.valueOf(cond.get("isPresent")));
    json.put("Then", branch(b.get("then")));
    if (b.get("else") != null) json.put("Else", branch(b.get("else")));
    return pythonJson(Map.of("IfPresent", json));
  }

  /** Then/Else items: strings, or a Concat as an object. */
  private static List<Object> branch(Object items) {
    List<Object> out = new ArrayList<>();
    for (Object o : items instanceof List<?> l ? l : List.of(items)) {
      if (o instanceof Map<?, ?> && "concat".equals(String.valueOf(placeholder(o).getKey()))) {
        out.add(Map.of("Concat", concatParts(placeholder(o).getValue())));
      } else if (o instanceof Map<?, ?> && "if".equals(String.valueOf(placeholder(o).getKey()))) {
        throw new IllegalArgumentException("if inside if");
      } else {
        out.add(text(o));
      }
    }
    return out;
  }

  private static List<Object> concatParts(Object parts) {
    if (!(parts instanceof List<?> l)) throw new IllegalArgumentException("concat needs a list: " + parts);
    List<Object> out = new ArrayList<>();
    for (Object p : l) out.add(text(p));
    return out;
  }

  private static Map.Entry<?, ?> placeholder(Object item) {
    if (!(item instanceof Map<?, ?> m) || m.size() != 1) throw new IllegalArgumentException("not a placeholder: " + item);
    return m.entrySet().iterator().next();
  }

  /** Python's json.dumps with its defaults: ", " and ": ", ensure_ascii. */
  static String pythonJson(Object value) {
    return JsonText.write(value, JsonText.PYTHON);
  }
}
