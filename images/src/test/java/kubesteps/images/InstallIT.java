package kubesteps.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball (scripts/release-tarball.sh, made by this module before its tests) as {@code scripts/install.sh}
 * installs it into a prefix that already holds other files: the installed tools run with no Java on PATH and a
 * JAVA_HOME that points nowhere (they bring their own runtime), on the class-data archives made at install time; the
 * man pages and completion files are where man, bash-completion and zsh look; {@code --uninstall} leaves the prefix
 * with exactly the files it had. Also: install.sh without --from takes the build's tarball, and refuses a prefix where
 * a file of someone else's sits on one of its paths.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
  static final Path ROOT = Path.of(System.getProperty("kubesteps.root", "..")).toAbsolutePath().normalize();
  static final String VERSION = System.getProperty("kubesteps.version", "");
  static final Path TARBALL = ROOT.resolve("images/target/kube-steps-" + VERSION + "-linux-amd64.tar.gz");
  static final List<String> TOOLS = List.of("k8s-apply", "k8s-get", "k8s-wait");

  @TempDir static Path tmp;
  static Path prefix;
  static Path noJava;
  static Map<String, String> before;

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  @BeforeAll
  static void install() throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("kubesteps.release.skip"), "-Drelease.skip=true: no release tarball");
    assertTrue(Files.isRegularFile(TARBALL), "no " + TARBALL + " (scripts/release-tarball.sh makes it)");
    // a PATH with only what the launcher calls besides its own runtime (copies: JUnit warns about links): no java
    noJava = Files.createDirectories(tmp.resolve("no-java-bin"));
    for (String c : List.of("readlink", "dirname")) {
      Files.copy(Path.of(which(c)), noJava.resolve(c), StandardCopyOption.COPY_ATTRIBUTES);
    }
    prefix = tmp.resolve("prefix");
    prefill(prefix);
    before = snapshot(prefix);
    Run r = installSh("--from", TARBALL.toString(), "--prefix", prefix.toString());
    assertEquals(0, r.code(), r.toString());
  }

  @Test
  @Order(1)
  void theToolsRunWithoutJavaOnTheMachine() throws Exception {
    for (String tool : TOOLS) {
      Run version = tool(prefix, tool, "--version");
      assertEquals(0, version.code(), tool + ": " + version);
      assertTrue(version.out().startsWith(tool + " " + VERSION), tool + ": " + version);
      assertEquals("", version.err(), tool + ": " + version);
      Run help = tool(prefix, tool, "--help");
      assertEquals(0, help.code(), tool + ": " + help);
      assertTrue(help.out().startsWith("Usage: " + tool), tool + ": " + help);
      assertTrue(help.out().contains("--kubeconfig"), tool + ": " + help);
    }
  }

  @Test
  @Order(1)
  void k8sWaitJudgesAFileAndK8sGetNamesAMissingKubeconfig() throws Exception {
    Path objects = tmp.resolve("objects.yaml");
    Files.writeString(objects, """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: done}
        status: {conditions: [{type: Complete, status: "True"}]}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: broken}
        status: {conditions: [{type: Failed, status: "True", reason: BackoffLimitExceeded}]}
        """);
    Run wait = tool(prefix, "k8s-wait", "--local", "-f", objects.toString());
    assertEquals(1, wait.code(), wait.toString());
    assertEquals("job.batch/done: succeeded: Complete\njob.batch/broken: failed: job failed: BackoffLimitExceeded\n",
        wait.out(), wait.toString());
    Run get = tool(prefix, "k8s-get", "--kubeconfig", tmp.resolve("none").toString(), "cm/x");
    assertEquals(2, get.code(), get.toString());
    assertEquals("error: --kubeconfig " + tmp.resolve("none") + ": no such file\n", get.err(), get.toString());
  }

  @Test
  @Order(1)
  void eachToolMapsTheClassDataArchiveMadeForItsInstalledPaths() throws Exception {
    for (String tool : TOOLS) {
      assertTrue(Files.isRegularFile(prefix.resolve("lib/kube-steps/cds/" + tool + ".jsa")), tool);
      // -Xshare:on: a JVM that cannot map the archive (other paths, jars or runtime) stops instead of starting without
      Run r = run(List.of(prefix.resolve("bin/" + tool).toString(), "--version"), Map.of("JAVA_OPTS", "-Xshare:on"));
      assertEquals(0, r.code(), tool + ": " + r);
    }
  }

  @Test
  @Order(1)
  void manPagesAndCompletionsAreWhereManAndTheShellsLook() throws Exception {
    for (String tool : TOOLS) {
      Path page = prefix.resolve("share/man/man1/" + tool + ".1");
      String roff = Files.readString(page);
      assertTrue(roff.contains(".TH \"" + tool.toUpperCase().replace("-", "\\-") + "\" \"1\""), tool + ": " + roff);
      assertTrue(roff.contains("\\-\\-kubeconfig"), tool);
      String bash = Files.readString(prefix.resolve("share/bash-completion/completions/" + tool));
      assertTrue(bash.contains("complete -F _complete_" + tool), tool);
      String zsh = Files.readString(prefix.resolve("share/zsh/site-functions/_" + tool));
      assertTrue(zsh.startsWith("#compdef " + tool + "\n"), tool + ": " + zsh);
      assertTrue(zsh.contains("bash-completion/completions/" + tool), tool + ": " + zsh);
    }
    for (String doc : List.of("LICENSE", "NOTICE")) {
      assertTrue(Files.size(prefix.resolve("share/doc/kube-steps/" + doc)) > 0, doc);
    }
    String man = which("man");
    Assumptions.assumeTrue(man != null, "no man command: the pages are checked as roff only");
    Run r = run(List.of(man, "-l", prefix.resolve("share/man/man1/k8s-wait.1").toString()),
        Map.of("MANWIDTH", "100", "MANPAGER", "cat", "PAGER", "cat"));
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("OPTIONS"), r.toString());
    assertTrue(r.out().contains("--fail-on"), r.toString());
    assertTrue(r.out().contains("--timeout"), r.toString());
  }

  @Test
  @Order(2)
  void uninstallLeavesThePrefixAsItWas() throws Exception {
    Run r = installSh("--prefix", prefix.toString(), "--uninstall");
    assertEquals(0, r.code(), r.toString());
    assertEquals(before, snapshot(prefix));
    Run again = installSh("--prefix", prefix.toString(), "--uninstall");
    assertEquals(1, again.code(), again.toString());
    assertEquals("install: nothing to uninstall: no " + prefix + "/lib/kube-steps/installed-files\n", again.err());
  }

  @Test
  @Order(3)
  void withoutFromItInstallsTheBuildsTarballAndItRefusesToOverwriteOthersFiles() throws Exception {
    Path other = tmp.resolve("other-prefix");
    prefill(other);
    Path theirs = Files.writeString(Files.createDirectories(other.resolve("share/man/man1")).resolve("k8s-get.1"),
        "someone else's page\n");
    Map<String, String> was = snapshot(other);
    Run refused = installSh("--from", TARBALL.toString(), "--prefix", other.toString());
    assertEquals(1, refused.code(), refused.toString());
    assertEquals("install: " + theirs + " exists and is not from an earlier kube-steps install: remove it or choose"
        + " another --prefix\n", refused.err());
    assertEquals(was, snapshot(other));

    Files.delete(theirs);
    was = snapshot(other);
    // the tarball is newer than every file of the checkout (as after a build), so install.sh builds nothing; no
    // class-data archives this time (KUBE_STEPS_CDS=off: the first install covered them)
    Files.setLastModifiedTime(TARBALL, FileTime.fromMillis(System.currentTimeMillis()));
    Run r = run(List.of(ROOT.resolve("scripts/install.sh").toString(), "--prefix", other.toString()),
        Map.of("KUBE_STEPS_CDS", "off"));
    assertEquals(0, r.code(), r.toString());
    assertFalse(r.err().contains("building"), r.toString());
    Run version = tool(other, "k8s-get", "--version");
    assertEquals(0, version.code(), version.toString());
    assertTrue(version.out().startsWith("k8s-get " + VERSION), version.toString());
    Run gone = installSh("--prefix", other.toString(), "--uninstall");
    assertEquals(0, gone.code(), gone.toString());
    assertEquals(was, snapshot(other));
  }

  /** A prefix as a person's ~/.local may be: a bin/ with another tool, a man page, a share/ folder of another app. */
  static void prefill(Path p) throws IOException {
    Files.writeString(Files.createDirectories(p.resolve("bin")).resolve("other-tool"), "#!/bin/sh\necho other\n");
    Files.writeString(Files.createDirectories(p.resolve("share/man/man1")).resolve("other-tool.1"), ".TH OTHER 1\n");
    Files.createDirectories(p.resolve("share/other-app"));
  }

  /** Every path under the folder, with a file's content (a folder's is "/"). */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        m.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "/" : Files.readString(p));
      }
    }
    return m;
  }

  static Run installSh(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/install.sh").toString()));
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  /** An installed tool, with PATH = its bin/ and no java, JAVA_HOME pointing nowhere, nothing else inherited. */
  static Run tool(Path prefix, String tool, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(prefix.resolve("bin/" + tool).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", prefix.resolve("bin") + ":" + noJava);
    env.put("JAVA_HOME", tmp.resolve("no-such-java").toString());
    env.put("HOME", tmp.toString());
    env.put("LANG", "C.UTF-8");
    return finish(pb);
  }

  static Run run(List<String> command, Map<String, String> extraEnv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    pb.environment().putAll(extraEnv);
    return finish(pb);
  }

  static Run finish(ProcessBuilder pb) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(pb.command() + " did not end in 120 s:\n" + Files.readString(err));
    }
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  static String which(String command) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path p = Path.of(dir, command);
      if (Files.isExecutable(p)) return p.toString();
    }
    return null;
  }
}
