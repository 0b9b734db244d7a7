package kubesteps.core.connect;

import static kubesteps.core.connect.ConnectTestSupport.assertFailsInOneLine;
import static kubesteps.core.connect.ConnectTestSupport.assertKubectlAgrees;
import static kubesteps.core.connect.ConnectTestSupport.assertNoSecrets;
import static kubesteps.core.connect.ConnectTestSupport.assertNothingReachedTheServer;
import static kubesteps.core.connect.ConnectTestSupport.assertRanAs;
import static kubesteps.core.connect.ConnectTestSupport.capture;
import static kubesteps.core.connect.ConnectTestSupport.cluster;
import static kubesteps.core.connect.ConnectTestSupport.open;
import static kubesteps.core.connect.ConnectTestSupport.parse;
import static kubesteps.core.connect.ConnectTestSupport.read;
import static kubesteps.core.connect.ConnectTestSupport.readOnly;
import static kubesteps.core.connect.ConnectTestSupport.roundTrip;
import static kubesteps.core.connect.ConnectTestSupport.unique;
import static kubesteps.core.connect.ConnectTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kubesteps.core.cli.Session;
import kubesteps.core.connect.ConnectTestSupport.Attempt;
import kubesteps.core.connect.ConnectTestSupport.Identity;
import kubesteps.core.connect.ConnectTestSupport.Watching;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.AuditLog;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.FaultProxy;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubectl;
import kubesteps.core.testing.PluginScript;
import kubesteps.core.testing.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exec credential plugins (client-go's {@code plugin/pkg/client/auth/exec}) against the real API server: scripts
 * written by the test that print an ExecCredential (v1, v1beta1), write a notice to stderr, fail, are missing, hand
 * out a credential that expires during a watch, or a client certificate. Each working setup does a read, a write and a
 * watch as the plugin's user (audit log); each failing one is one line in kubectl's words, exit 5, and nothing
 * reaches the server. kubectl 1.32 runs the same kubeconfig (with a state folder of its own for the plugin).
 */
@ExtendWith(ConnectCluster.Shared.class)
class ExecPluginIT {
  @TempDir Path tmp;

  /** A kubeconfig whose user runs {@code execYaml}, written into the test's folder as {@code name}. */
  private Path kubeconfig(String name, String execYaml) {
    return write(tmp, name, cluster().kubeconfig("", execYaml));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @Test
  void aV1PluginGetsItsArgumentsAsWrittenTheEnvironmentAndTheClusterAndRunsOnce() throws Exception {
    PluginScript plugin = PluginScript.in(tmp, "v1-plugin").token("exec-static-token").write();
    // a shell would expand these; client-go hands them over as written (argv, no shell)
    List<String> args = List.of("$HOME", "*", "two words", "--flag=x;y", "'quoted'");
    Map<String, String> env = Map.of("EXEC_TEST_VAR", "from the kubeconfig");
    Path state = tmp.resolve("state-tool");
    Path kc = kubeconfig("kubeconfig", plugin.userYaml(state, args, env, true, "Never", null));
    String name = unique("exec-v1");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("exec-user"));
    assertNoSecrets(a, "exec-static-token");
    assertEquals(1, PluginScript.calls(state), "one credential for the read, the write and the watch (no expiry)");
    assertEquals(args, PluginScript.argv(state));
    Map<String, String> seen = PluginScript.env(state);
    assertEquals("from the kubeconfig", seen.get("EXEC_TEST_VAR"), "the kubeconfig's env");
    assertEquals(System.getenv("PATH"), seen.get("PATH"), "over the process's environment");
    Map<String, Object> info = ObjectMaps.parseJson(PluginScript.execInfo(state));
    assertEquals("client.authentication.k8s.io/v1", info.get("apiVersion"), info.toString());
    assertEquals("ExecCredential", info.get("kind"), info.toString());
    Map<String, Object> spec = map(info.get("spec"));
    assertEquals(false, spec.get("interactive"), "no terminal here: " + info);
    Map<String, Object> clusterInfo = map(spec.get("cluster"));
    assertEquals(cluster().server(), clusterInfo.get("server"), "provideClusterInfo: " + info);
    assertEquals(cluster().serverCaPem(), new String(Base64.getDecoder().decode(
        String.valueOf(clusterInfo.get("certificate-authority-data"))), StandardCharsets.UTF_8), info.toString());

    Path kubectlState = tmp.resolve("state-kubectl");
    Path kcKubectl = kubeconfig("kubeconfig-kubectl", plugin.userYaml(kubectlState, args, env, true, "Never", null));
    assertKubectlAgrees(true, kcKubectl, List.of());
    assertEquals(args, PluginScript.argv(kubectlState), "kubectl's plugin got the same arguments");
    Map<String, Object> kubectlSpec = map(ObjectMaps.parseJson(PluginScript.execInfo(kubectlState)).get("spec"));
    assertEquals(map(kubectlSpec.get("cluster")).get("server"), clusterInfo.get("server"));
    assertEquals(map(kubectlSpec.get("cluster")).get("certificate-authority-data"),
        clusterInfo.get("certificate-authority-data"));
  }

  @Test
  void aV1beta1PluginsNoticeOnStderrReachesTheToolsStderr() throws Exception {
    String notice = "NOTICE: example-cloud refreshed your session (a kube-steps test plugin)";
    PluginScript plugin = PluginScript.in(tmp, "notice-plugin").apiVersion("v1beta1").token("exec-notice-token")
        .stderr(notice).write();
    Path state = tmp.resolve("state-tool");
    Path kc = kubeconfig("kubeconfig", plugin.userYaml(state, List.of(), Map.of(), null, null, null));
    String name = unique("exec-notice");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("exec-notice-user"));
    assertTrue(a.err().contains(notice), "the plugin's stderr is passed through: " + a);
    assertNoSecrets(a, "exec-notice-token");
    Map<String, Object> info = ObjectMaps.parseJson(PluginScript.execInfo(state));
    assertEquals("client.authentication.k8s.io/v1beta1", info.get("apiVersion"), info.toString());
    assertFalse(map(info.get("spec")).containsKey("cluster"), "no provideClusterInfo, no cluster: " + info);

    Path kcKubectl = kubeconfig("kubeconfig-kubectl",
        plugin.userYaml(tmp.resolve("state-kubectl"), List.of(), Map.of(), null, null, null));
    Kubectl.Result k = assertKubectlAgrees(true, kcKubectl, List.of());
    assertTrue(k.err().contains(notice), "kubectl passes it through too: " + k);
  }

  @Test
  void aFailingPluginIsOneLineInKubectlsWordsAndNothingGoesOut() throws Exception {
    String diagnostic = "example-cloud: your session has expired; run example-cloud login";
    PluginScript plugin = PluginScript.in(tmp, "failing-plugin").exitCode(1).stderr(diagnostic).write();
    Path kc = kubeconfig("kubeconfig", plugin.userYaml(tmp.resolve("state-tool"), List.of(), Map.of(), null, "Never",
        null));
    String name = unique("exec-fails");

    Attempt a = readOnly(name, "--kubeconfig", kc.toString());

    String line = "getting credentials: exec: executable " + plugin.script() + " failed with exit code 1";
    assertFailsInOneLine(a, "error: " + line, true);
    assertNoSecrets(a, PluginScript.FAILED_SECRET);
    assertTrue(a.err().contains(diagnostic), "the plugin's stderr is passed through: " + a);
    assertNothingReachedTheServer(name);
    Kubectl.Result k = assertKubectlAgrees(false, kubeconfig("kubeconfig-kubectl",
        plugin.userYaml(tmp.resolve("state-kubectl"), List.of(), Map.of(), null, "Never", null)), List.of());
    assertTrue(k.err().contains(line), "kubectl's words: " + k);
  }

  @Test
  void aMissingPluginIsOneLineWithItsInstallHint() throws Exception {
    String command = "kube-steps-test-missing-plugin";
    String hint = "Install kube-steps-test-missing-plugin: see https://example.test/install";
    Path kc = kubeconfig("kubeconfig", PluginScript.userYaml(command, "client.authentication.k8s.io/v1", null,
        List.of("token"), Map.of(), null, "Never", hint));
    String name = unique("exec-missing");

    Attempt a = readOnly(name, "--kubeconfig", kc.toString());

    String line = "error: getting credentials: exec: executable " + command + " not found";
    assertFailsInOneLine(a, line, false);
    assertTrue(a.oneLine().startsWith(line), a.toString());
    assertTrue(a.oneLine().contains(hint), "the install hint on the same line: " + a);
    assertNothingReachedTheServer(name);
    Kubectl.Result k = assertKubectlAgrees(false, kc, List.of());
    assertTrue(k.err().contains("exec: executable " + command + " not found"), k.toString());
    assertTrue(k.err().contains(hint), k.toString());
  }

  @Test
  void interactiveModeAlwaysWithoutATerminalFailsBeforeRunningThePlugin() throws Exception {
    PluginScript plugin = PluginScript.in(tmp, "interactive-plugin").token("exec-static-token").write();
    Path state = tmp.resolve("state-tool");
    Path kc = kubeconfig("kubeconfig", plugin.userYaml(state, List.of(), Map.of(), null, "Always", null));
    String name = unique("exec-always");

    Attempt a = readOnly(name, "--kubeconfig", kc.toString());

    // kubectl: "getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal"
    assertFailsInOneLine(a, "standard input is not a terminal", false);
    assertEquals(0, PluginScript.calls(state), "the plugin must not run");
    assertNothingReachedTheServer(name);
    assertKubectlAgrees(false, kubeconfig("kubeconfig-kubectl",
        plugin.userYaml(tmp.resolve("state-kubectl"), List.of(), Map.of(), null, "Always", null)), List.of());
  }

  @Test
  void aV1PluginWithoutInteractiveModeIsRefusedAsKubectlRefusesIt() throws Exception {
    PluginScript plugin = PluginScript.in(tmp, "v1-no-mode").token("exec-static-token").write();
    Path state = tmp.resolve("state-tool");
    Path kc = kubeconfig("kubeconfig", plugin.userYaml(state, List.of(), Map.of(), null, null, null));
    String name = unique("exec-no-mode");

    Attempt a = readOnly(name, "--kubeconfig", kc.toString());

    // kubectl: "interactiveMode must be specified for test-user to use exec authentication plugin"
    assertFalse(a.ok(), a.toString());
    assertTrue(a.oneLine().contains("interactiveMode"), a.toString());
    assertEquals(1, a.oneLine().lines().count(), a.toString());
    assertNothingReachedTheServer(name);
    assertKubectlAgrees(false, kubeconfig("kubeconfig-kubectl",
        plugin.userYaml(tmp.resolve("state-kubectl"), List.of(), Map.of(), null, null, null)), List.of());
  }

  /**
   * A credential with an {@code expirationTimestamp} a few seconds ahead, a new token per call
   * ({@code exec-token-N}: the audit log tells the calls apart): kept until it expires, then fetched again, and a
   * watch that connects again after that does so with the new one. Nothing here depends on how fast the machine is:
   * the test reads until the plugin has run again (a count in its state folder), then cuts the watch's connection.
   */
  @Test
  void aCredentialThatExpiresDuringAWatchIsFetchedAgain() throws Exception {
    PluginScript plugin = PluginScript.in(tmp, "expiring-plugin").tokenPerCall("exec-token").expiresInSeconds(2)
        .write();
    Path state = tmp.resolve("state-tool");
    String label = unique("exec-expiry");
    try (FaultProxy proxy = new FaultProxy("127.0.0.1", cluster().port())) {
      Path kc = write(tmp, "kubeconfig", ConnectCluster.kubeconfig("https://127.0.0.1:" + proxy.port(),
          "certificate-authority: " + cluster().serverCaFile(),
          plugin.userYaml(state, List.of(), Map.of(), null, "Never", null)));
      Attempt a = capture(() -> {
        try (Session s = open(parse("--kubeconfig", kc.toString())); Watching w = new Watching(s, null, label)) {
          write(s, label + "-1", label);
          w.await("ADDED " + label + "-1");
          int before = PluginScript.calls(state);
          assertTrue(before >= 1, "the plugin ran");
          // reads until the credential has expired and the plugin has run again
          Fixtures.waitUntil(30, () -> {
            read(s, label + "-1");
            return PluginScript.calls(state) > before;
          }, () -> "the plugin never ran again (" + PluginScript.calls(state) + " calls)");
          proxy.cutAll(); // the watch connects again, with the credential it has now
          cluster().admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
              .withName(label + "-2").addToLabels("matrix", label).endMetadata().build()).create();
          w.await("ADDED " + label + "-2");
        }
      });
      assertTrue(a.ok(), a.toString());
      AuditLog audit = cluster().audit();
      AuditLog.Event first = audit.await(label + " watch", e -> "watch".equals(e.verb()) && e.uri().contains(label));
      int firstCall = execCall(first);
      audit.await("a watch of " + label + " with a credential fetched after the first", e -> "watch".equals(e.verb())
          && e.uri().contains(label) && e.code() != 401 && execCall(e) > firstCall);
      for (AuditLog.Event e : audit.about(label)) {
        // (kubeapitest: the test's admin, which created the second ConfigMap)
        assertTrue(e.user().startsWith("exec-user-") || e.user().equals("kubeapitest"),
            "every request as one of the plugin's users: " + e);
      }
      assertNoSecrets(a, "exec-token-");
      assertKubectlAgrees(true, kc, List.of());
    }
  }

  /** N of {@code exec-user-N}, the Nth call's user; 0 for anyone else. */
  private static int execCall(AuditLog.Event e) {
    Matcher m = Pattern.compile("exec-user-(\\d+)").matcher(e.user() == null ? "" : e.user());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  @Test
  void aPluginsClientCertificateIsUsed() throws Exception {
    TestCa.Issued cert = cluster().clientCa().client("RSA", "exec-cert-user", "connect-testers");
    PluginScript plugin = PluginScript.in(tmp, "cert-plugin").credentialFromStateFile().write();
    String credential = "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
        + "\"status\":{\"clientCertificateData\":" + jsonString(cert.certPem()) + ",\"clientKeyData\":"
        + jsonString(cert.keyPem()) + "}}";
    Path state = Files.createDirectories(tmp.resolve("state-tool"));
    Path kubectlState = Files.createDirectories(tmp.resolve("state-kubectl"));
    Files.writeString(state.resolve("credential.json"), credential);
    Files.writeString(kubectlState.resolve("credential.json"), credential);
    Path kc = kubeconfig("kubeconfig", plugin.userYaml(state, List.of(), Map.of(), null, "Never", null));
    String name = unique("exec-cert");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("exec-cert-user"));
    assertNoSecrets(a, cert.keyPem().lines().skip(1).findFirst().orElseThrow());
    assertKubectlAgrees(true, kubeconfig("kubeconfig-kubectl",
        plugin.userYaml(kubectlState, List.of(), Map.of(), null, "Never", null)), List.of());
  }

  @Test
  void theTokenFlagWinsAndThePluginDoesNotRun() throws Exception {
    PluginScript plugin = PluginScript.in(tmp, "unused-plugin").token("exec-static-token").write();
    Path state = tmp.resolve("state-tool");
    Path kc = kubeconfig("kubeconfig", plugin.userYaml(state, List.of(), Map.of(), null, "Never", null));
    String name = unique("exec-token-flag");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString(), "--token", "static-token");

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("token-user"));
    assertEquals(0, PluginScript.calls(state), "a token given by flag: the plugin is not run");
    assertKubectlAgrees(true, kubeconfig("kubeconfig-kubectl",
        plugin.userYaml(tmp.resolve("state-kubectl"), List.of(), Map.of(), null, "Never", null)),
        List.of("--token", "static-token"));
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
