package kubesteps.core.cli;

import java.util.List;
import java.util.function.Function;

/**
 * One input of a tool's Kubeflow Pipelines component, and the arguments it stands for: what a v1 component spec says
 * with {@code if: {cond: {isPresent: NAME}, then: [...], else: [...]}}, said once in the tool so that the KFP v2
 * executor input ({@code --executor-input}) can be turned into the same command line. The committed specs are
 * checked against these tables (component-specs' tests).
 *
 * @param name the input's name in component.yaml
 * @param whenSet the arguments for a value; null for an input the spec passes itself (a required one)
 * @param whenUnset the arguments when the input is not set (mostly none)
 */
public record ComponentInput(String name, Function<String, List<String>> whenSet, List<String> whenUnset) {

  /** {@code --flag VALUE}. */
  public static ComponentInput option(String name, String flag) {
    return new ComponentInput(name, v -> List.of(flag, v), List.of());
  }

  /** {@code --flag=VALUE} (a Boolean flag, or an option whose value is a prefix plus the input). */
  public static ComponentInput attached(String name, String prefix) {
    return new ComponentInput(name, v -> List.of(prefix + v), List.of());
  }

  /** The value as a positional argument. */
  public static ComponentInput positional(String name) {
    return new ComponentInput(name, List::of, List.of());
  }

  /** A required input the spec puts on the command line itself ({@code inputValue}): nothing to add. */
  public static ComponentInput inSpec(String name) {
    return new ComponentInput(name, null, List.of());
  }

  /** The same input, with these arguments when it is not set. */
  public ComponentInput orElse(String... args) {
    return new ComponentInput(name, whenSet, List.of(args));
  }

  /** Whether the spec passes this input itself. */
  public boolean passedBySpec() {
    return whenSet == null;
  }
}
