package kubesteps.core.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.status.Trees;

/**
 * {@code auth-provider: oidc}, as client-go's {@code plugin/pkg/client/auth/oidc} does it: the {@code id-token} is the
 * bearer token; when it has expired (its JWT {@code exp}, ten seconds early) and a {@code refresh-token} is there, new
 * tokens come from the issuer's token endpoint (found in its discovery document,
 * {@code idp-issuer-url/.well-known/openid-configuration}) and are written back to the kubeconfig file that holds
 * the user, as kubectl writes them. The issuer is asked within the request timeout and named when it fails.
 */
final class OidcProvider implements Credentials {
  static final Duration EXPIRY_DELTA = Duration.ofSeconds(10);

  /** Where new tokens are kept: the kubeconfig's auth-provider config of this user. */
  interface Persister {
    void persist(Map<String, String> config);
  }

  private final Map<String, String> config; // guarded by this
  private final Persister persister;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;

  OidcProvider(Map<String, String> config, Persister persister, Duration timeout, Clock clock,
      javax.net.ssl.SSLContext issuerTls) {
    this.config = new LinkedHashMap<>(config);
    this.persister = persister;
    this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? Duration.ofSeconds(30) : timeout;
    this.clock = clock;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(this.timeout);
    if (issuerTls != null) b.sslContext(issuerTls);
    this.http = b.build();
  }

  @Override
  public synchronized String authorization() {
    String idToken = config.get("id-token");
    if (idToken != null && !idToken.isEmpty() && !expired(idToken)) return bearer(idToken);
    refresh();
    return bearer(config.get("id-token"));
  }

  @Override
  public synchronized boolean refreshAfterUnauthorized(String used) {
    if (!used.equals(bearer(config.get("id-token")))) return true;
    if (config.get("refresh-token") == null || config.get("refresh-token").isEmpty()) return false;
    refresh();
    return true;
  }

  @Override
  public String describe() {
    return "auth-provider oidc (" + config.getOrDefault("idp-issuer-url", "no issuer") + ")";
  }

  private static String bearer(String token) {
    return token == null ? null : "Bearer " + Credentials.checkedToken(token, "the oidc id-token");
  }

  /** Whether the JWT's {@code exp} is past (ten seconds early); a token that is no JWT counts as expired. */
  boolean expired(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) return true;
    try {
      Map<String, Object> claims = ObjectMaps.parseJson(new String(Base64.getUrlDecoder().decode(
          parts[1].replace("=", "")), StandardCharsets.UTF_8));
      Long exp = Trees.number(claims, "exp");
      return exp == null || !clock.instant().plus(EXPIRY_DELTA).isBefore(Instant.ofEpochSecond(exp));
    } catch (RuntimeException e) {
      return true;
    }
  }

  private void refresh() {
    String refreshToken = config.get("refresh-token");
    if (refreshToken == null || refreshToken.isEmpty()) {
      throw new StepException(ExitCode.API_ERROR, "the oidc id-token has expired and there is no refresh-token to"
          + " renew it: log in again (kubectl oidc-login or your provider's tool)");
    }
    String issuer = config.get("idp-issuer-url");
    if (issuer == null || issuer.isEmpty()) {
      throw new StepException(ExitCode.API_ERROR, "the oidc auth-provider has no idp-issuer-url to renew its id-token");
    }
    String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
    Map<String, Object> doc = json(send(HttpRequest.newBuilder(URI.create(discovery)).GET(), issuer), issuer,
        "its discovery document " + discovery);
    String endpoint = Trees.string(doc, "token_endpoint");
    if (endpoint == null) {
      throw new StepException(ExitCode.API_ERROR, "the oidc issuer " + issuer + " names no token_endpoint in "
          + discovery);
    }
    String clientId = config.getOrDefault("client-id", "");
    String secret = config.get("client-secret");
    String form = "grant_type=refresh_token&refresh_token=" + enc(refreshToken);
    HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(endpoint))
        .header("Content-Type", "application/x-www-form-urlencoded");
    if (secret != null && !secret.isEmpty()) {
      // OAuth 2's client authentication in a header (what golang.org/x/oauth2 tries first)
      post.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8)));
    } else {
      form += "&client_id=" + enc(clientId);
    }
    HttpResponse<String> r = send(post.POST(HttpRequest.BodyPublishers.ofString(form)), issuer);
    if (r.statusCode() != 200) {
      String error = null;
      try {
        error = Trees.string(ObjectMaps.parseJson(r.body()), "error");
      } catch (RuntimeException e) {
        // no OAuth error document
      }
      throw new StepException(ExitCode.API_ERROR, "refreshing the oidc id-token at " + endpoint + ": HTTP "
          + r.statusCode() + (error == null ? "" : " (" + error + ")"));
    }
    Map<String, Object> answer = json(r, issuer, "the answer of its token endpoint");
    String idToken = Trees.string(answer, "id_token");
    if (idToken == null || idToken.isEmpty()) {
      throw new StepException(ExitCode.API_ERROR, "token response did not contain an id_token, either the scope"
          + " \"openid\" wasn't requested upon login, or the provider doesn't support id_tokens as part of the"
          + " refresh response.");
    }
    config.put("id-token", idToken);
    String newRefresh = Trees.string(answer, "refresh_token");
    if (newRefresh != null && !newRefresh.isEmpty()) config.put("refresh-token", newRefresh);
    persister.persist(Map.copyOf(config));
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String issuer) {
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
      throw new StepException(ExitCode.API_ERROR, "cannot reach the oidc issuer " + issuer + " to renew the id-token: "
          + m.lines().findFirst().orElse(m), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepException(ExitCode.INTERRUPTED, "interrupted while renewing the oidc id-token at " + issuer);
    }
  }

  private static Map<String, Object> json(HttpResponse<String> r, String issuer, String what) {
    if (r.statusCode() != 200) {
      throw new StepException(ExitCode.API_ERROR, "the oidc issuer " + issuer + " answered HTTP " + r.statusCode()
          + " for " + what);
    }
    try {
      return ObjectMaps.parseJson(r.body());
    } catch (RuntimeException e) {
      throw new StepException(ExitCode.API_ERROR, "the oidc issuer " + issuer + " sent no JSON as " + what);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
