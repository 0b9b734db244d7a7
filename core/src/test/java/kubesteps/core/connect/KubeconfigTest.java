package kubesteps.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig resolved as clientcmd resolves it: merging, the chosen context, flags over the file, credentials. */
class KubeconfigTest {
  @TempDir Path dir;

  private static final String FILE = """
      apiVersion: v1
      kind: Config
      current-context: dev
      clusters:
      - name: local
        cluster:
          server: https://127.0.0.1:6443
          certificate-authority-data: Q0E=
          tls-server-name: api.local
      - name: far
        cluster:
          server: https://far.example:443
          certificate-authority: certs/ca.crt
          proxy-url: http://proxy.example:3128
      - name: plain
        cluster: {server: "http://127.0.0.1:8080"}
      contexts:
      - name: dev
        context: {cluster: local, user: token-user, namespace: team-a}
      - name: far
        context: {cluster: far, user: file-user}
      - name: plain
        context: {cluster: plain, user: token-user}
      users:
      - name: token-user
        user:
          token: "abc.def"
          as: someone
          as-groups: [g1, g2]
          as-uid: "42"
          as-user-extra: {scopes: [view]}
      - name: file-user
        user:
          tokenFile: secrets/token
          client-certificate: certs/client.crt
          client-key: certs/client.key
      - name: basic
        user: {username: admin, password: secret}
      - name: gcp
        user: {auth-provider: {name: gcp, config: {}}}
      - name: azure
        user: {auth-provider: {name: azure}}
      - name: keystone
        user: {auth-provider: {name: keystone}}
      - name: exec-v1-no-mode
        user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: plugin}}
      - name: exec-alpha
        user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: plugin}}
      - name: both
        user:
          auth-provider: {name: oidc}
          exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: plugin}
      - name: groups-only
        user: {as-groups: [g1]}
      """;

  private Path file() throws Exception {
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets/token"), "from-file\n");
    return Files.writeString(dir.resolve("config"), FILE);
  }

  @AfterEach
  void clear() {
    System.clearProperty("kubeconfig");
  }

  private static ConnectFlags flags(Path kubeconfig, String context, String cluster, String user, String server,
      String token, String ca, boolean insecure, String tlsServerName, String as, List<String> groups) {
    return new ConnectFlags(kubeconfig, context, cluster, user, server, token, ca, null, null, insecure,
        tlsServerName, as, groups, null, Duration.ofSeconds(3));
  }

  private static RestConfig resolve(ConnectFlags flags, Map<String, String> env) {
    return Kubeconfig.resolve(flags, env, new ExecPlugin.Process(Map.of(), false, System.err), Clock.systemUTC());
  }

  private static RestConfig resolve(ConnectFlags flags) {
    return resolve(flags, Map.of());
  }

  @Test
  void theCurrentContextsClusterUserAndNamespace() throws Exception {
    RestConfig r = resolve(ConnectFlags.of(file(), null));
    assertEquals("https://127.0.0.1:6443", r.server());
    assertEquals("team-a", r.namespace());
    assertEquals("Q0E=", r.caData());
    assertEquals("api.local", r.tlsServerName());
    assertEquals("Bearer abc.def", r.credentials().authorization());
    assertEquals(Map.of("Impersonate-User", List.of("someone"), "Impersonate-Uid", List.of("42"),
        "Impersonate-Group", List.of("g1", "g2"), "Impersonate-Extra-scopes", List.of("view")),
        r.impersonation().headers(), "as, as-uid, as-groups, as-user-extra of the kubeconfig");
    assertNull(r.proxy());
  }

  @Test
  void pathsAreRelativeToTheFileAndTheTokenFileIsReadTrimmed() throws Exception {
    RestConfig r = resolve(ConnectFlags.of(file(), "far"));
    assertEquals(dir.resolve("certs/ca.crt").toString(), r.caFile());
    assertEquals(dir.resolve("certs/client.crt").toString(), r.certFile());
    assertEquals(dir.resolve("certs/client.key").toString(), r.keyFile());
    assertEquals("Bearer from-file", r.credentials().authorization());
    assertEquals("http://proxy.example:3128", r.proxy().toString());
  }

