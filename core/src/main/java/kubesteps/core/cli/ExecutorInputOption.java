package kubesteps.core.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import kubesteps.core.resource.ObjectMaps;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --executor-input JSON}: the component's inputs as Kubeflow Pipelines v2 hands them to a step, its
 * {@code {{$}}} placeholder (the executor input: {@code {"inputs": {"parameterValues": {NAME: VALUE, ...}}, ...}}),
 * turned into the tool's own arguments where the option stands, by the command's {@link ComponentInputs} table.
 *
 * <p>Why: every KFP v2 backend substitutes {@code {{$}}}, defaults included, the same way, while an optional input
 * written with {@code if}/{@code isPresent} reaches the tool as JSON text on backends up to 2.16 and a plain
 * {@code inputValue} of an input the task did not set fails the task from 2.17 on (README, Kubeflow components).
 * Only {@code inputs.parameterValues} is read; outputs come as {@code outputPath} arguments in the spec. An input the
 * table does not know is an error (the spec and the tool disagree), a value is never printed (it may be a secret).
 */
// a mixin: no command methods to look for (picocli would reflect over every method at each start)
@Command(addMethodSubcommands = false)
public class ExecutorInputOption {
  @Option(names = "--executor-input", paramLabel = "JSON", preprocessor = Expand.class,
      description = "Kubeflow Pipelines v2: the step's executor input ({{$}}); its inputs become this command's"
          + " arguments here, as the component spec describes them.")
  String executorInput;

  /** The arguments the executor input stands for, in the order of the table; inputs the spec passes are skipped. */
  public static List<String> arguments(String json, String tool, List<ComponentInput> table) {
    if (json.strip().equals("{{$}}")) {
      throw new IllegalArgumentException("--executor-input: got the placeholder {{$}} as it is written: this engine"
          + " has no executor input (KFP v1?); use the component's component-kfp-v1.yaml");
    }
    Map<String, Object> executorInput;
    try {
      executorInput = ObjectMaps.parseJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--executor-input: not a Kubeflow executor input: " + e.getMessage());
    }
    Object inputs = executorInput.getOrDefault("inputs", Map.of());
    Object values = inputs instanceof Map<?, ?> m ? (m.containsKey("parameterValues") ? m.get("parameterValues")
        : Map.of()) : null;
    if (!(values instanceof Map<?, ?> parameters)) {
      throw new IllegalArgumentException("--executor-input: inputs.parameterValues is not an object");
    }
    Map<String, ComponentInput> byName = new LinkedHashMap<>();
    table.forEach(i -> byName.put(i.name(), i));
    for (Object name : parameters.keySet()) {
      if (!byName.containsKey(String.valueOf(name))) {
        throw new IllegalArgumentException("--executor-input: \"" + name + "\" is not an input of the " + tool
            + " component (its inputs: " + String.join(", ", byName.keySet()) + ")");
      }
    }
    List<String> args = new ArrayList<>();
    for (ComponentInput input : table) {
      if (input.passedBySpec()) continue;
      Object value = parameters.get(input.name());
      if (value == null) args.addAll(input.whenUnset());
      else args.addAll(input.whenSet().apply(text(input.name(), value)));
    }
    return args;
  }

  /** A parameter value as the v1 placeholders render it in KFP v2: Booleans true/false, numbers as written. */
  private static String text(String name, Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Number) return String.valueOf(value);
    throw new IllegalArgumentException("--executor-input: input \"" + name + "\" is a "
        + (value instanceof Map ? "struct" : "list") + "; this component takes text, Booleans and numbers");
  }

  /** Replaces the option and its value by the arguments it stands for; picocli then parses those as typed. */
  public static final class Expand implements IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
      CommandLine cl = commandSpec.commandLine();
      if (args.isEmpty()) throw new CommandLine.ParameterException(cl, "--executor-input needs a value (JSON)");
      String json = args.pop();
      Object command = commandSpec.userObject();
      if (!(command instanceof ComponentInputs c)) {
        throw new CommandLine.ParameterException(cl, commandSpec.name() + " is no Kubeflow component");
      }
      List<String> expanded;
      try {
        expanded = arguments(json, commandSpec.name(), c.componentInputs());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      }
      for (int i = expanded.size() - 1; i >= 0; i--) args.push(expanded.get(i));
      return true;
    }
  }
}
