package kubesteps.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kubesteps.core.cli.ExecutorInputOption;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The specs checked without a cluster: SpecCheck on the real specs (KFP v2 component.yaml, KFP v1
 * component-kfp-v1.yaml) and on broken ones; the two forms of each component are one interface and one command line.
 */
class ComponentSpecsTest {
  static final List<String> TOOLS = List.of("k8s-apply", "k8s-get", "k8s-wait");
  @TempDir Path tmp;

  public static Stream<Arguments> specs() {
    return TOOLS.stream().flatMap(t -> Stream.of(Arguments.of(KfpBackend.V1, t), Arguments.of(KfpBackend.V2_FROM_2_17, t)));
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("specs")
  void theSpecsHaveNoProblems(KfpBackend backend, String tool) {
    ComponentSpec spec = ComponentSpec.read(Build.spec(backend, tool));
    assertEquals(tool, spec.name());
    assertEquals(List.of(), SpecCheck.problems(spec, Build.images(), backend));
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("specs")
  void theImageTagIsTheBuildVersion(KfpBackend backend, String tool) {
    ComponentSpec spec = ComponentSpec.read(Build.spec(backend, tool));
    assertEquals(tool + ":" + Build.version(), spec.image());
    // and the version the tools print (--version) is the same one
    assertTrue(CommandRun.run(Tool.byName(tool).command().get(), "--version").out().contains(Build.version()));
  }

  /** One component, two files: name, description, inputs, outputs (with their texts), image and command the same. */
  @ParameterizedTest
  @ValueSource(strings = {"k8s-apply", "k8s-get", "k8s-wait"})
  void theKfpV1SpecIsTheSameComponent(String tool) throws Exception {
    Map<String, Object> v2 = ObjectMaps.parse(Files.readString(Build.spec(KfpBackend.V2_UP_TO_2_16, tool)));
    Map<String, Object> v1 = ObjectMaps.parse(Files.readString(Build.spec(KfpBackend.V1, tool)));
    for (String key : List.of("name", "description", "inputs", "outputs")) assertEquals(v2.get(key), v1.get(key), key);
    Map<?, ?> c2 = (Map<?, ?>) ((Map<?, ?>) v2.get("implementation")).get("container");
    Map<?, ?> c1 = (Map<?, ?>) ((Map<?, ?>) v1.get("implementation")).get("container");
    assertEquals(c2.get("image"), c1.get("image"));
    assertEquals(c2.get("command"), c1.get("command"));
  }

  /**
   * For every optional input alone, none, and all: the command line KFP v1 makes of component-kfp-v1.yaml is the one
   * the tool makes of component.yaml's, once its --executor-input is expanded by the tool's own table (Booleans as
   * each engine writes them: True on v1, true on v2).
   */
  @ParameterizedTest
  @ValueSource(strings = {"k8s-apply", "k8s-get", "k8s-wait"})
  void bothFormsGiveTheToolTheSameArguments(String tool) {
    ComponentSpec v1 = ComponentSpec.read(Build.spec(KfpBackend.V1, tool));
    ComponentSpec v2 = ComponentSpec.read(Build.spec(KfpBackend.V2_FROM_2_17, tool));
    Map<String, Object> required = new LinkedHashMap<>();
    Map<String, Object> all = new LinkedHashMap<>();
    for (ComponentSpec.Input in : v2.inputs().values()) {
      Object value = "Boolean".equals(in.type()) ? (Object) Boolean.TRUE : "value of " + in.name();
      all.put(in.name(), value);
      if (!in.optional()) required.put(in.name(), value);
    }
    List<Map<String, Object>> cases = new ArrayList<>(List.of(required, all));
    for (ComponentSpec.Input in : v2.inputs().values()) {
      if (!in.optional()) continue;
      for (Object value : "Boolean".equals(in.type()) ? List.of(true, false) : List.of(all.get(in.name()))) {
        Map<String, Object> one = new LinkedHashMap<>(required);
        one.put(in.name(), value);
        cases.add(one);
      }
    }
    for (Map<String, Object> task : cases) {
      List<String> fromV1 = KfpBackend.V1.commandLine(v1, task, Path.of("/out"), tmp).stream()
          .map(a -> a.replace("=True", "=true").replace("=False", "=false")).toList();
      for (KfpBackend b : List.of(KfpBackend.V2_UP_TO_2_16, KfpBackend.V2_FROM_2_17)) {
        List<String> fromV2 = expandExecutorInput(tool, b.commandLine(v2, task, Path.of("/out"), tmp));
        List<String> v1WithV2Outputs = fromV1.stream().map(a -> a.replaceAll("^/out/(\\w+)/data$", "/out/$1")).toList();
        assertEquals(v1WithV2Outputs, fromV2, tool + " " + b.label() + " with " + task.keySet());
      }
    }
  }

  /** What the tool's option does with the executor input, spliced in where it stands. */
  static List<String> expandExecutorInput(String tool, List<String> line) {
    int i = line.indexOf("--executor-input");
    if (i < 0) return line;
    List<String> out = new ArrayList<>(line.subList(0, i));
    out.addAll(ExecutorInputOption.arguments(line.get(i + 1), tool, Tool.byName(tool).componentInputs()));
    out.addAll(line.subList(i + 2, line.size()));
    return out;
  }

  /** component.yaml loaded into KFP v1 gets {{$}} as text: the tool says so and which file to use, exit 2. */
  @Test
  void theV2SpecOnKfpV1SaysWhichFileToUse() {
    ComponentSpec spec = ComponentSpec.read(Build.spec(KfpBackend.V2_FROM_2_17, "k8s-get"));
    List<String> line = KfpBackend.V1.commandLine(spec, Map.of("resource", "cm/x"), tmp.resolve("out"), tmp);
    assertTrue(line.contains("{{$}}"), line.toString());
    CommandRun r = CommandRun.run(Tool.byName("k8s-get").command().get(),
        line.subList(spec.command().size(), line.size()).toArray(String[]::new));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("component-kfp-v1.yaml") && r.err().lines().count() == 1, r.err());
  }

  @Test
  void theCommandIsTheImagesEntrypoint() {
    SpecCheck.Images images = Build.images();
    assertEquals("/opt/java/bin/java", images.entrypoint().get(0));
    assertEquals("@MAIN@", images.entrypoint().get(images.entrypoint().size() - 1));
    assertEquals("", images.registry());
  }

  static Stream<Path> broken() throws Exception {
    return Files.list(Path.of(ComponentSpecsTest.class.getResource("/broken").toURI())).sorted();
  }

  /** Each fixture's first line says which problem it has; SpecCheck must report it (v2-*: checked for KFP v2). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenSpecsFail(Path file) throws Exception {
    String text = Files.readString(file);
    String expect = text.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "");
    KfpBackend target = file.getFileName().toString().startsWith("v2-") ? KfpBackend.V2_FROM_2_17 : KfpBackend.V1;
    List<String> problems = SpecCheck.problems(ComponentSpec.parse(file.toString(), text), Build.images(), target);
    assertTrue(problems.stream().anyMatch(p -> p.contains(expect)), "expected \"" + expect + "\" in " + problems);
  }

  /** A flag the tool lacks fails at the tool too, before it talks to any cluster. */
  @Test
  void theToolRefusesTheBrokenSpecsFlag() throws Exception {
    ComponentSpec spec = ComponentSpec.parse("unknown-flag.yaml",
        Files.readString(Path.of(getClass().getResource("/broken/unknown-flag.yaml").toURI())));
    List<String> line = KfpV1Compiler.resolve(spec, Map.of("resource", "cm/x"),
        Map.of("value", tmp.resolve("out/value/data")), tmp);
    CommandRun r = CommandRun.run(Tool.byMain(spec.command().get(spec.command().size() - 1).toString()).command().get(),
        line.subList(spec.command().size(), line.size()).toArray(String[]::new));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--output-path"), r.err());
  }

  @Test
  void resolvesAsKfpV1Does() {
    ComponentSpec spec = ComponentSpec.read(Build.spec(KfpBackend.V1, "k8s-get"));
    Map<String, Path> out = Map.of("value", Path.of("/tmp/outputs/value/data"));
    List<String> minimal = KfpV1Compiler.resolve(spec, Map.of("resource", "sparkapp/pi"), out, tmp);
    assertEquals(List.of("sparkapp/pi", "--output=json", "--output-file", "/tmp/outputs/value/data"),
        minimal.subList(spec.command().size(), minimal.size()));
    List<String> all = KfpV1Compiler.resolve(spec, Map.of("resource", "sparkapp/pi", "jsonpath", "{.status}",
        "namespace", "jobs", "ignore_not_found", true), out, tmp);
    assertEquals(List.of("sparkapp/pi", "--output=jsonpath={.status}", "--namespace", "jobs", "--ignore-not-found=True",
        "--output-file", "/tmp/outputs/value/data"), all.subList(spec.command().size(), all.size()));
    assertThrows(IllegalArgumentException.class, () -> KfpV1Compiler.resolve(spec, Map.of(), out, tmp),
        "a required input without argument");
    assertThrows(IllegalArgumentException.class,
        () -> KfpV1Compiler.resolve(spec, Map.of("resource", "x", "selector", "a=b"), out, tmp), "an undeclared input");
  }
}
