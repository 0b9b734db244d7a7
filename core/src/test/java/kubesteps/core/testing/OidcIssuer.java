package kubesteps.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenID Connect issuer on loopback (plain HTTP), as kubectl's {@code auth-provider: oidc} uses one: the discovery
 * document ({@code /.well-known/openid-configuration}) names the token endpoint ({@code /token}), which answers a
 * {@code grant_type=refresh_token} POST for {@link #REFRESH_TOKEN} with {@link #FRESH_ID_TOKEN} (which the test API
 * server accepts: it is in {@code auth/tokens.csv} for {@code oidc-user}) and the new refresh token
 * {@link #NEXT_REFRESH_TOKEN}. Every request is recorded.
 */
public final class OidcIssuer implements AutoCloseable {
  /** A JWT whose {@code exp} is in 2100; in {@code auth/tokens.csv} as {@code oidc-user}. */
  public static final String FRESH_ID_TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5rdWJl"
      + "LXN0ZXBzLnRlc3QiLCJzdWIiOiJvaWRjLXVzZXIiLCJhdWQiOiJrdWJlLXN0ZXBzLXRlc3QiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6NDEwMj"
      + "Q0NDgwMH0.ZnJlc2gtaWQtdG9rZW4tc2lnbmF0dXJl";
  /** A JWT that expired in 2001 (not in tokens.csv: the server refuses it). */
  public static final String EXPIRED_ID_TOKEN = jwt("{\"iss\":\"https://issuer.kube-steps.test\",\"sub\":\"oidc-user\","
      + "\"aud\":\"kube-steps-test\",\"iat\":999990000,\"exp\":1000000000}", "expired-id-token-signature");
  public static final String REFRESH_TOKEN = "oidc-refresh-token-1";
  public static final String NEXT_REFRESH_TOKEN = "oidc-refresh-token-2";
  public static final String CLIENT_ID = "kube-steps-test";
  public static final String CLIENT_SECRET = "oidc-client-secret-0123456789";

  /** One request to the issuer: method, path, the form fields of a POST, the Authorization header. */
  public record Request(String method, String path, Map<String, String> form, String authorization) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  public OidcIssuer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}, the {@code idp-issuer-url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The token endpoint's refresh requests so far. */
  public List<Request> refreshes() {
    return requests.stream().filter(r -> r.path().equals("/token")).toList();
  }

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> form = new LinkedHashMap<>();
    if (!body.isEmpty()) {
      for (String kv : body.split("&")) {
        int eq = kv.indexOf('=');
        if (eq < 0) continue;
        form.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String path = x.getRequestURI().getPath();
    requests.add(new Request(x.getRequestMethod(), path, form, x.getRequestHeaders().getFirst("Authorization")));
    switch (path) {
      case "/.well-known/openid-configuration" -> answer(x, 200, """
          {"issuer":"%1$s","authorization_endpoint":"%1$s/auth","token_endpoint":"%1$s/token","jwks_uri":"%1$s/keys",
           "response_types_supported":["code","id_token"],"subject_types_supported":["public"],
           "id_token_signing_alg_values_supported":["RS256"]}""".formatted(url()));
      case "/token" -> {
        if ("POST".equals(x.getRequestMethod()) && "refresh_token".equals(form.get("grant_type"))
            && REFRESH_TOKEN.equals(form.get("refresh_token"))) {
          answer(x, 200, """
              {"access_token":"oidc-access-token-unused","token_type":"Bearer","expires_in":3600,
               "refresh_token":"%s","id_token":"%s"}""".formatted(NEXT_REFRESH_TOKEN, FRESH_ID_TOKEN));
        } else {
          answer(x, 400, "{\"error\":\"invalid_grant\"}");
        }
      }
      default -> answer(x, 404, "{\"error\":\"not_found\"}");
    }
  }

  private static void answer(HttpExchange x, int code, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(code, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  /** A JWT-shaped token (header, payload, signature; the signature not a real one). */
  public static String jwt(String payloadJson, String signature) {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    return e.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + e.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
        + e.encodeToString(signature.getBytes(StandardCharsets.UTF_8));
  }

  /** The kubeconfig user's {@code auth-provider: oidc} block with {@code idToken}, the refresh token and this issuer. */
  public String userYaml(String idToken) {
    return userYaml(url(), idToken);
  }

  public static String userYaml(String issuerUrl, String idToken) {
    return """
        auth-provider:
          name: oidc
          config:
            client-id: %s
            client-secret: %s
            id-token: %s
            refresh-token: %s
            idp-issuer-url: %s""".formatted(CLIENT_ID, CLIENT_SECRET, idToken, REFRESH_TOKEN, issuerUrl);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
