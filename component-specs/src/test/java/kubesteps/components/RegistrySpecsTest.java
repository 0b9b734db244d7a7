package kubesteps.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The specs for a registry (scripts/specs-for-registry.sh; the build writes them to target/specs/ with
 * -Dimage.registry): the same checks as the committed specs, with the registry's images, and nothing else changed.
 */
class RegistrySpecsTest {
  static final String REGISTRY = "registry.example.com/team/";
  @TempDir Path tmp;

  static List<Object[]> specs() {
    return ComponentSpecsTest.specs().map(a -> a.get()).toList();
  }

  static SpecCheck.Images images(String registry) {
    SpecCheck.Images pom = Build.images();
    return new SpecCheck.Images(pom.entrypoint(), registry, pom.version());
  }

  static void assertSameButTheImage(Path committed, Path written, String registry) throws Exception {
    String tool = committed.getParent().getFileName().toString();
    assertEquals(Files.readString(committed).replace("    image: " + tool + ":", "    image: " + registry + tool + ":"),
        Files.readString(written), written.toString());
  }

  /** What this build wrote, for the registry it was given (none by default). */
  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("specs")
  void theBuildWroteSpecsForItsRegistry(KfpBackend backend, String tool) throws Exception {
    String registry = System.getProperty("kubesteps.image.registry", "");
    Path written = Build.root().resolve("component-specs/target/specs").resolve(tool).resolve(backend.specFile());
    assertEquals(List.of(), SpecCheck.problems(ComponentSpec.read(written), images(registry), backend));
    assertSameButTheImage(Build.spec(backend, tool), written, registry);
  }

  @ParameterizedTest(name = "{1} for {0}")
  @MethodSource("specs")
  void theScriptWritesSpecsForAnyRegistry(KfpBackend backend, String tool) throws Exception {
    run(tmp.toString(), REGISTRY);
    Path written = tmp.resolve(tool).resolve(backend.specFile());
    List<String> problems = SpecCheck.problems(ComponentSpec.read(written), images(REGISTRY), backend);
    assertEquals(List.of(), problems);
    assertSameButTheImage(Build.spec(backend, tool), written, REGISTRY);
    // and the committed specs are not for that registry
    assertTrue(!SpecCheck.problems(ComponentSpec.read(Build.spec(backend, tool)), images(REGISTRY), backend).isEmpty());
  }

  @Test
  void aRegistryWithoutTheSlashIsRefused() throws Exception {
    Process p = start(tmp.toString(), "registry.example.com/team");
    String err = new String(p.getErrorStream().readAllBytes());
    assertEquals(2, p.waitFor(), err);
    assertTrue(err.startsWith("error: REGISTRY must end in /"), err);
    assertTrue(!Files.exists(tmp.resolve("k8s-get")), "nothing written");
  }

  static void run(String... args) throws Exception {
    Process p = start(args);
    String err = new String(p.getErrorStream().readAllBytes());
    assertEquals(0, p.waitFor(), err);
  }

  static Process start(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Build.root().resolve("scripts/specs-for-registry.sh").toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }
}