  @Test
  void flagsOverTheFileAsClientcmdLaysThem() throws Exception {
    Path f = file();
    RestConfig r = resolve(flags(f, null, "far", "basic", null, null, "/etc/ca.pem", false, null, null, List.of()));
    assertEquals("https://far.example:443", r.server(), "--cluster");
    assertEquals("/etc/ca.pem", r.caFile(), "--certificate-authority");
    assertEquals("Basic YWRtaW46c2VjcmV0", r.credentials().authorization(), "--user");
    assertEquals("team-a", r.namespace(), "the context's namespace stays");

    RestConfig s = resolve(flags(f, null, null, null, "https://other:6443", "tok", null, true, null, "x",
        List.of("a")));
    assertEquals("https://other:6443", s.server());
    assertNull(s.tlsServerName(), "--server clears the file's tls-server-name, as kubectl does");
    assertTrue(s.insecure());
    assertNull(s.caData(), "--insecure-skip-tls-verify drops the file's CA");
    assertEquals("Bearer tok", s.credentials().authorization(), "--token over the file's token");
    assertEquals(Map.of("Impersonate-User", List.of("x"), "Impersonate-Uid", List.of("42"),
        "Impersonate-Group", List.of("a"), "Impersonate-Extra-scopes", List.of("view")), s.impersonation().headers(),
        "--as and --as-group over as and as-groups");
    assertEquals("api.x", resolve(flags(f, null, null, null, null, null, null, false, "api.x", null, List.of()))
        .tlsServerName());
  }

  @Test
  void noCredentialsForAServerNotReachedOverTls() throws Exception {
    assertNull(resolve(ConnectFlags.of(file(), "plain")).credentials().authorization());
  }

  @Test
  void unknownNamesAreInputErrors() throws Exception {
    Path f = file();
    assertEquals("context \"nope\" does not exist in the kubeconfig",
        assertThrows(StepException.class, () -> resolve(ConnectFlags.of(f, "nope"))).getMessage());
    assertEquals("user \"nope\" does not exist in the kubeconfig", assertThrows(StepException.class,
        () -> resolve(flags(f, null, null, "nope", null, null, null, false, null, null, List.of()))).getMessage());
    assertEquals("cluster \"nope\" does not exist in the kubeconfig", assertThrows(StepException.class,
        () -> resolve(flags(f, null, "nope", null, null, null, null, false, null, null, List.of()))).getMessage());
  }

  @Test
  void authProvidersKubectlDoesNotHaveAreOneLineInItsWords() throws Exception {
    Path f = file();
    StepException keystone = assertThrows(StepException.class, () -> user(f, "keystone"));
    assertEquals(ExitCode.API_ERROR, keystone.code());
    assertEquals("no Auth Provider found for name \"keystone\"", keystone.getMessage());
    String gcp = assertThrows(StepException.class, () -> user(f, "gcp")).getMessage();
    assertTrue(gcp.startsWith("The gcp auth plugin has been removed. Please use the \"gke-gcloud-auth-plugin\""), gcp);
    assertFalse(gcp.contains("\n"));
    assertTrue(assertThrows(StepException.class, () -> user(f, "azure")).getMessage()
        .startsWith("The azure auth plugin has been removed."));
  }

  @Test
  void execSectionsAreCheckedAsClientcmdChecksThem() throws Exception {
    Path f = file();
    assertEquals("invalid configuration: interactiveMode must be specified for exec-v1-no-mode to use exec"
        + " authentication plugin", assertThrows(StepException.class, () -> user(f, "exec-v1-no-mode")).getMessage());
    assertEquals("invalid configuration: exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"",
        assertThrows(StepException.class, () -> user(f, "exec-alpha")).getMessage());
    assertEquals("invalid configuration: authProvider cannot be provided in combination with an exec plugin for both",
        assertThrows(StepException.class, () -> user(f, "both")).getMessage());
    assertEquals("requesting uid, groups or user-extra for groups-only without impersonating a user",
        assertThrows(StepException.class, () -> user(f, "groups-only")).getMessage());
  }

  private RestConfig user(Path f, String user) {
    return resolve(flags(f, null, null, user, null, null, null, false, null, null, List.of()));
  }

  @Test
  void aListOfFilesMergesWithTheFirstToNameAThingWinning() throws Exception {
    Path second = file();
    Path first = Files.writeString(dir.resolve("first"), """
        apiVersion: v1
        kind: Config
        current-context: mine
        clusters:
        - name: local
          cluster: {server: "https://first.example"}
        contexts:
        - name: mine
          context: {cluster: local, user: me, namespace: first-ns}
        users:
        - name: me
          user: {token: first-token}
        """);
    System.setProperty("kubeconfig", first + ":" + dir.resolve("absent") + ":" + second);
    ConnectFlags none = ConnectFlags.of(null, null);
    RestConfig mine = resolve(none);
    assertEquals("https://first.example", mine.server(), "the first file's current-context and cluster");
    assertEquals("Bearer first-token", mine.credentials().authorization());
    RestConfig dev = resolve(ConnectFlags.of(null, "dev"));
    assertEquals("https://first.example", dev.server(), "cluster 'local' of the first file wins over the second's");
    assertEquals("Bearer abc.def", dev.credentials().authorization(), "token-user is only in the second");
  }

