package kubesteps.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetriesTest {
  static KubernetesClientException status(int code, Integer retryAfter) {
    var b = new StatusBuilder().withCode(code).withMessage("m");
    if (retryAfter != null) b.withNewDetails().withRetryAfterSeconds(retryAfter).endDetails();
    return new KubernetesClientException(b.build());
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503, 504})
  void busyServersAreRetried(int code) {
    assertTrue(Retries.isTransient(status(code, null)));
  }

  @Test
  void aRequestThatMustNotActTwiceIsRetriedOnlyWhereTheServerCertainlyDidNotAct() {
    assertTrue(Retries.notActed(status(429, null)));
    assertTrue(Retries.notActed(status(503, 2)), "an answer with Retry-After");
    assertTrue(Retries.notActed(new KubernetesClientException("x", new ConnectException("Connection refused"))));
    assertTrue(Retries.notActed(new KubernetesClientException("x",
        new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake"))));
    for (int code : new int[] {500, 502, 503, 504}) assertFalse(Retries.notActed(status(code, null)), "" + code);
    assertFalse(Retries.notActed(new KubernetesClientException("x", new SocketException("Connection reset"))));
    assertFalse(Retries.notActed(new KubernetesClientException("x", new java.io.EOFException("EOF reached"))));
    AtomicInteger tries = new AtomicInteger();
    assertThrows(KubernetesClientException.class, () -> Retries.callOnce(kubesteps.core.time.Deadline.NONE, () -> {
      tries.incrementAndGet();
      throw new KubernetesClientException("x", new SocketException("Connection reset"));
    }));
    assertEquals(1, tries.get(), "a reset after sending: not sent again");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 422})
  void answersAreNotRetried(int code) {
    assertFalse(Retries.isTransient(status(code, null)));
  }

  @Test
  void refusedAndResetConnectionsAreRetried() {
    assertTrue(Retries.isTransient(new KubernetesClientException("x", new ConnectException("Connection refused"))));
    assertTrue(Retries.isTransient(new KubernetesClientException("x", new SocketException("Connection reset"))));
    assertTrue(Retries.isTransient(new KubernetesClientException("x",
        new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake"))));
    assertFalse(Retries.isTransient(new KubernetesClientException("x",
        new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))));
    assertFalse(Retries.isTransient(new IllegalStateException("bug")));
  }

  @Test
  void retriesUntilItWorks() {
    AtomicInteger calls = new AtomicInteger();
    String r = Retries.call(Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMillis(5), () -> {
      if (calls.incrementAndGet() < 3) throw status(503, null);
      return "ok";
    });
    assertEquals("ok", r);
    assertEquals(3, calls.get());
  }

  @Test
  void aPermanentErrorFailsAtOnceAsItWas() {
    AtomicInteger calls = new AtomicInteger();
    KubernetesClientException forbidden = status(403, null);
    KubernetesClientException thrown = assertThrows(KubernetesClientException.class,
        () -> Retries.call(Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofMillis(5), () -> {
          calls.incrementAndGet();
          throw forbidden;
        }));
    assertSame(forbidden, thrown);
    assertEquals(1, calls.get());
  }

  @Test
  void aBudgetBelowTheFirstDelayStillRuns() {
    // near a command's deadline (k8s-wait --timeout 1s, then --delete-on): was "maxDuration must be > the delay"
    assertEquals("ok", Retries.call(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5), () -> "ok"));
    assertEquals("ok", Retries.call(Duration.ofNanos(1), Duration.ofMillis(200), Duration.ofSeconds(5), () -> "ok"));
    AtomicInteger calls = new AtomicInteger();
    assertThrows(KubernetesClientException.class,
        () -> Retries.call(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5), () -> {
          calls.incrementAndGet();
          throw status(503, null);
        }));
    assertTrue(calls.get() >= 1);
  }

  @Test
  void givesUpWithTheLastErrorWhenTheBudgetIsSpent() {
    AtomicInteger calls = new AtomicInteger();
    KubernetesClientException thrown = assertThrows(KubernetesClientException.class,
        () -> Retries.call(Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(20), () -> {
          calls.incrementAndGet();
          throw status(503, null);
        }));
    assertEquals(503, thrown.getCode());
    assertTrue(calls.get() > 1, "retried " + calls.get());
  }

  @Test
  void withoutADeadlineTheGivenBudgetBoundsTheRetries() {
    AtomicInteger calls = new AtomicInteger();
    assertThrows(KubernetesClientException.class,
        () -> Retries.call(kubesteps.core.time.Deadline.NONE, Duration.ofMillis(300), () -> {
          calls.incrementAndGet();
          throw new KubernetesClientException("x", new ConnectException("Connection refused"));
        }));
    assertTrue(calls.get() > 1, "retried " + calls.get());
  }

  @Test
  void honoursRetryAfter() {
    assertEquals(Duration.ofSeconds(2), Retries.retryAfter(status(429, 2)));
    assertNull(Retries.retryAfter(status(429, null)));
    assertNull(Retries.retryAfter(new ConnectException("refused")));
  }
}
