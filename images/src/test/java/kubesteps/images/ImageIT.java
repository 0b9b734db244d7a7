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
  }

  @AfterAll
  static void tearDown() throws IOException {
    try {
      if (get != null) get.close();
    } finally {
      try {
        if (apply != null) apply.close();
      } finally {
        if (client != null) client.close();
        ImageRoot.removeWork();
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
    for (ImageRoot image : List.of(get, apply)) {
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
    for (ImageRoot image : List.of(get, apply)) {
      Path beside = ImageRoot.REPO.resolve(image.module).resolve("target/sbom.cdx.json");
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
      assertTrue(jars.size() > 20, image.module + ": " + jars);
      for (Path jar : jars) {
        String name = jar.getFileName().toString();
        assertTrue(bom.namesJar(name), image.module + ": " + name + " is not in the BOM");
      }
      String debs = image.image.labels().get("io.github.kubesteps.base.debs");
      assertTrue(debs != null && debs.contains("libc6_"), image.module + ": base label " + debs);
      for (String deb : debs.split(" ")) {
        String[] f = deb.replaceFirst("\\.deb$", "").split("_");   // NAME_VERSION_ARCH.deb, epoch ':' as %3a
        String version = f[1].replace("%3a", ":");
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
