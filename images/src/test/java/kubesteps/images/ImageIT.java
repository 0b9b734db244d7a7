package kubesteps.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tools' images as built by {@code ./mvnw package} (each module's {@code target/jib-image.tar}): unpacked and
 * run as their own user with chroot against a real API server, and checked for what a cluster relies on
 * (entrypoint, user, working dir, labels, shared layers). A missing library, a file the user may not read or run, or
 * a wrong entrypoint fails here.
 */
@RequiresRootAndChroot(images = {"apply-cli", "get-cli", "wait-cli"})
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class ImageIT {
  static final String VERSION = System.getProperty("kubesteps.version", "");
  static final String KUBECONFIG = "/tmp/kubeconfig";
  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static ImageRoot get;
  static ImageRoot apply;
  /** k8s-get's linux/arm64 image, run under qemu-user. */
  static ImageRoot getArm64;

  @BeforeAll
  static void setUp() throws Exception {
    client = Fixtures.client(kubeconfigYaml);
    Fixtures.createNamespace(client, "image-it");
    client.configMaps().inNamespace("image-it").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("settings").endMetadata().addToData("mode", "fast").build()).serverSideApply();
    String kubeconfig = selfContained(kubeconfigYaml);
    get = ImageRoot.unpack("get-cli");
    get.writeFile(KUBECONFIG, kubeconfig);
    apply = ImageRoot.unpack("apply-cli");
    apply.writeFile(KUBECONFIG, kubeconfig);
    getArm64 = ImageRoot.unpack("get-cli", "arm64");
    getArm64.writeFile(KUBECONFIG, kubeconfig);
  }

  @AfterAll
  static void tearDown() throws IOException {
    try {
      if (get != null) get.close();
    } finally {
      try {
        if (apply != null) apply.close();
      } finally {
        try {
          if (getArm64 != null) getArm64.close();
        } finally {
          if (client != null) client.close();
          ImageRoot.removeWork();
        }
      }
    }
  }

  @Test
  void getPrintsItsVersion() throws Exception {
    ImageRoot.Run r = get.run("--version");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("k8s-get " + VERSION), r.toString());
    assertEquals("", r.err(), r.toString());
  }

  @Test
  void getReadsFromTheApiServer() throws Exception {
    ImageRoot.Run r = get.run("--kubeconfig=" + KUBECONFIG, "-n", "image-it", "cm/settings");
    assertEquals(0, r.code(), r.toString());
    // the table, as kubectl prints it
    assertTrue(r.out().startsWith("NAME       DATA   AGE\nsettings   1      "), r.toString());
    assertEquals("", r.err(), r.toString());

    r = get.run("--kubeconfig=" + KUBECONFIG, "-n", "image-it", "cm/settings", "-o", "name");
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/settings\n", r.out(), r.toString());

    r = get.run("--kubeconfig=" + KUBECONFIG, "-n", "image-it", "configmap", "settings", "-o", "yaml");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\n  mode: fast\n"), r.toString());
  }

  /**
   * k8s-get's image holds the jars k8s-get loads and no more (get-cli/pom.xml): not fabric8's whole client, the model
   * jars of API groups other than core, or CEL with Guava and protobuf, which the other two images carry in a layer
   * after the four all three share (imagesShareTheirBaseAndDependencyLayers); and its amd64 image is at most 80 MB
   * unpacked (its layers' tar bytes, as bench/image-sizes.sh counts them; MB = 10^6 bytes).
   */
  @Test
  void getImageHoldsWhatGetLoadsInEightyMegabytes() throws Exception {
    for (ImageRoot image : List.of(get, apply)) {
      List<String> left = new java.util.ArrayList<>();
      try (var jars = Files.list(image.root.resolve("app/libs"))) {
        for (Path jar : jars.toList()) {
          String name = jar.getFileName().toString();
          if (name.matches("(cel|guava|protobuf-java|kubernetes-client|zjsonpatch)-[0-9].*")
              || name.startsWith("kubernetes-model-") && !name.matches("kubernetes-model-(core|common)-.*")) {
            left.add(name);
          }
        }
      }
      if (image == get) assertEquals(List.of(), left, "jars k8s-get does not load, in its image");
      else assertTrue(left.size() > 10, "k8s-apply's image lacks the client, models or CEL: " + left);
    }
    long unpacked = 0;
    for (Path layer : ImageRoot.layout("get-cli").layerFiles()) {
      try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(layer))) {
        unpacked += in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
    assertTrue(unpacked <= 80_000_000L, "k8s-get's linux/amd64 image is " + unpacked + " bytes unpacked, over 80 MB");
  }

  @Test
  void getWritesAnOutputFileUnderTmp() throws Exception {
    ImageRoot.Run r = get.run("--kubeconfig=" + KUBECONFIG, "-n", "image-it", "cm/settings", "-o", "json",
        "--output-file", "/tmp/out/settings.json");
    assertEquals(0, r.code(), r.toString());
    String json = Files.readString(get.root.resolve("tmp/out/settings.json"));
    assertTrue(json.contains("\"mode\""), json);
  }

  @Test
  void getFailsCleanlyOnAMissingObject() throws Exception {
    ImageRoot.Run r = get.run("--kubeconfig=" + KUBECONFIG, "-n", "image-it", "cm/nope");
    assertEquals(3, r.code(), r.toString());
    assertEquals("Error from server (NotFound): configmaps \"nope\" not found\n", r.err(), r.toString());
  }

  @Test
  void applyStarts() throws Exception {
    ImageRoot.Run r = apply.run("--version");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("k8s-apply " + VERSION), r.toString());

    r = apply.run("--help");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("--kubeconfig"), r.toString());

    apply.writeFile("/tmp/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: applied-in-image}\n"
        + "data: {from: image}\n");
    r = apply.run("--kubeconfig=" + KUBECONFIG, "-n", "image-it", "-f", "/tmp/cm.yaml", "--output-uid", "/tmp/out/uid");
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/applied-in-image serverside-applied\n", r.out(), r.toString());
    String uid = client.configMaps().inNamespace("image-it").withName("applied-in-image").get().getMetadata().getUid();
    assertEquals(uid, Files.readString(apply.root.resolve("tmp/out/uid")));
  }

  /**
   * Each tool's tarball is one OCI image index (images/oci-index.sh) with a linux/amd64 and a linux/arm64 image:
   * {@code index.json} names the index with the image's name, the index names one manifest per platform, and each
   * manifest's config says the same architecture. Both share the jar layers (one blob each in the tarball), not the
   * base's two.
   */
  @Test
  void eachTarballIsAnIndexOfAmd64AndArm64() throws Exception {
    for (String module : List.of("apply-cli", "get-cli", "wait-cli")) {
      String tool = "k8s-" + module.substring(0, module.indexOf('-'));
      java.nio.file.Path dir = ImageRoot.ociDir(module);
      Map<String, Object> top = OciLayout.imageIndexDescriptor(dir);
      assertEquals(OciLayout.INDEX, top.get("mediaType"), module + ": " + top);
      assertEquals(Map.of("org.opencontainers.image.ref.name", tool + ":" + VERSION), top.get("annotations"), module);
      List<String> platforms = OciLayout.platformManifests(dir).stream()
          .map(d -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) d.get("platform");
            return p.get("os") + "/" + p.get("architecture");
          }).toList();
      assertEquals(List.of("linux/amd64", "linux/arm64"), platforms, module);
      OciLayout amd64 = ImageRoot.layout(module, "amd64");
      OciLayout arm64 = ImageRoot.layout(module, "arm64");
      for (OciLayout image : List.of(amd64, arm64)) {
        assertEquals(image.architecture(), image.config().get("architecture"),
            module + ": config of the " + image.architecture() + " image");
        assertEquals("linux", image.config().get("os"), module);
        assertEquals(amd64.strings("Entrypoint"), image.strings("Entrypoint"), module + ": the same entrypoint");
        assertEquals(amd64.container().get("User"), image.container().get("User"), module);
      }
      List<String> a = amd64.layerDigests();
      List<String> b = arm64.layerDigests();
      assertEquals(a.size(), b.size(), module);
      assertFalse(a.get(0).equals(b.get(0)) || a.get(1).equals(b.get(1)), module + ": the bases (os, java) differ");
      assertEquals(a.subList(2, 4), b.subList(2, 4), module + ": the jar layers are the same blobs");
    }
  }

  /** The arm64 image's Java is arm64 code (ELF machine 183, AArch64): what runs below runs under qemu-user. */
  @Test
  void arm64ImageHoldsAnArm64Runtime() throws Exception {
    byte[] elf = Files.readAllBytes(getArm64.root.resolve("opt/java/lib/server/libjvm.so"));
    assertEquals(183, (elf[18] & 0xff) | (elf[19] & 0xff) << 8, "e_machine of the arm64 image's libjvm.so");
    byte[] host = Files.readAllBytes(get.root.resolve("opt/java/lib/server/libjvm.so"));
    assertEquals(62, (host[18] & 0xff) | (host[19] & 0xff) << 8, "e_machine of the amd64 image's libjvm.so");
  }

  /**
   * Each image's class-data archive is mapped by its own runtime with its own jars: the entrypoint with
   * {@code -Xshare:on} instead of {@code -Xshare:auto} (a JVM that cannot map the archive then stops) runs; for the
   * arm64 image under qemu-user, whose archive the build dumped under qemu-user too.
   */
  @Test
  void classDataArchiveIsMappedOnBothPlatforms() throws Exception {
    for (ImageRoot image : List.of(get, getArm64)) {
      List<String> entrypoint = image.image.strings("Entrypoint").stream()
          .map(a -> a.equals("-Xshare:auto") ? "-Xshare:on" : a).toList();
      assertTrue(entrypoint.contains("-Xshare:on"), entrypoint.toString());
      ImageRoot.Run r = image.runEntrypoint(entrypoint, "--version");
      assertEquals(0, r.code(), image.image.architecture() + ": " + r);
      assertTrue(r.out().startsWith("k8s-get " + VERSION), r.toString());
      assertEquals("", r.err(), r.toString());
    }
  }

  /** The arm64 image, under qemu-user, reads from the real API server as the amd64 one does. */
  @Test
  void arm64GetReadsFromTheApiServer() throws Exception {
    ImageRoot.Run r = getArm64.run("--kubeconfig=" + KUBECONFIG, "-n", "image-it", "cm/settings", "-o",
        "jsonpath={.metadata.name} {.data.mode}");
    assertEquals(0, r.code(), r.toString());
    assertEquals("settings fast", r.out(), r.toString());
    assertEquals("", r.err(), r.toString());
  }

  @Test
  void configIsTheToolAsANonRootUser() throws Exception {
    for (String module : List.of("apply-cli", "get-cli", "wait-cli")) {
      OciLayout image = ImageRoot.layout(module);
      String tool = "k8s-" + module.substring(0, module.indexOf('-'));
      List<String> entrypoint = image.strings("Entrypoint");
      assertTrue(entrypoint.get(0).startsWith("/"), module + ": entrypoint should name java by path: " + entrypoint);
      assertEquals("kubesteps." + module.substring(0, module.indexOf('-')) + ".Main",
          entrypoint.get(entrypoint.size() - 1), module + ": entrypoint " + entrypoint);
      assertTrue(image.strings("Cmd").isEmpty(), module + ": no Cmd, arguments go to the tool");
      assertEquals("65532:65532", image.container().get("User"), module);
      assertEquals("/tmp", image.container().get("WorkingDir"), module);
      Map<String, String> labels = image.labels();
      assertEquals(tool, labels.get("org.opencontainers.image.title"), module + " " + labels);
      assertEquals(VERSION, labels.get("org.opencontainers.image.version"), module + " " + labels);
      for (String key : List.of("source", "revision", "licenses")) {
        String v = labels.get("org.opencontainers.image." + key);
        assertTrue(v != null && !v.isBlank(), module + ": label " + key + " " + labels);
      }
      assertEquals("1970-01-01T00:00:00Z", image.config().get("created"), module + ": reproducible creation time");
    }
  }

  @Test
  void imagesShareTheirBaseAndDependencyLayers() throws Exception {
    // bottom up: os (libc...), java runtime, third-party jars, core: the same blobs in all three images
    int shared = 4;
    List<String> first = null;
    for (String module : List.of("apply-cli", "get-cli", "wait-cli")) {
      List<String> layers = ImageRoot.layout(module).layerDigests();
      assertTrue(layers.size() > shared, module + ": " + layers);
      if (first == null) {
        first = layers.subList(0, shared);
      } else {
        assertEquals(first, layers.subList(0, shared), module + " does not share the base and dependency layers");
      }
    }
  }

  @Test
  void javaRunsAsTheImageUserNotRoot() throws Exception {
    // the runtime and libraries are root's and read-only to the tool's user: it can run them, not change them
    Path java = get.root.resolve("opt/java/bin/java");
    assertEquals(0, Files.getAttribute(java, "unix:uid"));
    assertFalse(Files.getPosixFilePermissions(java).toString().contains("OTHERS_WRITE"), java.toString());
    assertTrue(Files.getPosixFilePermissions(java).toString().contains("OTHERS_EXECUTE"), java.toString());
  }

  /**
   * The image carries the project's licence and a NOTICE the build made from the dependency list: every third-party
   * jar of the image is named there with its licence.
   */
  @Test
  void licenceAndNoticeOfEveryBundledJar() throws Exception {
    for (ImageRoot image : List.of(get, apply, getArm64)) {
      assertTrue(Files.readString(image.root.resolve("app/LICENSE")).contains("Apache License"), "LICENSE");
      String notice = Files.readString(image.root.resolve("app/NOTICE"));
      try (var jars = Files.list(image.root.resolve("app/libs"))) {
        for (Path jar : jars.toList()) {
          String name = jar.getFileName().toString();
          if (name.startsWith("core-") || name.startsWith("apply-cli") || name.startsWith("get-cli")) continue;
          String artifact = name.replaceFirst("-[0-9].*\\.jar$", "");
          assertTrue(notice.contains(":" + artifact + ":"), name + " is not in the NOTICE:\n" + notice);
        }
      }
    }
  }

  /**
   * The image carries a CycloneDX bill of materials, {@code /app/sbom.cdx.json}, the same file as the one beside its
   * tarball: every jar of the image (name and version, as in its file name) and every Debian package the base was made
   * from (the base's label {@code io.github.kubesteps.base.debs}, name and version) is a component of it, and so is
   * the package the Java runtime was made from.
   */
  @Test
  void billOfMaterialsNamesEveryJarAndDebianPackage() throws Exception {
    for (ImageRoot image : List.of(get, apply, getArm64)) {
      String arch = image.image.architecture();
      Path beside = ImageRoot.REPO.resolve(image.module)
          .resolve(arch.equals("amd64") ? "target/sbom.cdx.json" : "target/sbom-" + arch + ".cdx.json");
      if (!Files.exists(beside) && !"true".equalsIgnoreCase(System.getenv("CI"))) {
        org.junit.jupiter.api.Assumptions.abort("no " + beside + ": built offline (-o), which skips the CycloneDX plugin");
      }
      String json = Files.readString(image.root.resolve("app/sbom.cdx.json"));
      assertEquals(Files.readString(beside), json,
          image.module + ": the BOM beside the tarball differs from the image's");
      Sbom bom = Sbom.parse(json);
      assertEquals("CycloneDX", bom.format(), image.module);
      List<Path> jars = new java.util.ArrayList<>();
      for (String dir : List.of("app/libs", "app/classpath")) {
        try (var files = Files.list(image.root.resolve(dir))) {
          jars.addAll(files.filter(f -> f.toString().endsWith(".jar")).toList());
        }
      }
      // k8s-get's image has 15 jars, the others 44 (get-cli/pom.xml)
      assertTrue(jars.size() > 10, image.module + ": " + jars);
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        assertTrue(bom.namesJar(name), image.module + ": " + name + " is not in the BOM");
      }
      String debs = image.image.labels().get("io.github.kubesteps.base.debs");
      assertTrue(debs != null && debs.contains("libc6_"), image.module + ": base label " + debs);
      for (String deb : debs.split(" ")) {
        String[] f = deb.replaceFirst("\\.deb$", "").split("_");   // NAME_VERSION_ARCH.deb, epoch ':' as %3a
        String version = f[1].replace("%3a", ":");
        assertEquals(arch, f[2], image.module + ": " + deb + " in the " + arch + " image");
        assertTrue(bom.namesDebianPackage(f[0], version, f[2]), image.module + ": " + deb + " is not in the BOM");
      }
      assertTrue(bom.components().stream().anyMatch(c -> String.valueOf(c.get("purl")).startsWith("pkg:deb/")
          && String.valueOf(c.get("name")).startsWith("openjdk-")), image.module + ": no Java runtime package");
    }
  }

  /** The kubeconfig with any certificate or key files inlined, so that it works inside the image. */
  static String selfContained(String yaml) throws IOException {
    Matcher m = Pattern.compile("(?m)^(\\s*)(certificate-authority|client-certificate|client-key): *(\\S+)$")
        .matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String data = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(m.group(3))));
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + "-data: " + data));
    }
    m.appendTail(out);
    return out.toString();
  }
}
