package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.ConnectProxy;
import kubesteps.core.testing.OidcIssuer;
import kubesteps.core.testing.PluginScript;
import kubesteps.core.testing.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s-get in a JVM of its own on its runtime class path alone (target/classes and target/runtime-classpath.txt, which
 * the build writes before the tests), as its image and launcher run it. get-cli/pom.xml takes fabric8's whole client,
 * the model jars of API groups other than core, and CEL to test scope: the in-process tests have them on their class
 * path, so only a run like these shows that no part of k8s-get needs them. Each case exercises a part of k8s-get
 * (outputs and templates, discovery, several types, raw reads, subresources, a watch, errors, each kind of
 * credential) against a real API server; a class left out would be a NoClassDefFoundError and exit 1.
 */
@ExtendWith(ConnectCluster.Shared.class)
class GetClasspathIT {
  static final String CM = "classpath-settings";
  static OidcIssuer issuer;
  static ConnectProxy proxy;
  @TempDir Path tmp;

  @BeforeAll
  static void up() {
    issuer = new OidcIssuer();
    proxy = new ConnectProxy();
    ConnectCluster.get().admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(CM).addToLabels("app", "classpath").endMetadata().addToData("mode", "fast").build())
        .serverSideApply();
  }

  @AfterAll
  static void down() {
    issuer.close();
    proxy.close();
  }

  /** The admin's kubeconfig (client certificate, system:masters) in {@code dir}. */
  static String admin(Path dir) throws IOException {
    return Files.writeString(dir.resolve("admin-kubeconfig"), ConnectCluster.get().adminYaml()).toString();
  }

  static Path kubeconfig(Path dir, String clusterExtra, String user) throws IOException {
    return Files.writeString(dir.resolve("kubeconfig"), ConnectCluster.get().kubeconfig(clusterExtra, user));
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

  static Args asUser(Args kubeconfig) {
    return dir -> {
      List<String> all = new ArrayList<>(kubeconfig.in(dir));
      all.addAll(List.of("-n", "default", "configmap/" + CM, "-o", "name"));
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
    String named = "configmap/" + CM + "\n";
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
        // ends at its --timeout with exit 0, as kubectl's --request-timeout does
        Arguments.of("a watch", asAdmin("cm/" + CM, "-w", "--output-watch-events", "-o", "json", "--timeout", "2s"), 0,
            has("{\"type\":\"ADDED\",\"object\":{")),
        Arguments.of("not found", asAdmin("cm/nope"), 3, is("")),
        Arguments.of("a bad flag", asAdmin("cm", "--no-such-flag"), 2, is("")),
        Arguments.of("a token file", asUser(dir -> {
          Files.writeString(dir.resolve("token"), "file-token\n");
          return List.of("--kubeconfig", kubeconfig(dir, "", "tokenFile: token").toString());
        }), 0, is(named)),
        Arguments.of("an exec plugin", asUser(dir -> {
          PluginScript p = PluginScript.in(dir, "plugin").token("exec-notice-token").write();
          return List.of("--kubeconfig", kubeconfig(dir, "", p.userYaml(dir.resolve("state"), List.of("get-token"),
              Map.of(), true, "Never", null)).toString());
        }), 0, is(named)),
        Arguments.of("a client certificate", asUser(dir -> {
          TestCa.Issued c = ConnectCluster.get().clientCa().client("RSA", "get-cert-user", "connect-testers");
          c.writeTo(dir, "client", false);
          return List.of("--kubeconfig", kubeconfig(dir, "", "client-certificate: client.crt\nclient-key: client.key")
              .toString());
        }), 0, is(named)),
        Arguments.of("oidc, an expired id-token refreshed", asUser(dir -> List.of("--kubeconfig",
            kubeconfig(dir, "", issuer.userYaml(OidcIssuer.EXPIRED_ID_TOKEN)).toString())), 0, is(named)),
        Arguments.of("impersonation and a proxy", asUser(dir -> List.of("--kubeconfig", kubeconfig(dir,
            "proxy-url: " + proxy.url(), "token: impersonator-token\nas: get-target\nas-groups: [connect-testers]")
            .toString())), 0, is(named)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void runsOnItsOwnClassPath(String label, Args args, int exit, Predicate<String> out) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(), "kubesteps.get.Main"));
    command.addAll(args.in(tmp));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().remove("KUBECONFIG");
    pb.environment().put("HOME", tmp.toString());
    Process p = pb.start();
    // a guard against a hang, not a measure: a run takes a second or two
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(label + ": still running after 5 minutes: " + command);
    }
    String o = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
    String e = Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8);
    String all = label + ": exit " + p.exitValue() + "\n--- out\n" + o + "--- err\n" + e;
    assertFalse(e.contains("NoClassDefFoundError") || e.contains("ClassNotFoundException"), all);
    assertEquals(exit, p.exitValue(), all);
    assertTrue(out.test(o), all);
    if (exit != 0) assertTrue(e.startsWith("error: ") || e.startsWith("Error from server"), all);
  }

  /** target/classes and the runtime dependencies (dependency:build-classpath, execution runtime-classpath). */
  static String classPath() throws IOException {
    Path file = Path.of("target", "runtime-classpath.txt");
    assertTrue(Files.isRegularFile(file), file + " is written by the build (generate-test-resources)");
    String deps = Files.readString(file).strip();
    for (String jar : deps.split(File.pathSeparator)) {
      String name = Path.of(jar).getFileName().toString();
      assertFalse(name.startsWith("kubernetes-client-8") || name.startsWith("cel-") || name.startsWith("guava-"),
          "on k8s-get's runtime class path: " + jar);
    }
    return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + deps;
  }
}
