package kubesteps.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorTextTest {
  static KubernetesClientException server(int code, String reason, String message) {
    Status s = new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build();
    return new KubernetesClientException(s);
  }

  @ParameterizedTest
  @CsvSource({
      "404, NotFound, NOT_FOUND", "403, Forbidden, API_ERROR", "401, Unauthorized, API_ERROR",
      "409, Conflict, API_ERROR", "409, AlreadyExists, API_ERROR", "422, Invalid, INVALID_INPUT",
      "400, BadRequest, INVALID_INPUT", "429, TooManyRequests, API_ERROR", "500, InternalError, API_ERROR",
      "503, ServiceUnavailable, API_ERROR"})
  void serverErrorsMapToTheTable(int code, String reason, ExitCode expected) {
    assertEquals(expected, ErrorText.exitCode(server(code, reason, "m")));
  }

  @Test
  void serverErrorsReadAsKubectlPrintsThem() {
    KubernetesClientException e = server(403, "Forbidden", "configmaps \"x\" is forbidden: User \"system:serviceaccount:"
        + "ci:runner\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"ci\"");
    assertEquals("Error from server (Forbidden): configmaps \"x\" is forbidden: User \"system:serviceaccount:ci:runner\""
        + " cannot get resource \"configmaps\" in API group \"\" in the namespace \"ci\"", ErrorText.oneLine(e));
  }

  @Test
  void aStatusWithoutReasonGetsOneFromTheCode() {
    KubernetesClientException e = new KubernetesClientException("Failure executing: GET", 404, null);
    assertEquals("Error from server (NotFound): Failure executing: GET", ErrorText.oneLine(e));
  }

  @Test
  void connectionFailuresAreApiErrorsInOneLine() {
    KubernetesClientException e = new KubernetesClientException("An error has occurred.",
        new ConnectException("Connection refused"));
    assertEquals(ExitCode.API_ERROR, ErrorText.exitCode(e));
    ErrorText.server(null);
    assertEquals("error: cannot connect to the API server: Connection refused", ErrorText.oneLine(e));
    KubernetesClientException jdk = new KubernetesClientException("An error has occurred.",
        new java.io.IOException(null, new ConnectException(null)));
    ErrorText.server("https://127.0.0.1:1/");
    assertEquals("error: cannot connect to the API server at https://127.0.0.1:1/: connection refused",
        ErrorText.oneLine(jdk));
    ErrorText.server(null);
  }

  @Test
  void stepExceptionsKeepTheirCodeThroughWrappers() {
    StepException s = new StepException(ExitCode.TIMEOUT, "timed out after 5s waiting for jobs/pi");
    assertEquals(ExitCode.TIMEOUT, ErrorText.exitCode(new CompletionException(s)));
    assertEquals("error: timed out after 5s waiting for jobs/pi", ErrorText.oneLine(new CompletionException(s)));
  }

  @Test
  void timeoutsAndUnknownFailures() {
    assertEquals(ExitCode.TIMEOUT, ErrorText.exitCode(new TimeoutException()));
    assertEquals(ExitCode.INTERNAL, ErrorText.exitCode(new NullPointerException("x")));
    assertEquals("error: java.lang.IllegalStateException", ErrorText.oneLine(new IllegalStateException()));
    assertEquals("error: first", ErrorText.oneLine(new IllegalStateException("first\nsecond")));
  }
}
