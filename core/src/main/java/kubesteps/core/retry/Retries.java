package kubesteps.core.retry;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.time.Deadline;

/**
 * What is retried and for how long, in one place. Transient API failures (connection refused or reset, 429, 500, 502,
 * 503, 504) are retried with exponential backoff and jitter, honouring the server's Retry-After, until the command's
 * deadline, or {@link #DEFAULT_BUDGET} where the command has none. Everything else fails at once.
 * <p>
 * By request kind, as client-go: reads (GET, LIST; a watch's list again) and server-side apply's PATCH are
 * idempotent and retried so. A POST or DELETE whose first try may have landed (its answer lost: a reset, a 500) is
 * sent again only where the caller can tell whether the server acted: k8s-apply's create looks first for the object
 * by name or, for generateName, by the request annotation it put on it; a DELETE answered 404 on the retry is done
 * (fabric8's delete returns no details then); a PUT carries the resourceVersion it replaces, read again before each
 * try. A SelfSubjectAccessReview's POST stores nothing. Every other POST or DELETE would go through
 * {@link #callOnce}.
 * fabric8's own per-request retry is switched off (see ConnectionOptions) so the two do not multiply.
 */
public final class Retries {
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);
  static final Duration FIRST_DELAY = Duration.ofMillis(200);
  static final Duration MAX_DELAY = Duration.ofSeconds(5);

  private Retries() {}

  /** Runs {@code op}, retrying transient failures until {@code deadline}; rethrows the last failure as it was. */
  public static <T> T call(Deadline deadline, CheckedSupplier<T> op) {
    return call(deadline, DEFAULT_BUDGET, op);
  }

  /** As {@link #call(Deadline, CheckedSupplier)}, with {@code unbounded} as the budget where the deadline has none. */
  public static <T> T call(Deadline deadline, Duration unbounded, CheckedSupplier<T> op) {
    Duration budget = deadline.bounded() ? deadline.remaining() : unbounded;
    return call(budget, FIRST_DELAY, MAX_DELAY, op);
  }

  /**
   * As {@link #call(Deadline, Duration, CheckedSupplier)}, the tries at most {@code maxDelay} apart: for a wait,
   * which should see a restarted server soon after it is back.
   */
  public static <T> T call(Deadline deadline, Duration unbounded, Duration maxDelay, CheckedSupplier<T> op) {
    Duration budget = deadline.bounded() ? deadline.remaining() : unbounded;
    return call(budget, FIRST_DELAY.compareTo(maxDelay) < 0 ? FIRST_DELAY : maxDelay, maxDelay, op);
  }

  /**
   * For the list a wait or a watch makes (again): as {@link #call(Deadline, Duration, Duration, CheckedSupplier)},
   * and an answer that stalled past --request-timeout is tried again too (a GET may be sent again; the network may
   * carry again soon), so a wait outlives a stalled network as it outlives a restarted server.
   */
  public static <T> T callThroughStalls(Deadline deadline, Duration unbounded, Duration maxDelay, CheckedSupplier<T> op) {
    Duration budget = deadline.bounded() ? deadline.remaining() : unbounded;
    return call(budget, FIRST_DELAY.compareTo(maxDelay) < 0 ? FIRST_DELAY : maxDelay, maxDelay,
        t -> isTransient(t) || stalled(t), op);
  }

  /** An answer that did not come within --request-timeout. */
  static boolean stalled(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof HttpTimeoutException) return true;
    }
    return false;
  }

  static <T> T call(Duration budget, Duration first, Duration max, CheckedSupplier<T> op) {
    return call(budget, first, max, Retries::isTransient, op);
  }

  private static <T> T call(Duration budget, Duration first, Duration max,
      java.util.function.Predicate<Throwable> retried, CheckedSupplier<T> op) {
    if (budget.compareTo(Duration.ofMillis(2)) < 0) budget = Duration.ofMillis(2);
    // Failsafe refuses a budget not above the first delay: near the deadline, retry sooner instead of failing
    if (budget.compareTo(first) <= 0) first = budget.dividedBy(2);
    RetryPolicy<T> policy = RetryPolicy.<T>builder()
        .handleIf((T r, Throwable t) -> t != null && retried.test(t))
        .withBackoff(first, max)
        .withJitter(0.25)
        .withDelayFn(ctx -> {
          Duration after = retryAfter(ctx.getLastException());
          return after == null ? Duration.ofNanos(-1) : after; // negative: use the backoff
        })
        .withMaxRetries(-1)
        .withMaxDuration(budget)
        .build();
    // the deadline passing during a try (ApiRequests ends it: exit 4) after failed tries: the last failure says more
    // (the server refused the connection, answered 503...), so it is what the command ends with
    java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
    CheckedSupplier<T> tried = () -> {
      try {
        return op.get();
      } catch (StepException e) {
        if (e.code() == ExitCode.TIMEOUT && failed.get() instanceof RuntimeException r) throw r;
        throw e;
      } catch (Throwable t) {
        failed.set(t);
        throw t;
      }
    };
    try {
      return Failsafe.with(policy).get(tried);
    } catch (FailsafeException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) throw r;
      throw new KubernetesClientException(c == null ? e.getMessage() : c.getMessage(), c);
    }
  }

  /**
   * For a request that must not act twice and whose caller cannot tell whether it did: retried only where the server
   * certainly did not act (see {@link #notActed}), until {@code deadline}.
   */
  public static <T> T callOnce(Deadline deadline, CheckedSupplier<T> op) {
    Duration budget = deadline.bounded() ? deadline.remaining() : DEFAULT_BUDGET;
    return call(budget, FIRST_DELAY, MAX_DELAY, Retries::notActed, op);
  }

  /**
   * Whether the server certainly did not act on the request: it said so (429, or any answer with Retry-After: the
   * request was refused before it was handled), or the connection failed before the request was sent (refused, a
   * connect timeout, a TLS handshake ended by the far end).
   */
  public static boolean notActed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubernetesClientException k && k.getCode() > 0) {
        return k.getCode() == 429 || retryAfter(k) != null;
      }
      if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException) return true;
      if (c instanceof javax.net.ssl.SSLHandshakeException h && h.getMessage() != null
          && h.getMessage().contains("terminated the handshake")) return true;
    }
    return false;
  }

  /** Whether a failure is worth another try: the server was busy or briefly unreachable. */
  public static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubernetesClientException k) {
        int code = k.getCode();
        if (code == 429 || code == 500 || code == 502 || code == 503 || code == 504) return true;
        if (code > 0) return false;
      }
      if (c instanceof ConnectException || c instanceof HttpConnectTimeoutException) return true;
      // the connection closed under us (also during a TLS handshake): a restarting server or load balancer
      if (c instanceof java.io.EOFException) return true;
      // ... also where the JDK says so in words (a load balancer in front of an API server that is down)
      if (c instanceof javax.net.ssl.SSLHandshakeException h && h.getMessage() != null
          && h.getMessage().contains("terminated the handshake")) return true;
      if (c instanceof SocketException s && s.getMessage() != null
          && (s.getMessage().contains("reset") || s.getMessage().contains("refused"))) return true;
      if (c instanceof IOException io && io.getMessage() != null
          && (io.getMessage().contains("GOAWAY") || io.getMessage().contains("closed"))
          && !(io instanceof HttpTimeoutException)) return true;
    }
    return false;
  }

  /** The server's Retry-After (429 and 503 carry it in the Status details), or null to use the backoff. */
  static Duration retryAfter(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof KubernetesClientException k) {
        Status s = k.getStatus();
        if (s != null && s.getDetails() != null && s.getDetails().getRetryAfterSeconds() != null
            && s.getDetails().getRetryAfterSeconds() > 0) {
          return Duration.ofSeconds(s.getDetails().getRetryAfterSeconds());
        }
        return null;
      }
    }
    return null;
  }
}
