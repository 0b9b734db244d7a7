package kubesteps.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.Test;

@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class ConnectionOptionsIT {
  @KubeConfig static String kubeconfig;

  @Test
  void connectsWithTheGivenKubeconfig() {
    ConnectionOptions o = ConnectionOptions.of(Kubeconfigs.write(kubeconfig), null, null);
    try (KubernetesClient c = o.client()) {
      assertNotNull(c.getApiResources("v1"));
      assertEquals(0, c.getConfiguration().getRequestRetryBackoffLimit(), "retries are ours, not fabric8's");
    }
  }

  @Test
  void namespaceDefaultsInKubectlsOrder() {
    Path plain = Kubeconfigs.withNamespace(kubeconfig, null);
    Path withNs = Kubeconfigs.withNamespace(kubeconfig, "from-context");
    assertEquals("default", ConnectionOptions.of(plain, null, null).namespace());
    assertEquals("from-context", ConnectionOptions.of(withNs, null, null).namespace());
    assertEquals("from-flag", ConnectionOptions.of(withNs, null, "from-flag").namespace());
    // the object's own namespace comes before the context's
    assertEquals("own", ConnectionOptions.of(withNs, null, null).namespaceFor("own"));
    assertEquals("from-context", ConnectionOptions.of(withNs, null, null).namespaceFor(null));
    assertEquals("same", ConnectionOptions.of(withNs, null, "same").namespaceFor("same"));
  }

  @Test
  void aFlagThatContradictsTheObjectIsRefusedAsKubectlDoes() {
    StepException e = assertThrows(StepException.class,
        () -> ConnectionOptions.of(Kubeconfigs.write(kubeconfig), null, "b").namespaceFor("a"));
    assertEquals(ExitCode.INVALID_INPUT, e.code());
    assertTrue(e.getMessage().startsWith("the namespace from the provided object \"a\" does not match the namespace \"b\""));
  }

  @Test
  void anUnknownContextOrMissingFileIsAnInputError() {
    StepException ctx = assertThrows(StepException.class,
        () -> ConnectionOptions.of(Kubeconfigs.write(kubeconfig), "nope", null).config());
    assertEquals("context \"nope\" does not exist in the kubeconfig", ctx.getMessage());
    StepException file = assertThrows(StepException.class,
        () -> ConnectionOptions.of(Path.of("/no/such/kubeconfig"), null, null).config());
    assertEquals(ExitCode.INVALID_INPUT, file.code());
    assertEquals("--kubeconfig /no/such/kubeconfig: no such file", file.getMessage());
  }

  /** The kubeconfig with its certificate authority replaced by {@code pem}. */
  private static Path withCa(String pem) {
    String data = java.util.Base64.getEncoder().encodeToString(pem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String out = kubeconfig.replaceFirst("(?m)^(\\s*)certificate-authority(-data)?: \\S+$",
        "$1certificate-authority-data: " + data);
    if (out.equals(kubeconfig)) throw new IllegalStateException("no certificate authority in:\n" + kubeconfig);
    return Kubeconfigs.write(out);
  }

  /** The test API server's CA, as PEM. */
  private static String serverCa() throws java.io.IOException {
    io.fabric8.kubernetes.client.Config c = io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig);
    return c.getCaCertData() != null
        ? new String(java.util.Base64.getDecoder().decode(c.getCaCertData()), java.nio.charset.StandardCharsets.UTF_8)
        : java.nio.file.Files.readString(Path.of(c.getCaCertFile()));
  }

  @Test
  void trustsTheNamedCertificateAuthorityAndNoOtherAsKubectlDoes() throws Exception {
    String other = new String(getClass().getResourceAsStream("/tls/other-ca.pem").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    // another CA only: the server's certificate is not trusted, whatever the JVM's roots are
    try (KubernetesClient c = ConnectionOptions.of(withCa(other), null, null).client()) {
      Exception e = assertThrows(Exception.class, () -> c.getApiResources("v1"));
      String text = kubesteps.core.error.ErrorText.oneLine(e);
      assertTrue(text.startsWith("error: TLS handshake with the API server at https://127.0.0.1:"), text);
      assertTrue(text.contains("failed: certificate signed by unknown authority"), text);
    }
    assertEquals(null, System.getProperty("javax.net.ssl.trustStore"), "the trust store property is restored");
    // a bundle holding the right CA among others: trusted
    try (KubernetesClient c = ConnectionOptions.of(withCa(other + serverCa()), null, null).client()) {
      assertNotNull(c.getApiResources("v1"));
    }
  }
}
