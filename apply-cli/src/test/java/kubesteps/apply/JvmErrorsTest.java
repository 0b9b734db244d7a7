package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors of the JVM itself are errors like any other (the process as main runs it, in a JVM of its own): out of
 * memory is one line and exit 70, input nested too deeply is exit 2 naming the file; no stack trace, and the process
 * ends.
 */
class JvmErrorsTest {
  @TempDir Path tmp;

  record Ended(int code, String err) {}

  static Ended main(String maxHeap, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process did not end");
    return new Ended(p.exitValue(), err);
  }

  @Test
  void outOfMemoryIsOneLineAndExit70() throws Exception {
    Path big = tmp.resolve("big.yaml");
    try (BufferedWriter w = Files.newBufferedWriter(big)) {
      w.write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n");
      for (int i = 0; i < 400_000; i++) w.write("  k" + i + ": \"" + "x".repeat(40) + "\"\n");
    }
    Ended e = main("24m", "--dry-run=client", "-f", big.toString());
    assertEquals(70, e.code(), e.err());
    assertTrue(e.err().startsWith("error: out of memory"), e.err());
    assertEquals(1, e.err().lines().count(), e.err());
  }

  @Test
  void inputNestedTooDeeplyIsExit2NamingTheFile() throws Exception {
    Path deep = Files.writeString(tmp.resolve("deep.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n"
        + "data:\n  a: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    Ended e = main("64m", "--dry-run=client", "-f", deep.toString());
    assertEquals(2, e.code(), e.err());
    assertEquals("error: " + deep + ": nested too deeply to read (more levels than a manifest has)\n", e.err());
  }
}
