package kubesteps.core.error;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import picocli.CommandLine.ParameterException;

/** The one place that turns any error into an exit code and one line of text a person can act on. */
public final class ErrorText {
  private ErrorText() {}

  /** The exit code of an error, from the one table. */
  public static ExitCode exitCode(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof StepException s) return s.code();
    if (e instanceof ParameterException) return ExitCode.INVALID_INPUT;
    if (e instanceof KubernetesClientTimeoutException || e instanceof TimeoutException) return ExitCode.TIMEOUT;
    if (e instanceof KubernetesClientException k) {
      int code = k.getCode();
      if (code == 404) return ExitCode.NOT_FOUND;
      if (code == 400 || code == 422) return ExitCode.INVALID_INPUT;
      if (code > 0) return ExitCode.API_ERROR;
      return ioCause(e) != null ? ExitCode.API_ERROR : ExitCode.INTERNAL;
    }
    if (ioCause(e) != null) return ExitCode.API_ERROR;
    if (e instanceof InterruptedException) return ExitCode.INTERRUPTED;
    return ExitCode.INTERNAL;
  }

  /** One line, without a trailing newline, in kubectl's words where kubectl has them; never a credential. */
  public static String oneLine(Throwable t) {
    return redact(text(t));
  }

  private static final java.util.regex.Pattern CREDENTIAL =
      java.util.regex.Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[^\\s\"',;]+");

  /**
   * The text with whatever follows "Bearer" or "Basic" replaced: a library's message may quote an Authorization
   * header (the JDK's "invalid header value" does), and no credential is ever printed.
   */
  public static String redact(String text) {
    return text == null ? null : CREDENTIAL.matcher(text).replaceAll("$1$2<redacted>");
  }

  private static String text(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof StepException || e instanceof ParameterException) return "error: " + e.getMessage();
    if (e instanceof KubernetesClientException k && k.getCode() > 0) return serverError(k);
    IOException io = ioCause(e);
    if (io != null) return "error: " + ioText(io);
    if (e instanceof KubernetesClientTimeoutException || e instanceof TimeoutException) {
      return "error: timed out" + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    String m = e.getMessage();
    return "error: " + (m == null || m.isBlank() ? e.getClass().getName() : firstLine(m));
  }

  /** kubectl: {@code Error from server (NotFound): configmaps "x" not found}. */
  static String serverError(KubernetesClientException k) {
    Status s = k.getStatus();
    String reason = s != null && s.getReason() != null && !s.getReason().isBlank() ? s.getReason() : reasonOf(k.getCode());
    String message = s != null && s.getMessage() != null && !s.getMessage().isBlank() ? s.getMessage() : k.getMessage();
    return "Error from server (" + reason + "): " + firstLine(message);
  }

  static String reasonOf(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 500 -> "InternalError";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> "HTTP " + code;
    };
  }

  private static String ioText(IOException io) {
    String server = ErrorText.server == null ? "the API server" : "the API server at " + ErrorText.server;
    for (Throwable c = io; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage() == null || c.getMessage().isBlank() ? null : firstLine(c.getMessage());
      if (c instanceof ConnectException) return "cannot connect to " + server + ": " + (m == null ? "connection refused" : m);
      if (c instanceof UnknownHostException) return "cannot resolve the host of " + server + ": " + m;
      if (c instanceof SSLException) {
        // kubectl: "x509: certificate signed by unknown authority"
        if (m != null && m.contains("unable to find valid certification path")) {
          m = "certificate signed by unknown authority (not by the certificate authority the kubeconfig or the"
              + " pod's service account names)";
        }
        return "TLS handshake with " + server + " failed: " + m;
      }
      if (c instanceof NoSuchFileException) return "no such file: " + m;
    }
    for (Throwable c = io; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return "I/O error talking to " + server + ": " + firstLine(c.getMessage()) + " (" + c.getClass().getSimpleName() + ")";
      }
    }
    return "I/O error talking to " + server + " (" + io.getClass().getSimpleName() + ")";
  }

  private static volatile String server;

  /** The API server the command talks to, named in connection errors. */
  public static void server(String url) {
    server = url;
  }

  static IOException ioCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException io) return io;
      if (c instanceof UncheckedIOException u) return u.getCause();
      if (c.getCause() == c) break;
    }
    return null;
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    // fabric8 wraps an interrupted or failed future in a KubernetesClientException without a status
    if (e instanceof KubernetesClientException k && k.getCode() <= 0 && k.getCause() != null
        && (k.getCause() instanceof StepException || k.getCause() instanceof TimeoutException)) {
      return k.getCause();
    }
    return e;
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }
}
