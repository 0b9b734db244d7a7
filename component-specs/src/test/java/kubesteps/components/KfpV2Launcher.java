package kubesteps.components;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the KFP v2 launcher does to a compiled container's command and args, the whole of it on backends up to 2.16,
 * the second half from 2.17 on. Read in kubeflow/pipelines {@code backend/src/v2/component/launcher_v2.go} at tag
 * 2.16.1 ({@code executeV2}, {@code addDefaultParams}, {@code compileCmdAndArgs}, {@code getPlaceholders}) and
 * {@code backend/src/v2/driver/driver.go} ({@code provisionOutputs}):
 * <ul>
 *   <li>{@code addDefaultParams}: each input the task did not set gets the component's {@code defaultValue};</li>
 *   <li>{@code compileCmdAndArgs}: in every argument, {@code {{$}}} is replaced first (since 2.14) by the executor
 *       input as protojson ({@code {"inputs":{"parameterValues":{..}},"outputs":{"parameters":{NAME:
 *       {"outputFile":".."}},"outputFile":".."}}}, defaults included), then plain {@code strings.ReplaceAll} of
 *       {@code {{$.inputs.parameters['x']}}} for each input that has a value and of
 *       {@code {{$.outputs.parameters['x'].output_file}}}; the command's first element gets only {@code {{$}}};</li>
 *   <li>values: strings as they are, Booleans {@code true}/{@code false}, numbers {@code FormatFloat(v, 'f', -1)}
 *       ({@code 3}, {@code 0.5}), lists and structs as JSON;</li>
 *   <li>nothing else: {@code IfPresent} and {@code Concat} arguments reach the tool as their JSON text
 *       (kubeflow/pipelines#11009), a placeholder of an unset input without default stays as written.</li>
 * </ul>
 * The last point is where this class is stricter than the launcher: it fails the task instead of running the tool
 * with such an argument, so that a spec that relies on it fails the build.
 */
final class KfpV2Launcher {
  private static final Pattern INPUT = Pattern.compile("\\{\\{\\$\\.inputs\\.parameters\\['(.+?)']}}");

  private KfpV2Launcher() {}

  /** The executor input the launcher builds: the task's parameter values plus defaults, and the output files. */
  static Map<String, Object> executorInput(KfpV2Compiler.CompiledComponent c, Map<String, Object> taskInputs,
      Map<String, String> outputFiles, String executorOutputFile) {
    Map<String, Object> values = new LinkedHashMap<>(taskInputs);
    c.inputs().forEach((name, def) -> {
      if (!values.containsKey(name) && def.defaultValue() != null) values.put(name, def.defaultValue());
    });
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (String o : c.outputs()) {
      String file = outputFiles.get(o);
      if (file == null) throw new IllegalArgumentException("no output file for " + o);
      outputs.put(o, Map.of("outputFile", file));
    }
    return Map.of("inputs", Map.of("parameterValues", values),
        "outputs", Map.of("parameters", outputs, "outputFile", executorOutputFile));
  }

  /** The command line the tool gets. {@code args} here is command then args, as the launcher receives them. */
  static List<String> resolve(List<String> commandAndArgs, Map<String, Object> executorInput) {
    @SuppressWarnings("unchecked")
    Map<String, Object> values = (Map<String, Object>) ((Map<?, ?>) executorInput.get("inputs")).get("parameterValues");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, String>> outputs = (Map<String, Map<String, String>>) ((Map<?, ?>) executorInput
        .get("outputs")).get("parameters");
    String json = protojson(executorInput);
    Map<String, String> placeholders = new LinkedHashMap<>();
    values.forEach((k, v) -> placeholders.put("{{$.inputs.parameters['" + k + "']}}", render(v)));
    outputs.forEach((k, v) -> placeholders.put("{{$.outputs.parameters['" + k + "'].output_file}}",
        v.get("outputFile")));
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < commandAndArgs.size(); i++) {
      String arg = commandAndArgs.get(i).replace("{{$}}", json);
      if (i > 0) {
        for (var p : placeholders.entrySet()) arg = arg.replace(p.getKey(), p.getValue());
      }
      out.add(arg);
    }
    // where this is stricter than the launcher (see the class comment), judged on the spec's own arguments
    for (int i = 0; i < commandAndArgs.size(); i++) {
      String before = commandAndArgs.get(i).strip();
      if (before.startsWith("{\"IfPresent\":") || before.startsWith("{\"Concat\":")) {
        throw new TaskFailed("argument " + before + " reaches the tool as JSON text: the launcher resolves no "
            + "IfPresent or Concat (launcher_v2.go compileCmdAndArgs; kubeflow/pipelines#11009)");
      }
      Matcher m = INPUT.matcher(out.get(i));
      if (m.find()) {
        throw new TaskFailed("input " + m.group(1) + " is not set and has no default: the launcher leaves "
            + m.group() + " as written in the tool's argument (launcher_v2.go getPlaceholders)");
      }
    }
    return out;
  }

  /** A parameter value in an argument (launcher_v2.go getPlaceholders). */
  static String render(Object v) {
    if (v instanceof String s) return s;
    if (v instanceof Boolean b) return b.toString();
    if (v instanceof Number n) return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    if (v == null) throw new TaskFailed("a null value: getPlaceholders fails and no placeholder is replaced");
    return protojson(v);
  }

  /** protojson.Marshal's single-line form (JsonText.PROTOJSON). */
  static String protojson(Object v) {
    return JsonText.write(v, JsonText.PROTOJSON);
  }
}
