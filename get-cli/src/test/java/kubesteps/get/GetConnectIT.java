package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import kubesteps.core.testing.AuditLog;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.ConnectProxy;
import kubesteps.core.testing.OidcIssuer;
import kubesteps.core.testing.PluginScript;
import kubesteps.core.testing.SystemStreams;
import kubesteps.core.testing.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s-get end to end (in-process, as main runs it) with each kind of credential of issue 24, against the real API
 * server of core's connection matrix ({@link ConnectCluster}): the audit log shows who the read ran as and that the
 * user agent names k8s-get; a credential that fails is exit 5 with one line in kubectl's words; a bad flag exit 2;
 * no secret is ever printed; the same reads again by k8s-get on its runtime class path alone. (core's
 * kubesteps.core.connect tests hold the whole matrix and the kubectl comparison.)
 */
@ExtendWith(ConnectCluster.Shared.class)
class GetConnectIT {
  static OidcIssuer issuer;
  static ConnectProxy proxy;
  @TempDir Path tmp;

  @BeforeAll
  static void up() {
    issuer = new OidcIssuer();
    proxy = new ConnectProxy();
  }

  @AfterAll
  static void down() {
    issuer.close();
    proxy.close();
  }

  static ConnectCluster cluster() {
    return ConnectCluster.get();
  }

  /** How a case connects: the arguments before the command's own, prepared in the test's folder. */
  interface Setup {
    List<String> args(Path tmp) throws Exception;
  }

  static Path kubeconfig(Path dir, String clusterExtra, String user) throws Exception {
    return Files.writeString(dir.resolve("kubeconfig"), cluster().kubeconfig(clusterExtra, user));
  }

  static List<String> withKubeconfig(Path kc, String... more) {
    List<String> args = new ArrayList<>(List.of("--kubeconfig", kc.toString()));
    args.addAll(List.of(more));
    return args;
  }

  static Stream<Arguments> working() {
    return Stream.of(
        Arguments.of("token file", (Setup) dir -> {
          Files.writeString(dir.resolve("token"), "file-token\n");
          return withKubeconfig(kubeconfig(dir, "", "tokenFile: token"));
        }, "file-user", null),
        Arguments.of("exec plugin with a notice on stderr", (Setup) dir -> {
          PluginScript p = PluginScript.in(dir, "plugin").token("exec-notice-token").stderr(NOTICE).write();
          return withKubeconfig(kubeconfig(dir, "", p.userYaml(dir.resolve("state"), List.of("get-token"), Map.of(),
              true, "Never", null)));
        }, "exec-notice-user", null),
        Arguments.of("client certificate", (Setup) dir -> {
          TestCa.Issued c = cluster().clientCa().client("RSA", "get-cert-user", "connect-testers");
          c.writeTo(dir, "client", false);
          return withKubeconfig(kubeconfig(dir, "", "client-certificate: client.crt\nclient-key: client.key"));
        }, "get-cert-user", null),
        Arguments.of("oidc, expired id-token refreshed", (Setup) dir -> withKubeconfig(
            kubeconfig(dir, "", issuer.userYaml(OidcIssuer.EXPIRED_ID_TOKEN))), "oidc-user", null),
        Arguments.of("impersonation from the kubeconfig", (Setup) dir -> withKubeconfig(kubeconfig(dir, "", """
            token: impersonator-token
            as: get-target
            as-groups: [connect-testers]""")), "impersonator", "get-target"),
        Arguments.of("impersonation flags over the kubeconfig's", (Setup) dir -> withKubeconfig(kubeconfig(dir, "", """
            token: impersonator-token
            as: get-target
            as-groups: [connect-testers]"""), "--as", "get-flag-target", "--as-group", "connect-testers"),
            "impersonator", "get-flag-target"),
        Arguments.of("proxy-url", (Setup) dir -> withKubeconfig(kubeconfig(dir, "proxy-url: " + proxy.url(),
            "token: static-token")), "token-user", null),
        Arguments.of("--token, --server, --certificate-authority", (Setup) dir -> {
          Path kc = Files.writeString(dir.resolve("kubeconfig"), ConnectCluster.kubeconfig("https://127.0.0.1:1", "",
              ""));
          return withKubeconfig(kc, "--token", "static-token", "-s", cluster().server(), "--certificate-authority",
              cluster().serverCaFile().toString());
        }, "token-user", null));
  }

  static final String NOTICE = "NOTICE: example-cloud refreshed your session (a kube-steps test plugin)";
  static final List<String> SECRETS = List.of("file-token", "exec-notice-token", "impersonator-token", "static-token",
      OidcIssuer.EXPIRED_ID_TOKEN, OidcIssuer.FRESH_ID_TOKEN, OidcIssuer.REFRESH_TOKEN, OidcIssuer.CLIENT_SECRET,
      PluginScript.FAILED_SECRET);

