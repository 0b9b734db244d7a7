package kubesteps.core.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kubesteps.core.cli.Session;
import kubesteps.core.error.ErrorText;

/**
 * The probe in a process of its own, for what a tool takes from its process's environment and a test cannot change
 * in its own JVM ({@code HTTPS_PROXY}, {@code NO_PROXY}): for each kubeconfig given, a read of a ConfigMap (which need
 * not exist), then {@code RESULT OK} or {@code RESULT FAIL <exit> <line>} on stdout.
 */
public final class EnvironmentProbe {
  private EnvironmentProbe() {}

  public static void main(String[] args) {
    for (String kubeconfig : args) {
      try (Session s = ConnectTestSupport.open(ConnectTestSupport.parse("--kubeconfig", kubeconfig))) {
        ConnectTestSupport.read(s, "env-probe");
        System.out.println("RESULT OK");
      } catch (Throwable t) {
        System.out.println("RESULT FAIL " + ErrorText.exitCode(t).number + " " + ErrorText.oneLine(t));
      }
    }
    System.out.flush();
    Runtime.getRuntime().halt(0); // the HTTP clients' threads would keep the JVM a moment
  }

  /** One line per kubeconfig ({@code OK} or {@code FAIL <exit> <line>}) from a JVM run with {@code env} added. */
  static List<String> run(Map<String, String> env, Path... kubeconfigs) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EnvironmentProbe.class.getName()));
    for (Path k : kubeconfigs) cmd.add(k.toString());
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.equalsIgnoreCase("HTTPS_PROXY") || k.equalsIgnoreCase("HTTP_PROXY")
          || k.equalsIgnoreCase("NO_PROXY") || k.equals("KUBECONFIG"));
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the probe did not end:\n" + out);
      List<String> results = out.lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(7)).toList();
      if (results.size() != kubeconfigs.length) throw new AssertionError("the probe printed:\n" + out);
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
