package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * k8s-get in a JVM of its own on its runtime class path alone: target/classes and target/runtime-classpath.txt (the
 * build writes it before the tests: dependency:build-classpath, execution runtime-classpath), as its image and
 * launcher run it. get-cli/pom.xml takes fabric8's whole client, the model jars of API groups other than core, and CEL
 * to test scope: the in-process tests have them on their class path, so only a run like this shows that k8s-get never
 * needs them (a class left out is a NoClassDefFoundError, or fabric8's "An error has occurred.", and exit 1 or 70).
 */
final class OwnClassPath {
  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private OwnClassPath() {}

  /** Runs k8s-get with {@code args} in {@code dir} (its working folder and HOME), KUBECONFIG unset. */
  static Run run(Path dir, List<String> args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = start(dir, args, out, err);
    // a guard against a hang, not a measure: a run takes a second or two
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("still running after 5 minutes: " + args);
    }
    Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    assertFalse(r.err().contains("NoClassDefFoundError") || r.err().contains("ClassNotFoundException"), r.toString());
    return r;
  }

  /** Starts k8s-get with {@code args} in {@code dir} (its working folder and HOME), KUBECONFIG unset. */
  static Process start(Path dir, List<String> args, Path out, Path err) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(), "kubesteps.get.Main"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("KUBECONFIG");
    pb.environment().put("HOME", dir.toString());
    return pb.start();
  }

  static String classPath() throws IOException {
    Path file = Path.of("target", "runtime-classpath.txt");
    assertTrue(Files.isRegularFile(file), file + " is written by the build (generate-test-resources)");
    String deps = Files.readString(file).strip();
    for (String jar : deps.split(File.pathSeparator)) {
      String name = Path.of(jar).getFileName().toString();
      assertFalse(name.startsWith("kubernetes-client-8") || name.startsWith("cel-") || name.startsWith("guava-"),
          "on k8s-get's runtime class path: " + jar);
    }
    return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + deps;
  }
}
