package kubesteps.core.connect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;

/**
 * Who the requests run as: the value of the {@code Authorization} header each request carries (client-go's
 * {@code rest.Config} credentials and the transport's round trippers that add them). Every request path (plain
 * requests, the whole client, watches) takes it from here, through {@link AuthInterceptor}.
 *
 * <p>A failure to get a credential (a plugin that fails, an issuer that cannot be reached) is a
 * {@link StepException} with exit code 5 and one line in kubectl's words; no credential is ever in its text.
 */
public interface Credentials {
  /** The {@code Authorization} header of the next request, or null to send none. */
  String authorization();

  /**
   * The server answered 401 to a request sent with {@code used}: true when a new credential is there (re-read,
   * fetched again), so that the request is worth sending once more.
   */
  default boolean refreshAfterUnauthorized(String used) {
    return false;
  }

  /** How the credential is got, for messages and logs: never the credential itself. */
  String describe();

  /** No credential (a client certificate alone, or anonymous). */
  Credentials NONE = new Fixed(null, "none");


  /**
   * A bearer token given as such (the kubeconfig's {@code token}, {@code --token}): as written, so a line break in it
   * fails as it fails in kubectl (a file's trailing newline is trimmed: {@link TokenFile}).
   */
  static Credentials token(String token, String where) {
    return new Fixed("Bearer " + checkedToken(token, token, where), "token (" + where + ")");
  }

  /** HTTP basic authentication (the kubeconfig's {@code username} and {@code password}). */
  static Credentials basic(String username, String password) {
    return new Fixed("Basic " + Base64.getEncoder().encodeToString(
        (username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8)), "basic authentication");
  }

  /** A credential that never changes: the header's value, and how it was given. */
  record Fixed(String authorization, String describe) implements Credentials {
    @Override
    public String toString() {
      return "Credentials.Fixed[" + describe + "]"; // never the value
    }
  }

  /**
   * A token as a header can carry it: surrounding white space dropped (a file's trailing newline, as kubectl trims it),
   * refused with a line that names where it came from, never the token, when a control character is left inside.
   */
  static String checkedToken(String token, String where) {
    return checkedToken(token, token.strip(), where);
  }

  /** {@code t} (the token, trimmed or not) refused when it holds a control character; {@code token} is never shown. */
  private static String checkedToken(String token, String t, String where) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new StepException(ExitCode.API_ERROR, "the bearer token from " + where
            + " holds a line break or another control character (not shown)");
      }
    }
    return t;
  }
}
