package kubesteps.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The one-node cluster of {@code scripts/local-cluster.sh}: started for the suite when it is not up yet (and then
 * stopped after it), reused as it is when it is. What the script prints on stderr goes to
 * {@code target/local-cluster.log} and, when a step fails, to the test's output.
 */
final class LocalNode implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("kubesteps.root", "..")).toAbsolutePath().normalize();
  static final String VERSION = System.getProperty("kubesteps.version", "0.1.0-SNAPSHOT");
  static final Path SCRIPT = ROOT.resolve("scripts/local-cluster.sh");
  static final Path LOG = ROOT.resolve("e2e/target/local-cluster.log");

  final Path kubeconfig;
  private final boolean startedHere;

  private LocalNode(Path kubeconfig, boolean startedHere) {
    this.kubeconfig = kubeconfig;
    this.startedHere = startedHere;
  }

  /**
   * Skips (or, under {@code CI=true}, fails) when this machine cannot run the node or the images are not built;
   * else brings the node up (or finds it up) and imports the three images.
   */
  static LocalNode start() throws IOException, InterruptedException {
    String problem = problem();
    if (problem != null) {
      String message = "no local node for the e2e suite: " + problem;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError(message);
      System.err.println("e2e: skipped: " + message);
      Assumptions.abort(message);
    }
    Files.createDirectories(LOG.getParent());
    boolean up = run(List.of("status"), 30).exit == 0;
    Run r = run(List.of(up ? "import-images" : "up"), 1800);
    if (r.exit != 0) {
      String log = Files.readString(LOG);
      if (!up) run(List.of("down"), 300); // what it did start
      String message = "scripts/local-cluster.sh " + (up ? "import-images" : "up") + " failed (exit " + r.exit + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI")) || up) throw new AssertionError(message + ":\n" + log);
      // e.g. Debian's mirrors out of reach: this machine cannot run the node
      System.err.println("e2e: skipped: " + message + ":\n" + log);
      Assumptions.abort(message + " (see " + LOG + ")");
    }
    Run k = run(List.of("kubeconfig"), 30);
    if (k.exit != 0) throw new AssertionError("no kubeconfig from scripts/local-cluster.sh:\n" + Files.readString(LOG));
    return new LocalNode(Path.of(k.stdout.strip()), !up);
  }

  /** Why the node cannot run here, or null. */
  static String problem() throws IOException, InterruptedException {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return "not Linux (" + System.getProperty("os.name") + ")";
    }
    if (!Files.isExecutable(SCRIPT)) return "no " + SCRIPT;
    Run check = run(List.of("check"), 60);
    if (check.exit != 0) return check.stdout.strip();
    for (String tool : new String[] {"apply", "get", "wait"}) {
      Path tar = ROOT.resolve(tool + "-cli/target/jib-image.tar");
      if (!Files.isRegularFile(tar)) return "no " + tar + " (build the images first: ./mvnw package; -Djib.skip=true builds none)";
    }
    return null;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (!startedHere || "true".equals(System.getenv("KUBESTEPS_E2E_KEEP_NODE"))) return;
    Run r = run(List.of("down"), 300);
    if (r.exit != 0) throw new AssertionError("scripts/local-cluster.sh down failed:\n" + Files.readString(LOG));
  }

  record Run(int exit, String stdout) {}

  static Run run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(args);
    Files.createDirectories(LOG.getParent());
    Process p = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(LOG.toFile())).redirectInput(ProcessBuilder.Redirect.from(
            new java.io.File("/dev/null"))).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/local-cluster.sh " + args + " did not finish in " + timeoutSeconds + " s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
