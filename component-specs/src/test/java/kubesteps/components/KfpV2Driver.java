package kubesteps.components;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kubesteps.core.resource.ObjectMaps;

/**
 * What the KFP v2 driver does to a compiled container's command and args from backend 2.17.0 on, before the
 * launcher ({@link KfpV2Launcher}) does its part. Read in kubeflow/pipelines {@code backend/src/v2/driver/util.go}
 * at tag 2.17.0, unchanged at the newest commit read (2026-08): {@code resolveContainerArgs},
 * {@code isConditionClause}, {@code resolveCondition}, {@code resolveInputParameterPlaceholders},
 * {@code resolveSinglePlaceholder}, {@code pbValueToString}; called from {@code driver.go initPodSpecPatch} on the
 * command and on the args. Per argument:
 * <ol>
 *   <li>an argument containing {@code $.outputs} is kept as it is (the launcher resolves it);</li>
 *   <li>an argument starting with {@code {"IfPresent":} is parsed as JSON; the input counts as present when the
 *       task's own inputs have a non-null value for it; the Then or Else items replace it (none without Else); an
 *       item that is not a string fails the task: "non-string item in IfPresent Then/Else array" (a Concat);</li>
 *   <li>any other argument has each {@code {{$.inputs.parameters['x']}}} replaced from the task's own inputs only
 *       ({@code driver/resolve.go} passes no defaults on): an input the task did not set fails the task, "parameter
 *       "x" not found in executor input", default or not (fixed after 2.17.0 by kubeflow/pipelines#14175, in no
 *       release read);</li>
 *   <li>{@code {{$}}} and {@code Concat} are left alone: Concat is resolved by no backend.</li>
 * </ol>
 * Values: strings as they are, Booleans {@code true}/{@code false}, whole numbers {@code %d}, others {@code %g}.
 */
final class KfpV2Driver {
  private static final Pattern INPUT = Pattern.compile("\\{\\{\\$\\.inputs\\.parameters\\['(.+?)']}}");

  private KfpV2Driver() {}

  static List<String> resolve(List<String> args, Map<String, Object> taskInputs) {
    List<String> out = new ArrayList<>();
    for (String arg : args) {
      if (arg.contains("$.outputs")) {
        out.add(arg);
      } else if (arg.strip().startsWith("{\"IfPresent\":")) {
        out.addAll(condition(arg, taskInputs));
      } else {
        // a Concat is no error here: its text goes on to the launcher and the tool (KfpV2Launcher fails it)
        out.add(placeholders(arg, taskInputs));
      }
    }
    return out;
  }

  private static List<String> condition(String arg, Map<String, Object> taskInputs) {
    Map<String, Object> json;
    try {
      json = ObjectMaps.parseJson(arg.strip());
    } catch (IllegalArgumentException e) {
      throw new TaskFailed("failed to resolve container args: failed to parse IfPresent JSON: " + e.getMessage());
    }
    Map<?, ?> body = (Map<?, ?>) json.get("IfPresent");
    String name = String.valueOf(body.get("InputName"));
    boolean present = taskInputs.get(name) != null;
    Object branch = body.get(present ? "Then" : "Else");
    List<String> out = new ArrayList<>();
    if (branch == null) return out;
    if (branch instanceof String s) {
      out.add(placeholders(s, taskInputs));
      return out;
    }
    if (!(branch instanceof List<?> items)) {
      throw new TaskFailed("failed to resolve container args: unexpected type in IfPresent Then/Else: " + branch);
    }
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new TaskFailed("failed to resolve container args: non-string item in IfPresent Then/Else array: "
            + "map[string]interface {}");
      }
      out.add(placeholders(s, taskInputs));
    }
    return out;
  }

  private static String placeholders(String arg, Map<String, Object> taskInputs) {
    Matcher m = INPUT.matcher(arg);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      if (!taskInputs.containsKey(name)) {
        throw new TaskFailed("failed to resolve container args: failed to resolve input parameters: parameter \""
            + name + "\" not found in executor input");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(render(taskInputs.get(name))));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** driver/util.go pbValueToString. */
  static String render(Object v) {
    if (v == null) return "";
    if (v instanceof String s) return s;
    if (v instanceof Boolean b) return b.toString();
    if (v instanceof Number n) {
      BigDecimal d = new BigDecimal(n.toString());
      if (d.stripTrailingZeros().scale() <= 0) return d.toBigInteger().toString();
      return String.format(java.util.Locale.ROOT, "%s", n.doubleValue()); // %g-like; the specs pass no such numbers
    }
    return KfpV2Launcher.protojson(v);
  }
}
