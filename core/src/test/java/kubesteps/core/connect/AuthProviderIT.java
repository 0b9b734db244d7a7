package kubesteps.core.connect;

import static kubesteps.core.connect.ConnectTestSupport.assertFailsInOneLine;
import static kubesteps.core.connect.ConnectTestSupport.assertKubectlAgrees;
import static kubesteps.core.connect.ConnectTestSupport.assertNoSecrets;
import static kubesteps.core.connect.ConnectTestSupport.assertNothingReachedTheServer;
import static kubesteps.core.connect.ConnectTestSupport.assertRanAs;
import static kubesteps.core.connect.ConnectTestSupport.cluster;
import static kubesteps.core.connect.ConnectTestSupport.readOnly;
import static kubesteps.core.connect.ConnectTestSupport.roundTrip;
import static kubesteps.core.connect.ConnectTestSupport.unique;
import static kubesteps.core.connect.ConnectTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kubesteps.core.connect.ConnectTestSupport.Attempt;
import kubesteps.core.connect.ConnectTestSupport.Identity;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.Kubectl;
import kubesteps.core.testing.OidcIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code auth-provider} users against the real API server: {@code oidc} with an issuer the test serves on loopback
 * (discovery document, token endpoint), whose expired id-token is refreshed and written back to the kubeconfig as
 * kubectl does; an issuer that cannot be reached; a provider nobody knows and the removed {@code gcp} and
 * {@code azure}. kubectl 1.32 runs a copy of each kubeconfig (its own write-back).
 */
@ExtendWith(ConnectCluster.Shared.class)
class AuthProviderIT {
  @TempDir Path tmp;

