package kubesteps.core.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real kube-apiserver 1.20.2 (kube-api-test) set up for the connection tests of issue 24: every kind of credential
 * can log in, and its audit log says who each request ran as.
 *
 * <ul>
 *   <li>Server certificate: self-signed (as kube-api-test's), for 127.0.0.1, kubernetes, kubernetes.default,
 *       kubernetes.default.svc and {@link #PROXIED_HOST}.</li>
 *   <li>Client certificates: the server's {@code --client-ca-file} is a CA this class makes ({@link #clientCa()}),
 *       so tests sign client certificates for any user and groups. kube-api-test passes its own
 *       {@code --client-ca-file} after the flags a test gives (the last one wins), and its client CA is a
 *       self-signed certificate without the CA flag, which Go refuses to verify others with. So the server is started
 *       through kube-api-test's API with a test folder of its own (binaries linked from {@code ~/.kubeapitest}), in
 *       which its certificate files are made here first: kube-api-test keeps certificates it finds, and uses
 *       {@code client.crt} both as the server's client CA and as the admin kubeconfig's client certificate (the CA's
 *       certificate, O=system:masters, carries no extended key usage, so it serves as both).</li>
 *   <li>Bearer tokens: {@code --token-auth-file} {@code auth/tokens.csv} (token, user, uid, groups): static tokens,
 *       a fresh OIDC id-token ({@link OidcIssuer#FRESH_ID_TOKEN}: the server only matches it as a static token; the
 *       expired one the tests start from is not in the file), and {@code exec-token-1} to {@code exec-token-40} for
 *       {@code exec-user-N}, which an exec plugin hands out one per call. Service-account tokens (TokenRequest) for
 *       tokens that must stop working during a test ({@link #serviceAccountToken}).</li>
 *   <li>Audit: {@code --audit-policy-file} {@code auth/audit-policy.yaml} (Metadata level), the log in this server's
 *       folder under {@code target/} ({@link #audit()}).</li>
 *   <li>RBAC: {@code auth/rbac.yaml}: only the group {@code connect-testers} and the namespace's service accounts may
 *       touch ConfigMaps in {@code default}; {@code impersonator} may only impersonate; {@code outsider} and
 *       anonymous nothing.</li>
 * </ul>
 *
 * One server serves every test class of a JVM that asks for it ({@link Shared}), so the matrix pays for one start.
 */
public final class ConnectCluster implements AutoCloseable {
  public static final String NAMESPACE = "default";
  /**
   * A name in the server's certificate that no resolver knows ({@code .invalid}, RFC 2606): a client reaches the
   * server by it only through a proxy that resolves it ({@link ConnectProxy#resolving}).
   */
  public static final String PROXIED_HOST = "kube-steps-apiserver.invalid";

  private static volatile ConnectCluster shared;

  private final Path dir;
  private final KubeAPIServer server;
  private final String adminYaml;
  private final int port;
  private final TestCa clientCa;
  private final Path serverCert;
  private final AuditLog audit;
  private final KubernetesClient admin;
  private final HttpClient raw;
  private boolean closed;

  static {
    // as CommandRun: the tests' own fabric8 clients need the model class scan that the tools skip
    new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}",
        io.fabric8.kubernetes.api.model.KubernetesResource.class);
  }

  /** Put on a test class: starts the shared server once per JVM (after checking the binaries are there). */
  public static final class Shared implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      new ApiServerBinariesCheck().beforeAll(context);
      context.getRoot().getStore(ExtensionContext.Namespace.create(ConnectCluster.class))
          .getOrComputeIfAbsent(ConnectCluster.class, k -> {
            shared = start();
            return shared;
          }, ConnectCluster.class);
    }
  }

  /** The server {@link Shared} started. */
  public static ConnectCluster get() {
    if (shared == null) throw new IllegalStateException("no ConnectCluster: @ExtendWith(ConnectCluster.Shared.class)");
    return shared;
  }

  private ConnectCluster(Path dir, KubeAPIServer server, String adminYaml, TestCa clientCa, Path serverCert,
      AuditLog audit) {
    this.dir = dir;
    this.server = server;
    this.adminYaml = adminYaml;
    Matcher m = Pattern.compile("server: https://127\\.0\\.0\\.1:(\\d+)").matcher(adminYaml);
    if (!m.find()) throw new IllegalStateException("no server in\n" + adminYaml);
    this.port = Integer.parseInt(m.group(1));
    this.clientCa = clientCa;
    this.serverCert = serverCert;
    this.audit = audit;
    this.admin = Fixtures.client(adminYaml);
    this.raw = HttpClient.newBuilder().sslContext(trusting(serverCert)).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static ConnectCluster start() {
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
          "connect-apiserver-");
      Files.createDirectories(dir.resolve("k8s"));
      Files.createSymbolicLink(dir.resolve("k8s").resolve(ApiServerBinariesCheck.VERSION + "-linux-amd64"),
          ApiServerBinariesCheck.binaryDir().toAbsolutePath());
      // kube-api-test's file names (CertManager): it generates none of them when all four are there
      TestCa.Issued serverTls = TestCa.selfSignedServer("CN=example.org", TestCa.ip("127.0.0.1"),
          TestCa.dns("kubernetes"), TestCa.dns("kubernetes.default"), TestCa.dns("kubernetes.default.svc"),
          TestCa.dns(PROXIED_HOST));
      serverTls.writeTo(dir, "apiserver", false);
      TestCa clientCa = TestCa.create("O=system:masters,CN=kubeapitest");
      clientCa.asIssued().writeTo(dir, "client", false);
      Path auth = Files.createDirectories(dir.resolve("auth"));
      for (String f : List.of("tokens.csv", "audit-policy.yaml")) Files.writeString(auth.resolve(f), resource(f));
      Path auditLog = dir.resolve("audit.log");
      KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
          .withTestDir(dir.toString())
          .withApiServerVersion(ApiServerBinariesCheck.VERSION)
          .withOfflineMode(true)
          .withApiServerFlags(List.of(
              "--token-auth-file", auth.resolve("tokens.csv").toString(),
              "--audit-policy-file", auth.resolve("audit-policy.yaml").toString(),
              "--audit-log-path", auditLog.toString()))
          .build());
      server.start();
      ConnectCluster c = new ConnectCluster(dir, server, server.getKubeConfigYaml(), clientCa,
          dir.resolve("apiserver.crt"), new AuditLog(auditLog));
      c.setUpRbac();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void setUpRbac() throws InterruptedException {
    for (String doc : resource("rbac.yaml").split("(?m)^---$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) continue;
      GenericKubernetesResource r = ObjectMaps.serialization().unmarshal(doc, GenericKubernetesResource.class);
      admin.resource(r).serverSideApply();
    }
    // the authorizer reads RBAC from its informers: wait until the bindings are in force
    Fixtures.waitUntil(30, () -> status("static-token", "api/v1/namespaces/default/configmaps") == 200
        && status("impersonator-token", "api/v1/namespaces/default/configmaps", "Impersonate-User", "warm-up",
            "Impersonate-Group", "connect-testers") == 200, () -> "RBAC of auth/rbac.yaml not in force");
  }

  /**
   * The user agent the tools send: {@code TOOL/VERSION (os/arch) kube-steps}, os and arch as Go names them (as
   * kubectl's {@code kubectl/v1.32.4 (linux/amd64) kubernetes/...}); {@code tool} the picocli command's name.
   */
  public static String userAgent(String tool) {
    String arch = System.getProperty("os.arch").toLowerCase(java.util.Locale.ROOT);
    arch = switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
    return tool + "/" + kubesteps.core.cli.VersionProvider.version() + " ("
        + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/" + arch + ") kube-steps";
  }

  /** A test resource of {@code /auth/}. */
  public static String resource(String name) {
    return Fixtures.resource("/auth/" + name);
  }

  public String adminYaml() {
    return adminYaml;
  }

  /** A fabric8 client with the admin's client certificate (system:masters). */
  public KubernetesClient admin() {
    return admin;
  }

  public int port() {
    return port;
  }

  /** {@code https://127.0.0.1:PORT}. */
  public String server() {
    return "https://127.0.0.1:" + port;
  }

  /** The server's certificate, which names itself as its certificate authority (as kube-api-test's). */
  public Path serverCaFile() {
    return serverCert;
  }

  public String serverCaPem() {
    try {
      return Files.readString(serverCert);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA whose client certificates the server accepts. */
  public TestCa clientCa() {
    return clientCa;
  }

  public AuditLog audit() {
    return audit;
  }

  /** This server's folder (certificates, audit log) under the module's {@code target/}. */
  public Path dir() {
    return dir;
  }

  /**
   * A kubeconfig for this server: one cluster ({@code certificate-authority} the server's certificate, then
   * {@code clusterExtra}: more lines of the cluster, e.g. {@code "proxy-url: http://..."}), one user whose body is
   * {@code userBody} (YAML, e.g. {@code "token: x"} or an {@code exec:} block; empty for none), one context with
   * namespace default.
   */
  public String kubeconfig(String clusterExtra, String userBody) {
    return kubeconfig(server(), "certificate-authority: " + serverCert + (clusterExtra.isEmpty() ? "" : "\n" + clusterExtra),
        userBody);
  }

  /** As {@link #kubeconfig(String, String)}, with the cluster's server and all its other lines given. */
  public static String kubeconfig(String server, String clusterBody, String userBody) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test-cluster
          cluster:
            server: %s
        %s
        users:
        - name: test-user
          user:
        %s
        contexts:
        - name: test
          context: {cluster: test-cluster, user: test-user, namespace: default}
        current-context: test
        """.formatted(server, indent(clusterBody, 4), userBody.isBlank() ? "    {}" : indent(userBody, 4));
  }

  /** Each line of {@code text} indented by {@code n} spaces. */
  public static String indent(String text, int n) {
    String pad = " ".repeat(n);
    return text.strip().isEmpty() ? "" : text.stripTrailing().lines().map(l -> pad + l)
        .reduce((a, b) -> a + "\n" + b).orElse("");
  }

  /**
   * The HTTP status of {@code GET path} with {@code token} as bearer (and {@code headers}: name, value, ...), straight
   * to the server: to wait until a token is refused, or RBAC in force.
   */
  public int status(String token, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server() + "/" + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token);
    for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    try {
      return raw.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Returns once the audit log holds everything that reached the server before this call: a request of its own
   * (a read of a ConfigMap that does not exist), awaited in the log. Then the absence of an event means something.
   */
  public void syncAudit() throws InterruptedException {
    String sentinel = "audit-sentinel-" + java.util.UUID.randomUUID();
    status("static-token", "api/v1/namespaces/default/configmaps/" + sentinel);
    audit.await(sentinel, "get");
  }

  /**
   * A new service account {@code name} in default and a token for it (TokenRequest, one hour): a token that stops
   * working when the account is deleted ({@link #revoke}).
   */
  public String serviceAccountToken(String name) {
    admin.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(name).endMetadata().build()).create();
    return admin.serviceAccounts().inNamespace(NAMESPACE).withName(name)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  /**
   * Deletes the service accounts (name, token, name, token, ...) and waits until the server refuses each token (401):
   * the API server caches a token's successful authentication for 10 s, so that is an event to wait for (once for
   * all of them).
   */
  public void revoke(String... nameTokenPairs) throws InterruptedException {
    for (int i = 0; i + 1 < nameTokenPairs.length; i += 2) {
      admin.serviceAccounts().inNamespace(NAMESPACE).withName(nameTokenPairs[i]).delete();
    }
    for (int i = 0; i + 1 < nameTokenPairs.length; i += 2) {
      String name = nameTokenPairs[i];
      String token = nameTokenPairs[i + 1];
      Fixtures.waitUntil(30, () -> status(token, "api") == 401, () -> "the token of " + name + " still accepted");
    }
  }

  private static SSLContext trusting(Path certFile) {
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(certFile))) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("server", cert);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    admin.close();
    server.stop();
  }

  /** For messages: the folder and the port. */
  @Override
  public String toString() {
    return "ConnectCluster " + server() + " in " + dir;
  }
}
