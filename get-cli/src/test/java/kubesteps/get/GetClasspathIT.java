package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import kubesteps.core.testing.ConnectCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s-get on its runtime class path alone ({@link OwnClassPath}), one run for each part of it that loads other classes
 * (outputs and templates, discovery, several types, raw reads, subresources, errors; a watch) against a real API
 * server, as the admin; GetConnectIT runs it so with each kind of credential.
 */
@ExtendWith(ConnectCluster.Shared.class)
class GetClasspathIT {
  static final String CM = "classpath-settings";
  @TempDir Path tmp;

  @BeforeAll
  static void up() {
    ConnectCluster.get().admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(CM).addToLabels("app", "classpath").endMetadata().addToData("mode", "fast").build())
        .serverSideApply();
  }

  /** The admin's kubeconfig (client certificate, system:masters) in {@code dir}. */
  static String admin(Path dir) throws IOException {
    return Files.writeString(dir.resolve("admin-kubeconfig"), ConnectCluster.get().adminYaml()).toString();
  }

  interface Args {
    List<String> in(Path dir) throws Exception;
  }

  static Args asAdmin(String... args) {
    return dir -> {
      List<String> all = new ArrayList<>(List.of("--kubeconfig", admin(dir), "-n", "default"));
      all.addAll(List.of(args));
      return all;
    };
  }

  static Predicate<String> is(String text) {
    return text::equals;
  }

  static Predicate<String> has(String text) {
    return s -> s.contains(text);
  }

  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of("--version", (Args) dir -> List.of("--version"), 0, has("k8s-get ")),
        Arguments.of("a table", asAdmin("cm/" + CM), 0, has("\n" + CM + "   1      ")),
        Arguments.of("-o yaml", asAdmin("cm", CM, "-o", "yaml"), 0, has("\n  mode: fast\n")),
        Arguments.of("-o json", asAdmin("cm", CM, "-o", "json"), 0, has("\"mode\": \"fast\"")),
        Arguments.of("-o jsonpath", asAdmin("cm/" + CM, "-o", "jsonpath={.data.mode}"), 0, is("fast")),
        Arguments.of("-o go-template", asAdmin("cm/" + CM, "-o", "go-template={{.data.mode}}"), 0, is("fast")),
        Arguments.of("-o custom-columns", asAdmin("cm/" + CM, "-o",
            "custom-columns=NAME:.metadata.name,MODE:.data.mode"), 0, has("\n" + CM + "   fast\n")),
        Arguments.of("a selector, --sort-by, -L, -o wide", asAdmin("cm", "-l", "app=classpath", "--sort-by",
            ".metadata.name", "-L", "app", "-o", "wide"), 0, has(CM + "   1      ")),
        Arguments.of("several types", asAdmin("cm,ns", "-o", "name"), 0, has("namespace/default\n")),
        Arguments.of("all", asAdmin("all", "-A", "-o", "name"), 0, has("service/kubernetes\n")),
        Arguments.of("--raw", (Args) dir -> List.of("--kubeconfig", admin(dir), "--raw",
            "/api/v1/namespaces/default/configmaps/" + CM), 0, has("\"mode\":\"fast\"")),
        Arguments.of("--subresource", asAdmin("ns/default", "--subresource", "status", "-o",
            "jsonpath={.status.phase}"), 0, is("Active")),
        Arguments.of("not found", asAdmin("cm/nope"), 3, is("")),
        Arguments.of("a bad flag", asAdmin("cm", "--no-such-flag"), 2, is("")));
  }

  /**
   * A watch: the object's ADDED line (from the list), then, once the admin changes it, a MODIFIED one (from the watch
   * stream); then the process is stopped. Ended by what it printed, not by a --timeout: a short one could end it before
   * its first list on a busy machine.
   */
  @Test
  void watchesOnItsOwnClassPath() throws Exception {
    Path out = tmp.resolve("watch-out.txt");
    Path err = tmp.resolve("watch-err.txt");
    String name = "classpath-watched"; // its own: the change below would show in the other cases' tables
    ConnectCluster.get().admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(name).endMetadata().addToData("mode", "fast").build()).serverSideApply();
    Process p = OwnClassPath.start(tmp, asAdmin("cm/" + name, "-w", "--output-watch-events", "-o", "json").in(tmp),
        out, err);
    try {
      awaitPrinted(p, out, err, "{\"type\":\"ADDED\",\"object\":{");
      ConnectCluster.get().admin().configMaps().inNamespace("default").withName(name)
          .edit(cm -> new ConfigMapBuilder(cm).addToData("watched", "yes").build());
      awaitPrinted(p, out, err, "{\"type\":\"MODIFIED\",\"object\":{");
    } finally {
      p.destroy();
      p.waitFor(1, TimeUnit.MINUTES);
    }
    String e = Files.readString(err);
    assertFalse(e.contains("NoClassDefFoundError") || e.contains("ClassNotFoundException"), e);
  }

  /** Waits until {@code out} holds {@code text}; fails at once when the process ends first (a guard of 2 minutes). */
  static void awaitPrinted(Process p, Path out, Path err, String text) throws Exception {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.readString(out).contains(text)) {
      if (!p.isAlive() || System.nanoTime() > end) {
        throw new AssertionError("no " + text + " (alive: " + p.isAlive() + ")\n--- out\n" + Files.readString(out)
            + "--- err\n" + Files.readString(err));
      }
      Thread.sleep(50); // polling a file; no assertion depends on how long it took
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void runsOnItsOwnClassPath(String label, Args args, int exit, Predicate<String> out) throws Exception {
    OwnClassPath.Run r = OwnClassPath.run(tmp, args.in(tmp));
    String all = label + ": " + r;
    assertEquals(exit, r.code(), all);
    assertTrue(out.test(r.out()), all);
    if (exit != 0) assertTrue(r.err().startsWith("error: ") || r.err().startsWith("Error from server"), all);
  }
}