  private Path kubeconfig(String name, String userBody) {
    return write(tmp, name, cluster().kubeconfig("", userBody));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> providerConfig(Path kubeconfig) throws IOException {
    Map<String, Object> kc = ObjectMaps.parse(Files.readString(kubeconfig));
    Map<String, Object> user = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) kc.get("users")).get(0))
        .get("user");
    return (Map<String, Object>) ((Map<String, Object>) user.get("auth-provider")).get("config");
  }

  @Test
  void anExpiredOidcIdTokenIsRefreshedAtTheIssuerAndWrittenBack() throws Exception {
    try (OidcIssuer issuer = new OidcIssuer()) {
      Path kc = kubeconfig("kubeconfig", issuer.userYaml(OidcIssuer.EXPIRED_ID_TOKEN));
      Path kcKubectl = kubeconfig("kubeconfig-kubectl", issuer.userYaml(OidcIssuer.EXPIRED_ID_TOKEN));
      String name = unique("oidc");

      Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

      assertTrue(a.ok(), a.toString());
      assertRanAs(name, Identity.of("oidc-user"));
      assertTrue(issuer.requests().stream().anyMatch(r -> r.path().equals("/.well-known/openid-configuration")),
          "the discovery document was read: " + issuer.requests());
      assertEquals(1, issuer.refreshes().size(), "one refresh for the read, the write and the watch: "
          + issuer.requests());
      OidcIssuer.Request refresh = issuer.refreshes().get(0);
      assertEquals("POST", refresh.method());
      assertEquals("refresh_token", refresh.form().get("grant_type"));
      assertEquals(OidcIssuer.REFRESH_TOKEN, refresh.form().get("refresh_token"));
      Map<String, Object> written = providerConfig(kc);
      assertEquals(OidcIssuer.FRESH_ID_TOKEN, written.get("id-token"), "the new id-token written back");
      assertEquals(OidcIssuer.NEXT_REFRESH_TOKEN, written.get("refresh-token"), "the new refresh token written back");
      assertEquals(issuer.url(), written.get("idp-issuer-url"), "the rest of the config kept");
      assertEquals(OidcIssuer.CLIENT_ID, written.get("client-id"));
      assertNoSecrets(a, OidcIssuer.FRESH_ID_TOKEN, OidcIssuer.EXPIRED_ID_TOKEN, OidcIssuer.REFRESH_TOKEN,
          OidcIssuer.NEXT_REFRESH_TOKEN, OidcIssuer.CLIENT_SECRET);

      int before = issuer.refreshes().size();
      assertKubectlAgrees(true, kcKubectl, List.of());
      assertEquals(before + 1, issuer.refreshes().size(), "kubectl refreshed too");
      assertEquals(OidcIssuer.FRESH_ID_TOKEN, providerConfig(kcKubectl).get("id-token"), "kubectl wrote back too");
    }
  }

  @Test
  void aFreshOidcIdTokenIsUsedWithoutAskingTheIssuer() throws Exception {
    try (OidcIssuer issuer = new OidcIssuer()) {
      Path kc = kubeconfig("kubeconfig", issuer.userYaml(OidcIssuer.FRESH_ID_TOKEN));
      String name = unique("oidc-fresh");

      Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

      assertTrue(a.ok(), a.toString());
      assertRanAs(name, Identity.of("oidc-user"));
      assertEquals(List.of(), issuer.refreshes(), "nothing to refresh");
      assertNoSecrets(a, OidcIssuer.FRESH_ID_TOKEN, OidcIssuer.REFRESH_TOKEN, OidcIssuer.CLIENT_SECRET);
      assertKubectlAgrees(true, kc, List.of());
    }
  }

  @Test
  void anOidcIssuerThatCannotBeReachedIsNamedInOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free, and closed again: nothing listens there
    }
    String issuerUrl = "http://127.0.0.1:" + port;
    Path kc = kubeconfig("kubeconfig", OidcIssuer.userYaml(issuerUrl, OidcIssuer.EXPIRED_ID_TOKEN));
    String name = unique("oidc-down");

    Attempt a = readOnly(name, "--kubeconfig", kc.toString(), "--request-timeout", "5s");

    assertFailsInOneLine(a, issuerUrl, false);
    assertNoSecrets(a, OidcIssuer.EXPIRED_ID_TOKEN, OidcIssuer.REFRESH_TOKEN, OidcIssuer.CLIENT_SECRET);
    assertNothingReachedTheServer(name);
    assertKubectlAgrees(false, kubeconfig("kubeconfig-kubectl",
        OidcIssuer.userYaml(issuerUrl, OidcIssuer.EXPIRED_ID_TOKEN)), List.of());
  }

  @Test
  void anAuthProviderNobodyKnowsIsOneLineInKubectlsWords() throws Exception {
    Path kc = kubeconfig("kubeconfig", """
        auth-provider:
          name: example-sso
          config: {access-token: example-sso-secret-0123456789}""");
    String name = unique("provider-unknown");

    Attempt a = readOnly(name, "--kubeconfig", kc.toString());

    assertFailsInOneLine(a, "error: no Auth Provider found for name \"example-sso\"", true);
    assertNoSecrets(a, "example-sso-secret-0123456789");
    assertNothingReachedTheServer(name);
    Kubectl.Result k = assertKubectlAgrees(false, kc, List.of());
    assertTrue(k.err().contains("no Auth Provider found for name \"example-sso\""), k.toString());
  }

  /** client-go 1.26 removed these two; kubectl 1.32 says so and sends nothing. */
  @ParameterizedTest
  @ValueSource(strings = {"gcp", "azure"})
  void aRemovedAuthProviderIsOneLineAndNothingGoesOut(String provider) throws Exception {
    Path kc = kubeconfig("kubeconfig", """
        auth-provider:
          name: %s
          config: {access-token: removed-provider-secret-0123456789, expiry: "2100-01-01T00:00:00Z"}"""
        .formatted(provider));
    String name = unique("provider-" + provider);

    Attempt a = readOnly(name, "--kubeconfig", kc.toString());

    assertFailsInOneLine(a, provider, false);
    assertNoSecrets(a, "removed-provider-secret-0123456789");
    assertNothingReachedTheServer(name);
    assertKubectlAgrees(false, kc, List.of());
  }
}