  @Test
  void thePodsServiceAccountWhenThereIsNoFile() {
    System.setProperty("kubeconfig", dir.resolve("absent").toString());
    RestConfig r = resolve(ConnectFlags.of(null, null), Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1",
        "KUBERNETES_SERVICE_PORT", "443"));
    assertEquals("https://10.0.0.1:443", r.server());
    assertEquals("token file /var/run/secrets/kubernetes.io/serviceaccount/token", r.credentials().describe());
    RestConfig v6 = resolve(ConnectFlags.of(null, null), Map.of("KUBERNETES_SERVICE_HOST", "fd00::1",
        "KUBERNETES_SERVICE_PORT", "443"));
    assertEquals("https://[fd00::1]:443", v6.server());
    StepException none = assertThrows(StepException.class, () -> resolve(ConnectFlags.of(null, null)));
    assertEquals(ExitCode.INVALID_INPUT, none.code());
  }

  @Test
  void aTokenWithALineBreakIsRefusedWithoutBeingShownAsKubectlRefusesIt() throws Exception {
    Path trailing = Files.writeString(dir.resolve("trailing"), FILE.replace("abc.def", "abc.def\\n"));
    assertThrows(StepException.class, () -> resolve(ConnectFlags.of(trailing, null)),
        "kubectl trims a token file, not the kubeconfig's token");
    Path f = Files.writeString(dir.resolve("nl"), FILE.replace("abc.def", "abc\\ndef"));
    StepException e = assertThrows(StepException.class, () -> resolve(ConnectFlags.of(f, null)));
    assertEquals(ExitCode.API_ERROR, e.code());
    assertFalse(e.getMessage().contains("abc"), e.getMessage());
    assertEquals("the bearer token from the kubeconfig's user token-user holds a line break or another control"
        + " character (not shown)", e.getMessage());
  }

  @Test
  void proxiesFromTheEnvironmentAsGoReadsThem() throws Exception {
    Path f = file();
    Map<String, String> env = Map.of("HTTPS_PROXY", "proxy.corp:8080", "NO_PROXY", ".internal,10.0.0.0/8");
    assertEquals("http://proxy.corp:8080", resolve(flags(f, null, null, null, "https://api.example:6443", null, null,
        false, null, null, List.of()), env).proxy().toString());
    assertNull(resolve(flags(f, null, null, null, "https://api.internal:6443", null, null, false, null, null,
        List.of()), env).proxy(), "NO_PROXY domain");
    assertNull(resolve(flags(f, null, null, null, "https://10.1.2.3:6443", null, null, false, null, null,
        List.of()), env).proxy(), "NO_PROXY CIDR");
    assertNull(resolve(ConnectFlags.of(f, null), env).proxy(), "loopback is never proxied");
    assertEquals("http://proxy.example:3128", resolve(ConnectFlags.of(f, "far"), env).proxy().toString(),
        "the kubeconfig's proxy-url before the environment");
  }

  @Test
  void noProxyEntriesMatchAsGoMatchesThem() {
    assertTrue(ProxyRules.noProxy("a.example.com", 443, "example.com"));
    assertTrue(ProxyRules.noProxy("example.com", 443, "example.com"));
    assertTrue(ProxyRules.noProxy("a.example.com", 443, ".example.com"));
    assertFalse(ProxyRules.noProxy("example.com", 443, ".example.com"));
    assertFalse(ProxyRules.noProxy("badexample.com", 443, "example.com"));
    assertTrue(ProxyRules.noProxy("a.example.com", 443, "*.example.com"));
    assertTrue(ProxyRules.noProxy("anything", 443, "*"));
    assertTrue(ProxyRules.noProxy("api.example.com", 6443, "api.example.com:6443"));
    assertFalse(ProxyRules.noProxy("api.example.com", 443, "api.example.com:6443"));
    assertTrue(ProxyRules.noProxy("192.168.1.7", 443, " 192.168.0.0/16 , x"));
    assertFalse(ProxyRules.noProxy("192.169.1.7", 443, "192.168.0.0/16"));
  }

  @Test
  void thePluginsStderrIsPassedThrough() throws Exception {
    Path plugin = Files.writeString(dir.resolve("plugin.sh"), """
        #!/bin/sh
        echo "notice: using profile default" >&2
        printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t1"}}'
        """);
    plugin.toFile().setExecutable(true);
    Path f = Files.writeString(dir.resolve("exec"), """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        contexts: [{name: c, context: {cluster: c, user: u}}]
        users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./plugin.sh}}}]
        """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RestConfig r = Kubeconfig.resolve(ConnectFlags.of(f, null), Map.of(),
        new ExecPlugin.Process(Map.of("PATH", "/usr/bin:/bin"), false, new PrintStream(err, true)), Clock.systemUTC());
    assertEquals("Bearer t1", r.credentials().authorization(), "a command with a / is relative to the kubeconfig");
    assertEquals("notice: using profile default\n", err.toString());
  }
}
