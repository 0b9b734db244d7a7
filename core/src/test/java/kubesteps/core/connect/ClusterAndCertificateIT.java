package kubesteps.core.connect;

import static kubesteps.core.connect.ConnectTestSupport.assertKubectlAgrees;
import static kubesteps.core.connect.ConnectTestSupport.assertNoSecrets;
import static kubesteps.core.connect.ConnectTestSupport.assertRanAs;
import static kubesteps.core.connect.ConnectTestSupport.cluster;
import static kubesteps.core.connect.ConnectTestSupport.readOnly;
import static kubesteps.core.connect.ConnectTestSupport.roundTrip;
import static kubesteps.core.connect.ConnectTestSupport.unique;
import static kubesteps.core.connect.ConnectTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import kubesteps.core.connect.ConnectTestSupport.Attempt;
import kubesteps.core.connect.ConnectTestSupport.Identity;
import kubesteps.core.error.ExitCode;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.ConnectProxy;
import kubesteps.core.testing.Kubectl;
import kubesteps.core.testing.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client certificates from a CA the test makes, and kubectl's cluster and user flags, against the real API server:
 * {@code --client-certificate}, {@code --client-key}, {@code --certificate-authority},
 * {@code --insecure-skip-tls-verify}, {@code --tls-server-name} (and the kubeconfig's {@code tls-server-name}),
 * {@code -s/--server}, {@code --user}, {@code --cluster}; the kubeconfig's {@code proxy-url} through a CONNECT or SOCKS5
 * proxy the test runs (with {@code disable-compression}), and {@code HTTPS_PROXY}/{@code NO_PROXY} from the
 * environment. kubectl 1.32 runs each setup too.
 */
@ExtendWith(ConnectCluster.Shared.class)
class ClusterAndCertificateIT {
  @TempDir Path tmp;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aClientCertificateFromTheTestsCaInFilesRelativeToTheKubeconfig() throws Exception {
    TestCa.Issued cert = cluster().clientCa().client("RSA", "cert-user", "connect-testers");
    cert.writeTo(tmp.resolve("certs"), "cert-user", true); // PKCS#8 key
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("",
        "client-certificate: certs/cert-user.crt\nclient-key: certs/cert-user.key"));
    String name = unique("cert");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("cert-user"));
    assertNoSecrets(a, cert.keyPkcs8Pem().lines().skip(1).findFirst().orElseThrow());
    assertKubectlAgrees(true, kc, List.of());
  }

  @Test
  void anEcClientCertificateAsData() throws Exception {
    TestCa.Issued cert = cluster().clientCa().client("EC", "ec-cert-user", "connect-testers");
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("", "client-certificate-data: " + b64(cert.certPem())
        + "\nclient-key-data: " + b64(cert.keyPem()))); // SEC1 key (EC PRIVATE KEY)
    String name = unique("cert-ec");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("ec-cert-user"));
    assertKubectlAgrees(true, kc, List.of());
  }

  @Test
  void theClientCertificateFlags() throws Exception {
    TestCa.Issued cert = cluster().clientCa().client("RSA", "cert-flag-user", "connect-testers");
    Path[] files = cert.writeTo(tmp, "cert-flag-user", false); // PKCS#1 key
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("", ""));
    String name = unique("cert-flags");
    List<String> flags = List.of("--client-certificate", files[0].toString(), "--client-key", files[1].toString());

    Attempt a = roundTrip(name, concat(List.of("--kubeconfig", kc.toString()), flags));

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("cert-flag-user"));
    assertKubectlAgrees(true, kc, flags);
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() throws Exception {
    TestCa.Issued stranger = TestCa.create("O=connect-testers,CN=another-ca").client("RSA", "stranger",
        "connect-testers");
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("", "client-certificate-data: "
        + b64(stranger.certPem()) + "\nclient-key-data: " + b64(stranger.keyPem())));

    Attempt a = readOnly(unique("cert-stranger"), "--kubeconfig", kc.toString());

    assertFalse(a.ok(), a.toString());
    assertEquals(ExitCode.API_ERROR, a.exit(), a.toString());
    assertKubectlAgrees(false, kc, List.of());
  }

  @Test
  void theCertificateAuthorityFlag() throws Exception {
    // no certificate authority in the kubeconfig: the JVM's roots, which do not know the test server's
    Path kc = write(tmp, "kubeconfig", ConnectCluster.kubeconfig(cluster().server(), "", "token: static-token"));
    Attempt without = readOnly(unique("ca-none"), "--kubeconfig", kc.toString());
    assertFalse(without.ok(), without.toString());
    assertEquals(ExitCode.API_ERROR, without.exit(), without.toString());
    assertKubectlAgrees(false, kc, List.of());

    String name = unique("ca-flag");
    List<String> flags = List.of("--certificate-authority", cluster().serverCaFile().toString());
    Attempt with = roundTrip(name, concat(List.of("--kubeconfig", kc.toString()), flags));
    assertTrue(with.ok(), with.toString());
    assertRanAs(name, Identity.of("token-user"));
    assertKubectlAgrees(true, kc, flags);
  }

  @Test
  void theInsecureSkipTlsVerifyFlag() throws Exception {
    Path kc = write(tmp, "kubeconfig", ConnectCluster.kubeconfig(cluster().server(), "", "token: static-token"));
    String name = unique("insecure");
    Attempt a = roundTrip(name, "--kubeconfig", kc.toString(), "--insecure-skip-tls-verify");
    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("token-user"));
    assertKubectlAgrees(true, kc, List.of("--insecure-skip-tls-verify"));

    // with a certificate authority in the kubeconfig too: as kubectl, whichever way it goes
    Path withCa = write(tmp, "kubeconfig-ca", cluster().kubeconfig("", "token: static-token"));
    Attempt both = readOnly(unique("insecure-ca"), "--kubeconfig", withCa.toString(), "--insecure-skip-tls-verify");
    assertKubectlAgrees(both.ok(), withCa, List.of("--insecure-skip-tls-verify"));
  }

  /**
   * The server's certificate names 127.0.0.1 and kubernetes(.default...), not 127.0.0.2 (the same server, on
   * loopback too): the name checked is the tls-server-name's.
   */
  @Test
  void tlsServerNameInTheKubeconfigAndAsFlag() throws Exception {
    String other = "https://127.0.0.2:" + cluster().port();
    String ca = "certificate-authority: " + cluster().serverCaFile();
    Path plain = write(tmp, "kubeconfig", ConnectCluster.kubeconfig(other, ca, "token: static-token"));
    Attempt mismatch = readOnly(unique("tls-name-none"), "--kubeconfig", plain.toString());
    assertFalse(mismatch.ok(), mismatch.toString());
    assertEquals(ExitCode.API_ERROR, mismatch.exit(), mismatch.toString());
    assertKubectlAgrees(false, plain, List.of());

    Path named = write(tmp, "kubeconfig-named", ConnectCluster.kubeconfig(other, ca + "\ntls-server-name: kubernetes",
        "token: static-token"));
    String name = unique("tls-name");
    Attempt a = roundTrip(name, "--kubeconfig", named.toString());
    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("token-user"));
    assertKubectlAgrees(true, named, List.of());

    String flagName = unique("tls-name-flag");
    List<String> flags = List.of("--tls-server-name", "kubernetes.default");
    Attempt flag = roundTrip(flagName, concat(List.of("--kubeconfig", plain.toString()), flags));
    assertTrue(flag.ok(), flag.toString());
    assertRanAs(flagName, Identity.of("token-user"));
    assertKubectlAgrees(true, plain, flags);
  }

  @Test
  void theServerFlagInBothSpellings() throws Exception {
    Path kc = write(tmp, "kubeconfig", ConnectCluster.kubeconfig("https://127.0.0.1:1",
        "certificate-authority: " + cluster().serverCaFile(), "token: static-token"));
    for (List<String> flags : List.of(List.of("-s", cluster().server()), List.of("--server=" + cluster().server()))) {
      String name = unique("server-flag");
      Attempt a = roundTrip(name, concat(List.of("--kubeconfig", kc.toString()), flags));
      assertTrue(a.ok(), flags + ": " + a);
      assertRanAs(name, Identity.of("token-user"));
      assertKubectlAgrees(true, kc, flags);
    }
  }

  /** A kubeconfig whose current context is a dead cluster and a user without credentials, and good ones beside. */
  private Path severalEntries() {
    return write(tmp, "kubeconfig-several", """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dead
          cluster: {server: "https://127.0.0.1:1", certificate-authority: "%1$s"}
        - name: good
          cluster: {server: "%2$s", certificate-authority: "%1$s"}
        users:
        - name: nobody
          user: {}
        - name: with-token
          user: {token: static-token}
        contexts:
        - name: dead
          context: {cluster: dead, user: nobody, namespace: default}
        current-context: dead
        """.formatted(cluster().serverCaFile(), cluster().server()));
  }

  @Test
  void theUserAndClusterFlags() throws Exception {
    Path kc = severalEntries();
    String name = unique("user-cluster");
    List<String> flags = List.of("--cluster", "good", "--user", "with-token");
    Attempt a = roundTrip(name, concat(List.of("--kubeconfig", kc.toString()), flags));
    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("token-user"));
    assertKubectlAgrees(true, kc, flags);
  }

  @Test
  void aUserClusterOrContextTheKubeconfigLacksIsAnInputError() throws Exception {
    Path kc = severalEntries();
    for (List<String> flags : List.of(List.of("--cluster", "good", "--user", "nosuch"),
        List.of("--user", "with-token", "--cluster", "nosuch"), List.of("--context", "nosuch"))) {
      Attempt a = readOnly(unique("no-such"), concat(List.of("--kubeconfig", kc.toString()), flags));
      assertFalse(a.ok(), flags + ": " + a);
      assertEquals(ExitCode.INVALID_INPUT, a.exit(), flags + ": " + a);
      assertTrue(a.oneLine().contains("\"nosuch\""), flags + ": the line names it: " + a);
      assertFalse(a.oneLine().contains("Unknown option"), flags + ": a known option: " + a);
      assertEquals(1, a.oneLine().lines().count(), a.toString());
      assertKubectlAgrees(false, kc, flags);
    }
  }

  @Test
  void aConnectionFlagWithoutItsValueIsAnInputError() {
    Path kc = severalEntries();
    for (String flag : List.of("--user", "--cluster", "--token", "--as-uid", "--tls-server-name", "--server")) {
      Attempt a = readOnly(unique("no-value"), "--kubeconfig", kc.toString(), flag);
      assertEquals(ExitCode.INVALID_INPUT, a.exit(), flag + ": " + a);
      assertFalse(a.oneLine().contains("Unknown option"), flag + " is a known option: " + a);
    }
  }

  @Test
  void theKubeconfigsProxyUrlThroughAConnectProxy() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy()) {
      Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("proxy-url: " + proxy.url() + "\ndisable-compression: true",
          "token: static-token"));
      String name = unique("proxy");

      Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

      assertTrue(a.ok(), a.toString());
      assertRanAs(name, Identity.of("token-user"));
      String target = "127.0.0.1:" + cluster().port();
      assertFalse(proxy.tunnels().isEmpty(), "nothing went through the proxy");
      assertEquals(List.of(target), proxy.tunnels().stream().distinct().toList(), "tunnels to the API server only");

      int before = proxy.tunnels().size();
      assertKubectlAgrees(true, kc, List.of());
      assertTrue(proxy.tunnels().size() > before, "kubectl went through the proxy too");
    }
  }

  @Test
  void theKubeconfigsProxyUrlThroughASocks5Proxy() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy()) {
      Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("proxy-url: " + proxy.socksUrl(), "token: static-token"));
      String name = unique("socks");

      Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

      assertTrue(a.ok(), a.toString());
      assertRanAs(name, Identity.of("token-user"));
      assertFalse(proxy.tunnels().isEmpty(), "nothing went through the proxy");
      assertEquals(List.of("127.0.0.1:" + cluster().port()), proxy.tunnels().stream().distinct().toList());
      int before = proxy.tunnels().size();
      assertKubectlAgrees(true, kc, List.of());
      assertTrue(proxy.tunnels().size() > before, "kubectl went through the proxy too");
    }
  }

  /**
   * {@code HTTPS_PROXY} and {@code NO_PROXY} from the environment, as Go's {@code http.ProxyFromEnvironment} (which
   * client-go uses) reads them: a server named by a host only the proxy resolves is reached through it; a loopback
   * address never goes through a proxy; a host NO_PROXY names goes direct (and, resolving nowhere, fails). The tools
   * read their process's environment, so the probe runs in a JVM of its own ({@link EnvironmentProbe}).
   */
  @Test
  void proxiesFromTheEnvironmentAsClientGoReadsThem() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy().resolving(ConnectCluster.PROXIED_HOST, "127.0.0.1")) {
      String ca = "certificate-authority: " + cluster().serverCaFile();
      String port = ":" + cluster().port();
      Path viaProxy = write(tmp, "kubeconfig-proxied", ConnectCluster.kubeconfig(
          "https://" + ConnectCluster.PROXIED_HOST + port, ca, "token: static-token"));
      Path loopback = write(tmp, "kubeconfig-loopback", ConnectCluster.kubeconfig(cluster().server(), ca,
          "token: static-token"));
      Path noProxy = write(tmp, "kubeconfig-no-proxy", ConnectCluster.kubeconfig(
          "https://direct." + ConnectCluster.PROXIED_HOST + port, ca, "token: static-token"));
      java.util.Map<String, String> env = java.util.Map.of("HTTPS_PROXY", proxy.url(),
          "NO_PROXY", "direct." + ConnectCluster.PROXIED_HOST);

      List<String> results = EnvironmentProbe.run(env, viaProxy, loopback, noProxy);

      assertEquals("OK", results.get(0), "through HTTPS_PROXY: " + results);
      assertEquals("OK", results.get(1), "loopback, direct: " + results);
      assertTrue(results.get(2).startsWith("FAIL 5 "), "NO_PROXY: direct, and the name resolves nowhere: " + results);
      assertEquals(List.of(ConnectCluster.PROXIED_HOST + port), proxy.tunnels(), "what went through the proxy");

      int before = proxy.tunnels().size();
      for (Path kc : List.of(viaProxy, loopback, noProxy)) {
        Kubectl.Result k = Kubectl.run(kc, env, "get", "configmaps", "-n", "default", "-o", "name",
            "--request-timeout=20s");
        assertEquals(kc != noProxy, k.ok(), kc.getFileName() + ": " + k);
      }
      assertTrue(proxy.tunnels().size() > before, "kubectl used the proxy too");
      assertTrue(proxy.tunnels().stream().allMatch(t -> t.startsWith(ConnectCluster.PROXIED_HOST)),
          "kubectl tunnelled nothing else: " + proxy.tunnels());
    }
  }

  /** A proxy that is not there: kubectl fails rather than going direct, and so must the tools. */
  @Test
  void aProxyUrlThatDoesNotAnswerIsNotBypassed() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("proxy-url: http://127.0.0.1:" + port,
        "token: static-token"));
    String name = unique("proxy-down");
    Attempt a = readOnly(name, "--kubeconfig", kc.toString(), "--request-timeout", "5s");
    assertFalse(a.ok(), a.toString());
    assertEquals(ExitCode.API_ERROR, a.exit(), a.toString());
    ConnectTestSupport.assertNothingReachedTheServer(name);
    Kubectl.Result k = assertKubectlAgrees(false, kc, List.of());
    assertFalse(k.out().contains("configmap/"), k.toString());
  }

  private static String[] concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all.toArray(String[]::new);
  }
}