  /** A ConfigMap of a name of its own in default, made by the admin: what a case reads. */
  static String newConfigMap() {
    String name = "g-" + UUID.randomUUID().toString().substring(0, 8);
    cluster().admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(name).endMetadata().addToData("k", "v").build()).create();
    return name;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("working")
  void readsAsTheCredentialsUser(String label, Setup setup, String user, String impersonated) throws Exception {
    String name = newConfigMap();
    int tunnelsBefore = proxy.tunnels().size();
    List<String> args = setup.args(tmp);
    args.addAll(List.of("-n", "default", "configmap/" + name, "-o", "name"));

    SystemStreams.Captured<CommandRun> c = SystemStreams.capture(
        () -> CommandRun.run(new GetCommand(), args.toArray(String[]::new)));

    CommandRun run = c.value();
    String all = run + "\n--- System.err\n" + c.err();
    assertEquals(0, run.code(), all);
    assertEquals("configmap/" + name + "\n", run.out(), all);
    AuditLog.Event e = cluster().audit().await(name, "get");
    assertEquals(user, e.user(), e.toString());
    assertEquals(impersonated, e.impersonatedUser(), e.toString());
    assertEquals(ConnectCluster.userAgent("k8s-get"), e.userAgent(), e.toString());
    if (label.startsWith("exec")) assertTrue((run.err() + c.err()).contains(NOTICE), "the plugin's notice: " + all);
    if (label.equals("proxy-url")) assertTrue(proxy.tunnels().size() > tunnelsBefore, "through the proxy: " + all);
    for (String s : SECRETS) assertFalse((all + c.out()).contains(s), "a secret shows: " + all);
  }

  /**
   * The same reads by k8s-get on its runtime class path alone, in a JVM of its own ({@link OwnClassPath}): each kind
   * of credential loads its own classes, none of them from the jars k8s-get's class path leaves out.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("working")
  void readsOnItsOwnClassPath(String label, Setup setup, String user, String impersonated) throws Exception {
    String name = newConfigMap();
    List<String> args = setup.args(tmp);
    args.addAll(List.of("-n", "default", "configmap/" + name, "-o", "name"));

    OwnClassPath.Run run = OwnClassPath.run(tmp, args);

    assertEquals(0, run.code(), label + ": " + run);
    assertEquals("configmap/" + name + "\n", run.out(), label + ": " + run);
    AuditLog.Event e = cluster().audit().await(name, "get");
    assertEquals(user, e.user(), e.toString());
    assertEquals(impersonated, e.impersonatedUser(), e.toString());
    for (String s : SECRETS) assertFalse((run.out() + run.err()).contains(s), "a secret shows: " + run);
  }

  static Stream<Arguments> failing() {
    return Stream.of(
        Arguments.of("a failing exec plugin", (Setup) dir -> {
          PluginScript p = PluginScript.in(dir, "failing-plugin").exitCode(1).write();
          return withKubeconfig(kubeconfig(dir, "", p.userYaml(dir.resolve("state"), List.of(), Map.of(), null,
              "Never", null)));
        }, 5, "error: getting credentials: exec: executable %s/failing-plugin failed with exit code 1"),
        Arguments.of("a missing exec plugin", (Setup) dir -> withKubeconfig(kubeconfig(dir, "", PluginScript.userYaml(
            "kube-steps-test-missing-plugin", "client.authentication.k8s.io/v1", null, List.of(), Map.of(), null,
            "Never", "Install it from https://example.test/install"))), 5,
            "error: getting credentials: exec: executable kube-steps-test-missing-plugin not found"),
        Arguments.of("an unknown auth provider", (Setup) dir -> withKubeconfig(kubeconfig(dir, "", """
            auth-provider:
              name: example-sso
              config: {access-token: static-token}""")), 5,
            "error: no Auth Provider found for name \"example-sso\""),
        Arguments.of("a user the kubeconfig lacks", (Setup) dir -> withKubeconfig(kubeconfig(dir, "",
            "token: static-token"), "--user", "nosuch"), 2, "\"nosuch\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failing")
  void failsInOneLine(String label, Setup setup, int exit, String line) throws Exception {
    String name = "g-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> args = setup.args(tmp);
    args.addAll(List.of("-n", "default", "configmap/" + name, "-o", "name"));

    SystemStreams.Captured<CommandRun> c = SystemStreams.capture(
        () -> CommandRun.run(new GetCommand(), args.toArray(String[]::new)));

    CommandRun run = c.value();
    String all = run + "\n--- System.err\n" + c.err();
    assertEquals(exit, run.code(), all);
    assertEquals("", run.out(), all);
    List<String> lines = run.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, lines.size(), all);
    String expected = line.contains("%s") ? line.formatted(tmp) : line;
    if (line.startsWith("error: ")) assertTrue(lines.get(0).startsWith(expected), all);
    else assertTrue(lines.get(0).contains(expected), all);
    assertFalse(lines.get(0).contains("Unknown option"), all);
    for (String s : SECRETS) assertFalse((all + c.out()).contains(s), "a secret shows: " + all);
    cluster().syncAudit();
    assertEquals(List.of(), cluster().audit().about(name), "requests went out");
  }
}
