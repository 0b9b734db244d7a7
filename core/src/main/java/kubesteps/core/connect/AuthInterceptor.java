package kubesteps.core.connect;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Puts who a request runs as on every request of fabric8's HTTP clients (plain requests, the whole client's, watches
 * and the clients derived from them): the {@link Credentials}' {@code Authorization} header, impersonation headers,
 * and, when the server answers 401, the credential got again and the request sent once more (client-go's bearer and
 * exec round trippers). It takes the place of fabric8's own token interceptor, so fabric8 never authenticates by
 * itself (its kubeconfig handling would run exec plugins through a shell and go anonymous when they fail).
 */
final class AuthInterceptor implements Interceptor {
  /** fabric8's name for its token interceptor, which this one replaces. */
  static final String NAME = "TOKEN";
  static final String AUTHORIZATION = "Authorization";

  private final Credentials credentials;
  private final Impersonation impersonation;

  AuthInterceptor(Credentials credentials, Impersonation impersonation) {
    this.credentials = credentials;
    this.impersonation = impersonation;
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String value = credentials.authorization();
    if (value != null) builder.setHeader(AUTHORIZATION, value);
    impersonation.headers().forEach((name, values) -> {
      for (String v : values) builder.header(name, v);
    });
  }

  @Override
  public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
    if (response.code() != 401) return CompletableFuture.completedFuture(false);
    String used = response.request() == null ? null : response.request().header(AUTHORIZATION);
    if (used == null || !credentials.refreshAfterUnauthorized(used)) return CompletableFuture.completedFuture(false);
    String value = credentials.authorization();
    if (value == null || value.equals(used)) return CompletableFuture.completedFuture(false);
    builder.setHeader(AUTHORIZATION, value);
    return CompletableFuture.completedFuture(true);
  }

  /** client-go's {@code rest.ImpersonationConfig}: the kubeconfig's as, as-uid, as-groups, as-user-extra, or flags. */
  record Impersonation(String user, String uid, List<String> groups, Map<String, List<String>> extra) {
    static final Impersonation NONE = new Impersonation(null, null, List.of(), Map.of());

    Impersonation {
      groups = groups == null ? List.of() : List.copyOf(groups);
      extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    boolean any() {
      return user != null && !user.isEmpty();
    }

    Map<String, List<String>> headers() {
      if (!any()) return Map.of();
      Map<String, List<String>> h = new java.util.LinkedHashMap<>();
      h.put("Impersonate-User", List.of(user));
      if (uid != null && !uid.isEmpty()) h.put("Impersonate-Uid", List.of(uid));
      if (!groups.isEmpty()) h.put("Impersonate-Group", groups);
      extra.forEach((k, v) -> h.put("Impersonate-Extra-" + URLEncoder.encode(k, StandardCharsets.UTF_8), v));
      return h;
    }
  }
}
