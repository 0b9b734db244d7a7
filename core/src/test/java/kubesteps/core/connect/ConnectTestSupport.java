package kubesteps.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kubesteps.core.cli.ConnectionOptions;
import kubesteps.core.cli.Environment;
import kubesteps.core.cli.Session;
import kubesteps.core.error.ErrorText;
import kubesteps.core.error.ExitCode;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.testing.AuditLog;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.Kubectl;
import kubesteps.core.testing.SystemStreams;
import kubesteps.core.time.Deadline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * What the connection matrix's tests share: the options parsed as a user types them (a small picocli command with
 * the tools' {@link ConnectionOptions} mixin), a session opened from them, a read, a write and a watch through it,
 * and the checks: who the server saw (its audit log), one line and the exit code on failure, no secret anywhere,
 * and kubectl's verdict on the same kubeconfig and flags.
 */
final class ConnectTestSupport {
  /** The probe command's name: the tools send {@code NAME/VERSION (os/arch) kube-steps} as user agent. */
  static final String PROBE_NAME = "connect-test";

  private ConnectTestSupport() {}

  /** The tools' connection options on a command of their own, parsed from arguments as picocli parses a tool's. */
  @Command(name = PROBE_NAME)
  static final class Probe {
    @Mixin ConnectionOptions connection;
  }

  /** The user agent the tools send, for the probe command ({@code tool} for a tool). */
  static String userAgent(String tool) {
    return ConnectCluster.userAgent(tool);
  }

  static ConnectCluster cluster() {
    return ConnectCluster.get();
  }

