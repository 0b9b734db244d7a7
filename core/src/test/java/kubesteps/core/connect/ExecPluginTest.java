package kubesteps.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credential plugins run as client-go runs them; real processes (shell scripts the test writes). */
class ExecPluginTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A plugin that records its argv, KUBERNETES_EXEC_INFO and env in files, counts its runs and prints a token. */
  private Path plugin(String status) throws Exception {
    Path p = dir.resolve("plugin");
    Files.writeString(p, """
        #!/bin/sh
        printf '%%s\\n' "$@" > "$(dirname "$0")/argv"
        printf '%%s' "$KUBERNETES_EXEC_INFO" > "$(dirname "$0")/info"
        printf '%%s' "$FROM_CONFIG $FROM_PROCESS" > "$(dirname "$0")/env"
        echo run >> "$(dirname "$0")/runs"
        n=$(wc -l < "$(dirname "$0")/runs")
        printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":%s}' "%s"
        """.formatted("%s", status.replace("\"", "\\\"")));
    p.toFile().setExecutable(true);
    return p;
  }

  private int runs() throws Exception {
    return Files.readAllLines(dir.resolve("runs")).size();
  }

  private ExecPlugin exec(Path command, Clock clock, boolean provideClusterInfo, String hint) {
    var spec = new ExecPlugin.Spec(ExecPlugin.V1, command.toString(), List.of("$HOME", "*", "two words"),
        Map.of("FROM_CONFIG", "config"), hint, provideClusterInfo, "Never");
    return new ExecPlugin(spec, Map.of("server", "https://api.example:6443"),
        new ExecPlugin.Process(Map.of("FROM_PROCESS", "process", "PATH", "/usr/bin:/bin"), false,
            new PrintStream(err, true)), clock);
  }

  @Test
  void argvAsWrittenEnvMergedAndExecInfoSet() throws Exception {
    ExecPlugin e = exec(plugin("{\"token\":\"tok-$n\"}"), Clock.systemUTC(), true, null);
    assertEquals("Bearer tok-1", e.authorization());
    assertEquals(List.of("$HOME", "*", "two words"), Files.readAllLines(dir.resolve("argv")), "no shell");
    assertEquals("config process", Files.readString(dir.resolve("env")));
    assertEquals("{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"spec\":{"
        + "\"cluster\":{\"server\":\"https://api.example:6443\"},\"interactive\":false}}",
        Files.readString(dir.resolve("info")));
    assertEquals("Bearer tok-1", e.authorization(), "kept: no expirationTimestamp");
    assertEquals(1, runs());
  }

  @Test
  void theClusterOnlyWhenProvideClusterInfo() throws Exception {
    exec(plugin("{\"token\":\"t\"}"), Clock.systemUTC(), false, null).authorization();
    assertFalse(Files.readString(dir.resolve("info")).contains("cluster"));
  }

  @Test
  void keptUntilItsExpirationThenFetchedAgain() throws Exception {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    MutableClock clock = new MutableClock(now);
    ExecPlugin e = exec(plugin("{\"token\":\"tok-$n\",\"expirationTimestamp\":\"2026-12-06T12:05:00Z\"}"), clock,
        false, null);
    assertEquals("Bearer tok-1", e.authorization());
    clock.now = now.plus(Duration.ofMinutes(4));
    assertEquals("Bearer tok-1", e.authorization());
    clock.now = now.plus(Duration.ofMinutes(5));
    assertEquals("Bearer tok-2", e.authorization(), "expired: the plugin runs again");
    assertEquals(2, runs());
  }

  @Test
  void fetchedAgainAfterA401OnceForConcurrentRequests() throws Exception {
    ExecPlugin e = exec(plugin("{\"token\":\"tok-$n\"}"), Clock.systemUTC(), false, null);
    String used = e.authorization();
    assertTrue(e.refreshAfterUnauthorized(used));
    assertEquals("Bearer tok-2", e.authorization());
    assertTrue(e.refreshAfterUnauthorized(used), "another request with the old token: the new one is there");
    assertEquals(2, runs(), "not run a third time");
  }

  @Test
  void failuresAreOneLineInKubectlsWords() throws Exception {
    Path failing = dir.resolve("failing");
    Files.writeString(failing, "#!/bin/sh\necho 'cannot find profile' >&2\nexit 3\n");
    failing.toFile().setExecutable(true);
    StepException f = assertThrows(StepException.class, () -> exec(failing, Clock.systemUTC(), false, null)
        .authorization());
    assertEquals(ExitCode.API_ERROR, f.code());
    assertEquals("getting credentials: exec: executable " + failing + " failed with exit code 3", f.getMessage());
    assertEquals("cannot find profile\n", err.toString(), "its stderr passed through");

    StepException missing = assertThrows(StepException.class, () -> exec(dir.resolve("no-such-plugin"),
        Clock.systemUTC(), false, "install it:\n  \u001B[1mbrew install x\u001B[0m\n").authorization());
    assertEquals("getting credentials: exec: executable " + dir.resolve("no-such-plugin") + " not found (install it:"
        + " brew install x)", missing.getMessage());
  }

  @Test
  void answersClientGoRefusesAreRefused() throws Exception {
    Path wrong = dir.resolve("wrong");
    Files.writeString(wrong, "#!/bin/sh\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
        + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"secret-token\"}}'\n");
    wrong.toFile().setExecutable(true);
    StepException w = assertThrows(StepException.class, () -> exec(wrong, Clock.systemUTC(), false, null)
        .authorization());
    assertEquals("getting credentials: exec plugin is configured to use API version client.authentication.k8s.io/v1,"
        + " plugin returned version client.authentication.k8s.io/v1beta1", w.getMessage());
    assertFalse(w.getMessage().contains("secret-token"));
    assertEquals("getting credentials: exec plugin didn't return a token or cert/key pair",
        assertThrows(StepException.class, () -> exec(plugin("{}"), Clock.systemUTC(), false, null).authorization())
            .getMessage());
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
