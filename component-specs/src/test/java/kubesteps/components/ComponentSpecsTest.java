package kubesteps.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kubesteps.core.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The specs checked without a cluster: SpecCheck on the real specs and on broken ones, and the resolver. */
class ComponentSpecsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"k8s-apply", "k8s-get", "k8s-wait"})
  void theSpecsHaveNoProblems(String tool) {
    ComponentSpec spec = ComponentSpec.read(Build.spec(tool));
    assertEquals(tool, spec.name());
    assertEquals(List.of(), SpecCheck.problems(spec, Build.images()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s-apply", "k8s-get", "k8s-wait"})
  void theImageTagIsTheBuildVersion(String tool) {
    ComponentSpec spec = ComponentSpec.read(Build.spec(tool));
    assertEquals(tool + ":" + Build.version(), spec.image());
    // and the version the tools print (--version) is the same one
    assertTrue(CommandRun.run(Tool.byName(tool).command().get(), "--version").out().contains(Build.version()));
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

  /** Each fixture's first line says which problem it has; SpecCheck must report it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void brokenSpecsFail(Path file) throws Exception {
    String text = Files.readString(file);
    String expect = text.lines().findFirst().orElseThrow().replaceFirst("^# expect: ", "");
    List<String> problems = SpecCheck.problems(ComponentSpec.parse(file.toString(), text), Build.images());
    assertTrue(problems.stream().anyMatch(p -> p.contains(expect)), "expected \"" + expect + "\" in " + problems);
  }

  /** A flag the tool lacks fails at the tool too, before it talks to any cluster. */
  @Test
  void theToolRefusesTheBrokenSpecsFlag() throws Exception {
    ComponentSpec spec = ComponentSpec.parse("unknown-flag.yaml",
        Files.readString(Path.of(getClass().getResource("/broken/unknown-flag.yaml").toURI())));
    List<String> line = CommandLines.resolve(spec, Map.of("resource", "cm/x"),
        Map.of("value", tmp.resolve("out/value/data")), tmp);
    CommandRun r = CommandRun.run(Tool.byMain(spec.command().get(spec.command().size() - 1).toString()).command().get(),
        line.subList(spec.command().size(), line.size()).toArray(String[]::new));
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("--output-path"), r.err());
  }

  @Test
  void resolvesAsAnEngineDoes() {
    ComponentSpec spec = ComponentSpec.read(Build.spec("k8s-get"));
    Map<String, Path> out = Map.of("value", Path.of("/tmp/outputs/value/data"));
    List<String> minimal = CommandLines.resolve(spec, Map.of("resource", "sparkapp/pi"), out, tmp);
    assertEquals(List.of("sparkapp/pi", "--output=json", "--output-file", "/tmp/outputs/value/data"),
        minimal.subList(spec.command().size(), minimal.size()));
    List<String> all = CommandLines.resolve(spec, Map.of("resource", "sparkapp/pi", "jsonpath", "{.status}",
        "namespace", "jobs", "ignore_not_found", "true"), out, tmp);
    assertEquals(List.of("sparkapp/pi", "--output=jsonpath={.status}", "--namespace", "jobs", "--ignore-not-found=true",
        "--output-file", "/tmp/outputs/value/data"), all.subList(spec.command().size(), all.size()));
    assertThrows(IllegalArgumentException.class, () -> CommandLines.resolve(spec, Map.of(), out, tmp),
        "a required input without argument");
    assertThrows(IllegalArgumentException.class,
        () -> CommandLines.resolve(spec, Map.of("resource", "x", "selector", "a=b"), out, tmp), "an undeclared input");
  }
}