  /** A name no other test uses (a ConfigMap's, found again in the audit log's request URIs). */
  static String unique(String what) {
    return "m-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The environment a tool runs in: this process's variables, nothing on stdin. */
  static Environment environment() {
    return new Environment(InputStream.nullInputStream(), System.getenv(), null);
  }

  static Probe parse(String... args) {
    Probe p = new Probe();
    new CommandLine(p).parseArgs(args);
    return p;
  }

  /** A session as k8s-apply and k8s-wait open one: requests over its HTTP client, the whole client when asked for. */
  static Session open(Probe p) {
    return Session.openOnDemand(p.connection, environment(), Deadline.after(Duration.ofSeconds(60)));
  }

  /** A kubeconfig file written into {@code dir} (so relative paths in it resolve there). */
  static Path write(Path dir, String name, String yaml) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a run did: the error (null when none), and what was printed on System.out and System.err meanwhile. */
  record Attempt(Throwable error, String out, String err) {
    boolean ok() {
      return error == null;
    }

    ExitCode exit() {
      return error == null ? ExitCode.OK : ErrorText.exitCode(error);
    }

    String oneLine() {
      return error == null ? "" : ErrorText.oneLine(error);
    }

    /** Every message of the error and its causes, and what was printed. */
    String everything() {
      StringBuilder b = new StringBuilder(oneLine()).append('\n');
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        b.append(t).append('\n');
        for (Throwable s : t.getSuppressed()) b.append(s).append('\n');
      }
      return b.append(out).append('\n').append(err).toString();
    }

    @Override
    public String toString() {
      String trace = "";
      if (error != null) {
        java.io.StringWriter w = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(w));
        trace = w.toString();
      }
      return (error == null ? "ok" : "failed: " + oneLine() + " (exit " + exit().number + ")\n" + trace)
          + "--- System.out\n" + out + "--- System.err\n" + err;
    }
  }

  /** Runs {@code body} with System.out and System.err captured. */
  static Attempt capture(ThrowingRunnable body) {
    SystemStreams.Captured<Void> c = SystemStreams.capture(() -> {
      body.run();
      return null;
    });
    return new Attempt(c.error(), c.out(), c.err());
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** A ConfigMap named {@code name} in default, as JSON, labelled {@code matrix=LABEL} when a label is given. */
  static String configMap(String name, String label) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":"
        + "\"default\"" + (label == null ? "" : ",\"labels\":{\"matrix\":\"" + label + "\"}") + "},\"data\":{\"k\":\"v\"}}";
  }

  /** A write: POST of ConfigMap {@code name} (the name also in the query, so the audit log shows it). */
  static void write(Session s, String name, String label) {
    s.requests().send("POST", "api/v1/namespaces/default/configmaps?fieldManager=" + name, ApiRequests.JSON,
        ApiRequests.JSON, configMap(name, label), false);
  }

  /** A read: GET of ConfigMap {@code name}; null when there is none. */
  static String read(Session s, String name) {
    return s.requests().get("api/v1/namespaces/default/configmaps/" + name, ApiRequests.JSON, true);
  }

  /** A watch of the ConfigMaps named {@code name} (field selector), or labelled {@code matrix=LABEL}. */
  static final class Watching implements AutoCloseable {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final Watch watch;

    Watching(Session s, String name, String label) {
      var op = s.client().configMaps().inNamespace(ConnectCluster.NAMESPACE);
      var selected = label == null ? op.withField("metadata.name", name) : op.withLabel("matrix", label);
      watch = selected.watch(new Watcher<ConfigMap>() {
        @Override
        public void eventReceived(Action action, ConfigMap cm) {
          events.add(action + " " + cm.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
          events.add("CLOSED " + cause);
        }
      });
    }

    /** Waits (up to 30 s) for the event {@code "ADDED name"}; fails on any other. */
    void await(String event) throws InterruptedException {
      List<String> seen = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < end) {
        String e = events.poll(200, TimeUnit.MILLISECONDS);
        if (e == null) continue;
        if (e.equals(event)) return;
        seen.add(e);
        if (e.startsWith("CLOSED")) break;
      }
      throw new AssertionError("the watch never saw \"" + event + "\"; it saw " + seen);
    }

    @Override
    public void close() {
      watch.close();
    }
  }

  /**
   * The matrix's unit of work with one setup: the options from {@code args}, a session, a watch on {@code name},
   * a write of {@code name} (which the watch must see), a read of it; everything printed captured.
   */
  static Attempt roundTrip(String name, String... args) {
    return capture(() -> {
      Probe p = parse(args);
      try (Session s = open(p); Watching w = new Watching(s, name, null)) {
        write(s, name, null);
        String got = read(s, name);
        assertNotNull(got, "the read found no " + name);
        assertTrue(got.contains("\"name\":\"" + name + "\""), got);
        w.await("ADDED " + name);
      }
    });
  }

  /** A read alone (of {@code name}, which need not exist), everything printed captured. */
  static Attempt readOnly(String name, String... args) {
    return capture(() -> {
      Probe p = parse(args);
      try (Session s = open(p)) {
        read(s, name);
      }
    });
  }

  /** Who a request ran as: the user, and the impersonated user and groups when impersonating (else null). */
  record Identity(String user, String impersonated, List<String> impersonatedGroups) {
    static Identity of(String user) {
      return new Identity(user, null, null);
    }
  }

  /**
   * The write, the read and the watch of {@code name} each reached the server as {@code who} (the audit log's events
   * for the name), and none of its requests went out anonymous. (The user agent has tests of its own.)
   */
  static List<AuditLog.Event> assertRanAs(String name, Identity who) throws InterruptedException {
    AuditLog audit = cluster().audit();
    List<AuditLog.Event> events = new ArrayList<>();
    for (String verb : List.of("create", "get", "watch")) {
      AuditLog.Event e = audit.await(name, verb);
      events.add(e);
      assertEquals(who.user(), e.user(), verb + " ran as another user: " + e + "\n" + audit.about(name));
      assertEquals(who.impersonated(), e.impersonatedUser(), verb + ": impersonation: " + e);
      if (who.impersonatedGroups() != null) {
        assertTrue(e.impersonatedGroups().containsAll(who.impersonatedGroups()), verb + ": impersonated groups: " + e);
      }
    }
    for (AuditLog.Event e : audit.about(name)) {
      assertFalse("system:anonymous".equals(e.user()), "a request went out anonymous: " + e);
    }
    return events;
  }

  /**
   * A credential failure as the contract has it: exit 5 (API_ERROR), one line. {@code expected} is the whole line
   * when {@code exact}, else a part of it.
   */
  static void assertFailsInOneLine(Attempt a, String expected, boolean exact) {
    assertFalse(a.ok(), "expected a failure, got: " + a);
    String line = a.oneLine();
    assertFalse(line.contains("\n") || line.contains("\r"), "not one line: " + line);
    if (exact) assertEquals(expected, line, a.toString());
    else assertTrue(line.contains(expected), "\"" + expected + "\" not in: " + a);
    assertEquals(ExitCode.API_ERROR, a.exit(), a.toString());
  }

  /** None of {@code secrets} in any message of the error, nor in what was printed. */
  static void assertNoSecrets(Attempt a, String... secrets) {
    String all = a.everything();
    for (String s : secrets) {
      assertFalse(all.contains(s), "a secret (" + s.substring(0, Math.min(6, s.length())) + "...) shows: " + a);
    }
  }

  /**
   * No request about {@code name} reached the server (so none went out anonymous either): a request of the test's
   * own, made after, is in the audit log and none about the name is.
   */
  static void assertNothingReachedTheServer(String name) throws InterruptedException {
    cluster().syncAudit();
    assertEquals(List.of(), cluster().audit().about(name), "requests about " + name + " reached the server");
  }

  /**
   * kubectl 1.32, with the same kubeconfig (or a copy of its own: a plugin's state, an OIDC write-back) and flags,
   * does what the tools did: succeeds exactly when they did. Returns its result.
   */
  static Kubectl.Result assertKubectlAgrees(boolean toolsSucceeded, Path kubeconfig, List<String> flags) {
    Kubectl.Result k = Kubectl.getConfigMaps(kubeconfig, flags);
    assertEquals(toolsSucceeded, k.ok(), "kubectl " + (k.ok() ? "succeeded" : "failed") + " where the tools "
        + (toolsSucceeded ? "succeeded" : "failed") + "; " + k);
    return k;
  }
}
