package kubesteps.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real kubectl ({@code /usr/bin/kubectl}, 1.32), to hold the tools to what it does with the same kubeconfig and
 * flags. Absent, a comparison is skipped with a message, except under CI ({@code CI=true}), where that fails: the
 * convention of {@link RequiresApiServerBinaries}.
 */
public final class Kubectl {
  public static final Path BINARY = Path.of("/usr/bin/kubectl");

  private Kubectl() {}

  public record Result(int code, String out, String err) {
    public boolean ok() {
      return code == 0;
    }

    @Override
    public String toString() {
      return "kubectl exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** Whether kubectl can be run here; when not: fails under CI, else aborts the test (a skip) with the reason. */
  public static void assumeAvailable() {
    if (Files.isExecutable(BINARY)) return;
    String message = "kubectl comparison skipped: " + BINARY + " is not installed (the tools were checked, kubectl"
        + " was not run)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError(message);
    Assumptions.abort(message);
  }

  private static Path cache;

  /**
   * One discovery cache for the JVM's kubectl runs (kubectl keys it by server; discovery is the same for every
   * user here): a run then reads discovery from it instead of some twenty requests, and the server's answer to the
   * request under comparison (which needs the credential) decides.
   */
  private static synchronized Path cacheDir() throws IOException {
    // under the module's target/, as the test API servers' folders: the build's clean removes them
    if (cache == null) cache = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
        "kubectl-cache-");
    return cache;
  }

  /**
   * {@code kubectl --kubeconfig FILE ARGS...} with a discovery cache apart from the user's, the process's environment plus
   * {@code env}, nothing on stdin (not a terminal), up to 60 s.
   */
  public static Result run(Path kubeconfig, Map<String, String> env, String... args) {
    return runWithStdin(kubeconfig, env, null, args);
  }

  /** {@link #run(Path, Map, String...)} with {@code stdin} on kubectl's standard input (null: nothing). */
  public static Result runWithStdin(Path kubeconfig, Map<String, String> env, String stdin, String... args) {
    assumeAvailable();
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig=" + kubeconfig));
    try {
      cmd.add("--cache-dir=" + cacheDir());
      cmd.addAll(List.of(args));
      java.io.File input = new java.io.File("/dev/null");
      if (stdin != null) {
        Path f = Files.createTempFile(cacheDir(), "stdin-", ".txt");
        Files.writeString(f, stdin);
        input = f.toFile();
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(input));
      pb.environment().remove("KUBECONFIG");
      pb.environment().putAll(env);
      Process p = pb.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + cmd + " still running after 60 s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code kubectl get configmaps -n default -o name} with the kubeconfig and {@code flags}: a read and a list. */
  public static Result getConfigMaps(Path kubeconfig, List<String> flags) {
    List<String> args = new ArrayList<>(flags);
    args.addAll(List.of("get", "configmaps", "-n", "default", "-o", "name", "--request-timeout=20s"));
    return run(kubeconfig, Map.of(), args.toArray(String[]::new));
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
