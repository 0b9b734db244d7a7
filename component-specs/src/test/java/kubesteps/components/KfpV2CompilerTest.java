package kubesteps.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KfpV2Compiler} against what the real KFP SDK 2.16.1 compiled (resources kfp-v2-ir/, copied from
 * ../shared/docs/kfp-v2-ir/), and the backends' rules ({@link KfpBackend}) on that compiled form.
 */
class KfpV2CompilerTest {
  static final Map<String, Object> SAMPLE_IR = ir("sample-pipeline-ir.yaml");
  /** examples/spark-pi/pipeline.py with the specs of commit 77f6504 (kfp-v2-ir/specs-77f6504/). */
  static final Map<String, Object> SPARK_PI_IR = ir("spark-pi-pipeline-ir-77f6504.yaml");
  @TempDir Path tmp;

  static Map<String, Object> ir(String name) {
    return ObjectMaps.parse(Build.read(resource(name)));
  }

  static Path resource(String name) {
    try {
      return Path.of(KfpV2CompilerTest.class.getResource("/kfp-v2-ir/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<?, ?> at(Map<?, ?> m, String... keys) {
    Object o = m;
    for (String k : keys) o = ((Map<?, ?>) o).get(k);
    return (Map<?, ?>) o;
  }

  /** The compiled component in the IR's own shape: inputDefinitions.parameters and the executor's container. */
  static Map<String, Object> asIr(KfpV2Compiler.CompiledComponent c) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    c.inputs().forEach((name, def) -> {
      Map<String, Object> d = new LinkedHashMap<>();
      if (def.defaultValue() != null) d.put("defaultValue", def.defaultValue());
      if (def.optional()) d.put("isOptional", true);
      d.put("parameterType", def.type());
      inputs.put(name, d);
    });
    return Map.of("inputs", inputs, "container", Map.of("args", c.args(), "command", c.command(), "image", c.image()));
  }

  static Map<String, Object> fromIr(Map<String, Object> ir, String component) {
    return Map.of("inputs", at(ir, "components", "comp-" + component, "inputDefinitions", "parameters"),
        "container", at(ir, "deploymentSpec", "executors", "exec-" + component, "container"));
  }

  @Test
  void compilesEveryPlaceholderAsTheSdkDoes() {
    ComponentSpec sample = ComponentSpec.read(resource("sample-component.yaml"));
    assertEquals(fromIr(SAMPLE_IR, "sample-executor-input"), asIr(KfpV2Compiler.compile(sample)));
  }

  /** The specs the SDK compiled into the stored pipeline (kfp-v2-ir/specs-77f6504/, the if/concat form). */
  @ParameterizedTest
  @ValueSource(strings = {"k8s-apply", "k8s-get", "k8s-wait"})
  void compilesTheIfFormSpecsAsTheSdkDid(String tool) {
    ComponentSpec spec = ComponentSpec.read(resource("specs-77f6504/" + tool + "/component.yaml"));
    assertEquals(fromIr(SPARK_PI_IR, tool), asIr(KfpV2Compiler.compile(spec)));
  }

  /**
   * component.yaml has the interface the stored pipeline was compiled against, so its DAG still holds: the same
   * inputs with the same definitions, and any input added since optional (the stored tasks do not set it).
   */
  @ParameterizedTest
  @ValueSource(strings = {"k8s-apply", "k8s-get", "k8s-wait"})
  @SuppressWarnings("unchecked")
  void theV2SpecsKeepTheInterfaceThePipelineWasCompiledAgainst(String tool) {
    ComponentSpec spec = ComponentSpec.read(Build.spec(KfpBackend.V2_FROM_2_17, tool));
    Map<String, Object> stored = (Map<String, Object>) fromIr(SPARK_PI_IR, tool).get("inputs");
    Map<String, Object> now = new LinkedHashMap<>((Map<String, Object>) asIr(KfpV2Compiler.compile(spec)).get("inputs"));
    stored.forEach((name, def) -> assertEquals(def, now.remove(name), tool + " input " + name));
    now.forEach((name, def) -> assertEquals(true, ((Map<?, ?>) def).get("isOptional"), tool + " new input " + name));
    assertTrue(KfpV2Compiler.compile(spec).outputs().containsAll(
        at(SPARK_PI_IR, "components", "comp-" + tool, "outputDefinitions", "parameters").keySet()), tool + " outputs");
  }

  // ------------------------------------------------- the backends' rules on what the SDK compiled (the sample)

  static ComponentSpec sample() {
    return ComponentSpec.read(resource("sample-component.yaml"));
  }

  /** Task 1 of the sample: only the required input, so ns, flag (defaults) and opt (none) are not set. */
  @Test
  void upTo216TheIfPresentReachesTheToolAsText() {
    TaskFailed f = assertThrows(TaskFailed.class,
        () -> KfpBackend.V2_UP_TO_2_16.commandLine(sample(), Map.of("req", "a"), tmp, tmp));
    assertTrue(f.getMessage().contains("reaches the tool as JSON text"), f.getMessage());
  }

  @Test
  void from217AnUnsetInputWithADefaultFailsTheTask() {
    TaskFailed f = assertThrows(TaskFailed.class,
        () -> KfpBackend.V2_FROM_2_17.commandLine(sample(), Map.of("req", "a"), tmp, tmp));
    assertEquals("failed to resolve container args: failed to resolve input parameters: parameter \"ns\" not found"
        + " in executor input", f.getMessage());
  }

  /** Task 2 of the sample: every input set; the IfPresent with strings resolves, the one with a Concat fails. */
  @Test
  void from217AConcatInIfPresentFailsTheTask() {
    TaskFailed f = assertThrows(TaskFailed.class, () -> KfpBackend.V2_FROM_2_17.commandLine(sample(),
        Map.of("req", "b", "ns", "team-a", "flag", true, "opt", "x y"), tmp, tmp));
    assertTrue(f.getMessage().contains("non-string item in IfPresent Then/Else array"), f.getMessage());
  }

  /** Without the if/concat arguments, the launcher's part: defaults, {{$}} with defaults, Booleans true/false. */
  @Test
  void theLauncherFillsDefaultsAndTheExecutorInput() {
    ComponentSpec plain = ComponentSpec.parse("plain.yaml", Build.read(resource("sample-component.yaml"))
        .replaceAll("(?m)^ *- if: .*\\n", ""));
    for (KfpBackend b : List.of(KfpBackend.V2_UP_TO_2_16)) {
      List<String> line = b.commandLine(plain, Map.of("req", "a", "opt", "x"), tmp, tmp);
      assertEquals("a", line.get(1));
      assertEquals(List.of("--namespace", "", "--flag", "false", "--executor-input"), line.subList(2, 7));
      Map<String, Object> executorInput = ObjectMaps.parseJson(line.get(7));
      assertEquals(Map.of("req", "a", "ns", "", "flag", false, "opt", "x"),
          at(executorInput, "inputs", "parameterValues"));
      assertEquals(tmp.resolve("value").toString(), line.get(9));
      assertEquals(Map.of("outputFile", line.get(9)), at(executorInput, "outputs", "parameters", "value"));
    }
  }

  /**
   * Why component.yaml is not the if/concat form: up to 2.16 every one of the KFP v1 specs hands the tool JSON text;
   * from 2.17 each fails the task on its Concat in an IfPresent (a Boolean input written --flag=VALUE: k8s-apply's
   * owner_from_pod, k8s-get's ignore_not_found, k8s-wait's logs).
   */
  @ParameterizedTest
  @ValueSource(strings = {"k8s-apply", "k8s-get", "k8s-wait"})
  void theKfpV1SpecsDoNotRunOnV2Backends(String tool) {
    ComponentSpec v1 = ComponentSpec.read(Build.spec(KfpBackend.V1, tool));
    Map<String, Object> all = new LinkedHashMap<>();
    v1.inputs().values().forEach(i -> all.put(i.name(), "Boolean".equals(i.type()) ? (Object) true : "x"));
    assertThrows(TaskFailed.class, () -> KfpBackend.V2_UP_TO_2_16.commandLine(v1, all, tmp, tmp));
    TaskFailed f = assertThrows(TaskFailed.class, () -> KfpBackend.V2_FROM_2_17.commandLine(v1, all, tmp, tmp));
    assertTrue(f.getMessage().contains("non-string item in IfPresent Then/Else array"), f.getMessage());
  }

  /**
   * The stored IR is still what examples/spark-pi/pipeline.py compiles to: its pipeline (everything from the manifest
   * on) is the one compiled at 77f6504 (kfp-v2-ir/spark-pi-pipeline-77f6504.py), the manifest constant is
   * sparkapplication.yaml as it is now, and the file is valid Python. A change there needs a new compile with the SDK.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theStoredPipelineIsWhatPipelinePyCompilesTo() throws Exception {
    String now = Build.read(Build.root().resolve("examples/spark-pi/pipeline.py"));
    String compiled = Build.read(resource("spark-pi-pipeline-77f6504.py"));
    String marker = "SPARK_APPLICATION = ";
    assertEquals(compiled.substring(compiled.indexOf(marker)), now.substring(now.indexOf(marker)));
    Map<String, Object> apply = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) at(SPARK_PI_IR,
        "root", "dag", "tasks", "k8s-apply").get("inputs")).get("parameters")).get("manifest");
    assertEquals(Build.read(Build.root().resolve("examples/spark-pi/sparkapplication.yaml")),
        ((Map<String, Object>) apply.get("runtimeValue")).get("constant"));
    Process p;
    try {
      p = new ProcessBuilder("python3", "-c", "import ast, sys; [ast.parse(open(f).read()) for f in sys.argv[1:]]",
          Build.root().resolve("examples/spark-pi/pipeline.py").toString(),
          Build.root().resolve("examples/spark-pi/pipeline_one_step.py").toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no python3 here to parse pipeline.py: " + e.getMessage());
      return;
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }
}
