package kubesteps.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One tool image, run as a container runtime would run it, with no container runtime: its layers unpacked in order
 * into a folder, {@code /proc} mounted and {@code /dev} bound inside, then its own entrypoint run with
 * {@code chroot --userspec=USER} and only the image's environment. Needs root. {@link #close()} unmounts both, and
 * removes the folder only once nothing is mounted under it (never through a mount).
 */
final class ImageRoot implements AutoCloseable {
  /** The repository root (the images module's parent), given by Maven. */
  static final Path REPO = Path.of(System.getProperty("kubesteps.root", "..")).toAbsolutePath().normalize();
  private static final Path WORK = REPO.resolve("images/target/image-test");

  final String module;
  final OciLayout image;
  final Path root;
  private final List<Path> mounts = new ArrayList<>();
  private final Thread unmountOnExit = new Thread(this::unmountQuietly);

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Path tarball(String module) {
    return REPO.resolve(module).resolve("target/jib-image.tar");
  }

  /** Absolute path of a system command, or null. */
  static String command(String name) {
    for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) return p.toString();
    }
    return null;
  }

  /** Removes what the images were unpacked into (refuses while anything is mounted there). */
  static synchronized void removeWork() throws IOException {
    LAYOUTS.clear();
    UNPACKED.clear();
    removeTree(WORK);
  }

  private static final Map<String, OciLayout> LAYOUTS = new HashMap<>();
  private static final java.util.Set<String> UNPACKED = new java.util.HashSet<>();

  /** The amd64 image of {@code MODULE/target/jib-image.tar}. */
  static OciLayout layout(String module) throws IOException, InterruptedException {
    return layout(module, "amd64");
  }

  /** One platform's image of {@code MODULE/target/jib-image.tar} (unpacked once per test run). */
  static synchronized OciLayout layout(String module, String architecture) throws IOException, InterruptedException {
    String key = module + "/" + architecture;
    OciLayout known = LAYOUTS.get(key);
    if (known != null) return known;
    OciLayout layout = OciLayout.read(ociDir(module), architecture);
    LAYOUTS.put(key, layout);
    return layout;
  }

  /** {@code MODULE/target/jib-image.tar} unpacked, once per test run, into images/target/image-test. */
  static synchronized Path ociDir(String module) throws IOException, InterruptedException {
    Path dir = WORK.resolve(module + "-oci");
    if (UNPACKED.contains(module)) return dir;
    removeTree(dir);
    Files.createDirectories(dir);
    exec(List.of(command("tar"), "-xf", tarball(module).toString(), "-C", dir.toString()));
    UNPACKED.add(module);
    return dir;
  }

  /** The program that runs an image of another architecture here, by its name in images of that architecture. */
  static final Map<String, String> QEMU = Map.of("arm64", "qemu-aarch64-static");

  /** Unpacks the amd64 image of a tool module and mounts /proc and /dev inside it. */
  static ImageRoot unpack(String module) throws IOException, InterruptedException {
    return unpack(module, "amd64");
  }

  /**
   * Unpacks one platform's image of a tool module and mounts /proc and /dev inside it. An arm64 image also gets
   * {@code /qemu-aarch64-static} (from Debian's qemu-user-static, a static program), which {@link #run} puts before
   * the entrypoint: the arm64 JVM runs under qemu-user, on this machine's kernel, in the image's own files.
   */
  static ImageRoot unpack(String module, String architecture) throws IOException, InterruptedException {
    OciLayout image = layout(module, architecture);
    Path root = WORK.resolve(module + "-" + architecture + "-root");
    // left mounted by an earlier run that was killed: ours, by where they are
    List<String> stale = mountedUnder(root);
    for (int i = stale.size() - 1; i >= 0; i--) exec(List.of(command("umount"), "--lazy", stale.get(i)));
    removeTree(root);
    Files.createDirectories(root);
    ImageRoot r = new ImageRoot(module, image, root);
    try {
      for (Path layer : image.layerFiles()) {
        // as root, tar keeps the owners and modes the layers carry, as a container runtime does
        exec(List.of(command("tar"), "--warning=no-unknown-keyword", "--numeric-owner", "-xzf", layer.toString(),
            "-C", root.toString()));
      }
      String qemu = QEMU.get(architecture);
      if (qemu != null) {
        Path program = Path.of("/usr/bin", qemu);
        if (!Files.isExecutable(program)) {
          throw new IOException("no " + program + " (apt-get install qemu-user-static)");
        }
        Files.copy(program, root.resolve(qemu));
        Files.setPosixFilePermissions(root.resolve(qemu), PosixFilePermissions.fromString("r-xr-xr-x"));
      }
      r.mount("proc", List.of(command("mount"), "-t", "proc", "proc"));
      r.mount("dev", List.of(command("mount"), "--bind", "/dev"));
      // read-only, so that nothing that deletes this tree (mvn clean after a killed run) can delete the host's /dev
      exec(List.of(command("mount"), "-o", "remount,bind,ro", root.resolve("dev").toString()));
      return r;
    } catch (IOException | InterruptedException | RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private ImageRoot(String module, OciLayout image, Path root) {
    this.module = module;
    this.image = image;
    this.root = root;
    Runtime.getRuntime().addShutdownHook(unmountOnExit);
  }

  private void mount(String dir, List<String> command) throws IOException, InterruptedException {
    Path point = root.resolve(dir);
    Files.createDirectories(point);
    List<String> all = new ArrayList<>(command);
    all.add(point.toString());
    exec(all);
    mounts.add(0, point);
  }

  /** Writes a file into the image (e.g. {@code /tmp/kubeconfig}), owned by the image's user, mode 600. */
  void writeFile(String pathInImage, String content) throws IOException {
    Path f = root.resolve(pathInImage.substring(1));
    Files.writeString(f, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    String[] user = userSpec().split(":");
    Files.setAttribute(f, "unix:uid", Integer.parseInt(user[0]));
    Files.setAttribute(f, "unix:gid", Integer.parseInt(user[1]));
  }

  String userSpec() {
    Object user = image.container().get("User");
    if (!(user instanceof String s) || !s.matches("\\d+:\\d+")) {
      throw new AssertionError(module + ": image user should be numeric uid:gid, is " + user);
    }
    return s;
  }

  /** Runs the image's entrypoint with these arguments, as its user, with only the image's environment. */
  Run run(String... args) throws IOException, InterruptedException {
    return runEntrypoint(image.strings("Entrypoint"), args);
  }

  /**
   * Runs this entrypoint (the image's, changed) with these arguments, as the image's user, with only the image's
   * environment; under qemu-user for an image of another architecture.
   */
  Run runEntrypoint(List<String> entrypoint, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(command("chroot"), "--userspec=" + userSpec(), root.toString()));
    String qemu = QEMU.get(image.architecture());
    if (qemu != null) command.add("/" + qemu);
    command.addAll(entrypoint);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.clear();
    Map<String, String> imageEnv = new HashMap<>();
    for (String e : image.strings("Env")) {
      int eq = e.indexOf('=');
      imageEnv.put(e.substring(0, eq), e.substring(eq + 1));
    }
    env.putAll(imageEnv);
    Path out = Files.createTempFile("image-out", ".txt");
    Path err = Files.createTempFile("image-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      // a bound for a run that hangs, not a timing check (under qemu a JVM takes 10 to 40 s on a busy machine)
      int bound = qemu == null ? 90 : 600;
      if (!p.waitFor(bound, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(module + " " + List.of(args) + " did not end in " + bound + " s:\n"
            + Files.readString(err));
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      unmountQuietly();
      List<String> left = mountedUnder(root);
      if (!left.isEmpty()) throw new IOException("still mounted, left in place: " + left);
      removeTree(root);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(unmountOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or ran
      }
    }
  }

  private synchronized void unmountQuietly() {
    for (Path point : List.copyOf(mounts)) {
      try {
        exec(List.of(command("umount"), point.toString()));
        mounts.remove(point);
      } catch (IOException | RuntimeException e) {
        try {
          exec(List.of(command("umount"), "--lazy", point.toString()));
          mounts.remove(point);
        } catch (IOException | InterruptedException | RuntimeException again) {
          System.err.println("ImageRoot: could not unmount " + point + ": " + again.getMessage());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Mount points at or under dir, from /proc/self/mountinfo. */
  static List<String> mountedUnder(Path dir) throws IOException {
    String prefix = dir.toAbsolutePath().normalize().toString();
    List<String> found = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      String point = line.split(" ")[4].replace("\\040", " ");
      if (point.equals(prefix) || point.startsWith(prefix + "/")) found.add(point);
    }
    return found;
  }

  /** Deletes a tree without following links, and refuses to when anything is mounted under it. */
  static void removeTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    List<String> mounted = mountedUnder(dir);
    if (!mounted.isEmpty()) throw new IOException("refusing to delete " + dir + ": mounted under it: " + mounted);
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) throw e;
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + ": did not end in 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + "\n" + output);
    }
  }
}
