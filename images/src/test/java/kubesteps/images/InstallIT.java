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
 * a file of someone else's sits on one of its paths. And the linux-arm64 tarball: the same tree with an arm64 runtime,
 * chosen by install.sh on an aarch64 machine (a {@code uname} that says so stands in for one), refused on this one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallIT {
  static final Path ROOT = Path.of(System.getProperty("kubesteps.root", "..")).toAbsolutePath().normalize();
  static final String VERSION = System.getProperty("kubesteps.version", "");
  static final Path TARBALL = ROOT.resolve("images/target/kube-steps-" + VERSION + "-linux-amd64.tar.gz");
  static final Path TARBALL_ARM64 = ROOT.resolve("images/target/kube-steps-" + VERSION + "-linux-arm64.tar.gz");
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

  /** The linux-arm64 tarball holds the same files as the amd64 one, its Java runtime aside, which is AArch64 code. */
  @Test
  @Order(1)
  void theArm64TarballIsTheSameTreeWithAnArm64Runtime() throws Exception {
    assumeArm64Tarball();
    List<String> amd64 = entries(TARBALL);
    List<String> arm64 = entries(TARBALL_ARM64);
    String java = "kube-steps-" + VERSION + "/lib/kube-steps/java/";
    assertEquals(amd64.stream().filter(e -> !e.startsWith(java)).toList(),
        arm64.stream().filter(e -> !e.startsWith(java)).toList(), "the same files besides the runtime");
    assertTrue(arm64.contains(java + "bin/java"), arm64.toString());
    Path x = Files.createDirectories(tmp.resolve("arm64-java"));
    Run r = run(List.of("tar", "-xzf", TARBALL_ARM64.toString(), "-C", x.toString(), java + "bin/java"), Map.of());
    assertEquals(0, r.code(), r.toString());
    assertEquals(183, elfMachine(x.resolve(java + "bin/java")), "AArch64");
  }

  /** On this (x86_64) machine install.sh refuses the arm64 tarball with one line, before writing anything. */
  @Test
  @Order(4)
  void theArm64TarballIsRefusedOnAnAmd64Machine() throws Exception {
    assumeArm64Tarball();
    Assumptions.assumeTrue("x86_64".equals(uname()), "this machine is not x86_64");
    Path p = tmp.resolve("amd64-machine");
    prefill(p);
    Map<String, String> was = snapshot(p);
    Run r = installSh("--from", TARBALL_ARM64.toString(), "--prefix", p.toString());
    assertEquals(1, r.code(), r.toString());
    assertEquals("install: " + TARBALL_ARM64 + " is for linux-arm64, this machine is linux-amd64 (x86_64):"
        + " take kube-steps-" + VERSION + "-linux-amd64.tar.gz\n", r.err());
    assertEquals(was, snapshot(p));
  }

  /**
   * On an aarch64 machine (uname -m says aarch64 here) install.sh takes the build's linux-arm64 tarball, and refuses
   * the amd64 one; on a machine of neither architecture it says so before building anything.
   */
  @Test
  @Order(5)
  void onAnAarch64MachineInstallShTakesTheArm64Tarball() throws Exception {
    assumeArm64Tarball();
    Path p = tmp.resolve("arm64-machine");
    prefill(p);
    Map<String, String> was = snapshot(p);
    Map<String, String> aarch64 = Map.of("PATH", fakeUname("aarch64") + ":" + System.getenv("PATH"),
        "KUBE_STEPS_CDS", "off");   // no archives: the arm64 java does not run here without qemu
    Run refused = run(List.of(ROOT.resolve("scripts/install.sh").toString(), "--from", TARBALL.toString(),
        "--prefix", p.toString()), aarch64);
    assertEquals(1, refused.code(), refused.toString());
    assertEquals("install: " + TARBALL + " is for linux-amd64, this machine is linux-arm64 (aarch64): take kube-steps-"
        + VERSION + "-linux-arm64.tar.gz\n", refused.err());
    assertEquals(was, snapshot(p));

    // newer than every file of the checkout (as after a build): install.sh builds nothing
    Files.setLastModifiedTime(TARBALL_ARM64, FileTime.fromMillis(System.currentTimeMillis()));
    Run r = run(List.of(ROOT.resolve("scripts/install.sh").toString(), "--prefix", p.toString()), aarch64);
    assertEquals(0, r.code(), r.toString());
    assertFalse(r.err().contains("building"), r.toString());
    assertEquals(183, elfMachine(p.resolve("lib/kube-steps/java/bin/java")), "the arm64 runtime was installed");
    Run gone = installSh("--prefix", p.toString(), "--uninstall");
    assertEquals(0, gone.code(), gone.toString());
    assertEquals(was, snapshot(p));

    Run other = run(List.of(ROOT.resolve("scripts/install.sh").toString(), "--prefix", p.toString()),
        Map.of("PATH", fakeUname("riscv64") + ":" + System.getenv("PATH")));
    assertEquals(1, other.code(), other.toString());
    assertEquals("install: no kube-steps release for this machine (riscv64): there are linux-amd64 (x86_64) and"
        + " linux-arm64 (aarch64)\n", other.err());
    assertEquals(was, snapshot(p));
  }

  static void assumeArm64Tarball() {
    Assumptions.assumeFalse(Boolean.getBoolean("kubesteps.release.arm64.skip"), "-Drelease.arm64.skip=true");
    assertTrue(Files.isRegularFile(TARBALL_ARM64), "no " + TARBALL_ARM64 + " (scripts/release-tarball.sh makes it)");
  }

  /** A folder with a {@code uname} whose {@code -m} prints MACHINE (the rest goes to the real one). */
  static Path fakeUname(String machine) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("uname-" + machine));
    Path uname = dir.resolve("uname");
    Files.writeString(uname, "#!/bin/sh\nif [ \"$1\" = -m ]; then echo " + machine + "; else exec " + which("uname")
        + " \"$@\"; fi\n");
    Files.setPosixFilePermissions(uname, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  static String uname() throws Exception {
    return run(List.of(which("uname"), "-m"), Map.of()).out().strip();
  }

  /** The ELF header's machine: 62 x86-64, 183 AArch64. */
  static int elfMachine(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    return (b[18] & 0xff) | (b[19] & 0xff) << 8;
  }

  /** A tarball's entries, sorted. */
  static List<String> entries(Path tarball) throws Exception {
    Run r = run(List.of("tar", "-tzf", tarball.toString()), Map.of());
    assertEquals(0, r.code(), r.toString());
    return r.out().lines().sorted().toList();
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
