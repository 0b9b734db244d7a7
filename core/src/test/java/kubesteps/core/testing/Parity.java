package kubesteps.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The parity suites: command lines, kept in a file per tool, run through the tool (in-process) and through the real
 * kubectl against the same API server, with stdout, the first line of stderr and success compared. A line ending in
 * {@code # differs: KEY} differs on purpose: README's "Differences from kubectl" table has a row KEY saying why, and
 * the line must still differ (a stale mark fails too).
 */
public final class Parity {
  /** One line of a parity file. */
  public record Line(int number, String text, List<String> args, String differs) {}

  /** What one side printed. */
  public record Run(int code, String out, String err) {
    /**
     * The first error line on stderr ({@code error: ...}, {@code Error from server ...}): k8s-wait's progress lines
     * before it are a deliberate difference (README, row wait-progress).
     */
    String firstErr() {
      return err.lines().filter(l -> l.startsWith("error") || l.startsWith("Error")).findFirst().orElse("");
    }
  }

  /** How one side runs a line: its arguments, and what it reads on standard input (null: nothing). */
  public record Invocation(List<String> args, String stdin) {}

  /**
   * What a suite does around each line beyond running it as written (k8s-apply's: fresh objects before each side,
   * manifest files found, standard input).
   */
  public interface Hooks {
    /** Called before a side runs the line, kubectl's first: what that side runs. Default: the line as written. */
    default Invocation prepare(Line line, boolean kubectlSide) {
      return new Invocation(line.args(), null);
    }

    /** Applied to both sides' stdout and stderr's first line after {@link #normalize(String)}. Default: nothing. */
    default String normalize(String text) {
      return text;
    }
  }

  /** The lines run as written, nothing on standard input. */
  public static final Hooks AS_WRITTEN = new Hooks() {};

  private static final Pattern DIFFERS = Pattern.compile("\\s+#\\s*differs:\\s*(\\S+)\\s*$");

  /** The lines of a parity file from the class path: comments and blank lines left out. */
  public static List<Line> lines(String resource) {
    List<Line> out = new ArrayList<>();
    try (InputStream in = Parity.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no " + resource);
      List<String> all = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (int i = 0; i < all.size(); i++) {
        String t = all.get(i).strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        String differs = null;
        var m = DIFFERS.matcher(t);
        if (m.find()) {
          differs = m.group(1);
          t = t.substring(0, m.start());
        }
        out.add(new Line(i + 1, t, split(t), differs));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Splits on blanks; single or double quotes keep blanks inside one argument (no escapes). */
  static List<String> split(String line) {
    List<String> args = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean any = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        else cur.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || cur.length() > 0) args.add(cur.toString());
        cur.setLength(0);
        any = false;
      } else {
        cur.append(c);
      }
    }
    if (any || cur.length() > 0) args.add(cur.toString());
    return args;
  }

  /** kubectl with the kubeconfig (core's {@link Kubectl}: its discovery cache, nothing on stdin). */
  public static Run kubectl(Path kubeconfig, List<String> args) {
    return kubectl(kubeconfig, args, null);
  }

  /** kubectl with the kubeconfig and {@code stdin} on its standard input (null: nothing). */
  public static Run kubectl(Path kubeconfig, List<String> args, String stdin) {
    Kubectl.Result r = Kubectl.runWithStdin(kubeconfig, Map.of(), stdin, args.toArray(String[]::new));
    return new Run(r.code(), r.out(), r.err());
  }

  private static final Pattern AGE = Pattern.compile("(?<=^|\\s)(\\d+[smhdy])+(?=\\s|$)", Pattern.MULTILINE);

  /** Ages (5s, 2m14s, 3d) as AGE and runs of blanks as one: the two runs happen seconds apart. */
  public static String normalize(String text) {
    return AGE.matcher(text).replaceAll("AGE").replaceAll("[ \\t]+", " ").replaceAll(" +\\n", "\n");
  }

  /**
   * Runs every line through both and returns what went wrong, one text per line: a difference in a line not marked,
   * or a marked line that no longer differs, or a mark without its README row.
   */
  public static List<String> compare(List<Line> lines, Function<List<String>, Run> tool, Path kubeconfig,
      String kubectlVerb, String readme) {
    return compare(lines, invocation -> tool.apply(invocation.args()), kubeconfig, kubectlVerb, readme, AS_WRITTEN);
  }

  /** {@link #compare(List, Function, Path, String, String)} with {@code hooks} around each line. */
  public static List<String> compare(List<Line> lines, Function<Invocation, Run> tool, Path kubeconfig,
      String kubectlVerb, String readme, Hooks hooks) {
    List<String> problems = new ArrayList<>();
    for (Line line : lines) {
      Invocation ki = hooks.prepare(line, true);
      List<String> kargs = new ArrayList<>();
      if (kubectlVerb != null) kargs.addAll(List.of(kubectlVerb.split(" ")));
      kargs.addAll(ki.args());
      Run k = kubectl(kubeconfig, kargs, ki.stdin());
      Invocation ti = hooks.prepare(line, false);
      List<String> targs = new ArrayList<>(ti.args());
      targs.add("--kubeconfig=" + kubeconfig);
      Run t = tool.apply(new Invocation(targs, ti.stdin()));
      String diff = difference(k, t, hooks::normalize);
      String where = "line " + line.number() + ": " + line.text();
      if (line.differs() == null && diff != null) problems.add(where + "\n  " + diff);
      if (line.differs() != null && diff == null) problems.add(where + "\n  marked 'differs: " + line.differs()
          + "' but is now the same as kubectl: drop the mark");
      if (line.differs() != null && !readme.contains("<!-- " + line.differs() + " -->")) {
        problems.add(where + "\n  marked 'differs: " + line.differs() + "' but README's Differences table has no row"
            + " marked <!-- " + line.differs() + " -->");
      }
    }
    return problems;
  }

  /** null when the same: stdout (normalized), stderr's first line (normalized), and success or failure. */
  static String difference(Run kubectl, Run tool) {
    return difference(kubectl, tool, Function.identity());
  }

  static String difference(Run kubectl, Run tool, Function<String, String> more) {
    List<String> parts = new ArrayList<>();
    if ((kubectl.code() == 0) != (tool.code() == 0)) {
      parts.add("exit: kubectl " + kubectl.code() + ", tool " + tool.code());
    }
    if (!more.apply(normalize(kubectl.out())).equals(more.apply(normalize(tool.out())))) {
      parts.add("stdout:\n--- kubectl\n" + kubectl.out() + "--- tool\n" + tool.out());
    }
    String ke = more.apply(normalize(kubectl.firstErr())).strip();
    String te = more.apply(normalize(tool.firstErr())).strip();
    if (!ke.equals(te)) parts.add("stderr's first line: kubectl \"" + ke + "\", tool \"" + te + "\"");
    return parts.isEmpty() ? null : String.join("\n  ", parts);
  }

  public static String readme() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path r = p.resolve("README.md");
      if (Files.isRegularFile(r) && Files.isDirectory(p.resolve("core"))) {
        try {
          return Files.readString(r);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
  }

  /**
   * The suite's assertion: every line of {@code resource} as kubectl (after {@code kubectlVerb}) prints it, or marked
   * as a deliberate difference; at least {@code minLines} lines.
   */
  public static void assertAsKubectl(String resource, Function<List<String>, Run> tool, Path kubeconfig,
      String kubectlVerb, int minLines) {
    assertAsKubectl(resource, invocation -> tool.apply(invocation.args()), kubeconfig, kubectlVerb, minLines,
        AS_WRITTEN);
  }

  /** {@link #assertAsKubectl(String, Function, Path, String, int)} with {@code hooks} around each line. */
  public static void assertAsKubectl(String resource, Function<Invocation, Run> tool, Path kubeconfig,
      String kubectlVerb, int minLines, Hooks hooks) {
    List<Line> lines = lines(resource);
    if (lines.size() < minLines) throw new AssertionError(resource + " has " + lines.size() + " lines");
    List<String> problems = compare(lines, tool, kubeconfig, kubectlVerb, readme(), hooks);
    if (!problems.isEmpty()) {
      throw new AssertionError(problems.size() + " of " + lines.size() + " lines differ from kubectl:\n"
          + String.join("\n", problems));
    }
  }

  private Parity() {}
}
