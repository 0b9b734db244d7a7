package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cancelled pipeline step: k8s-wait as a real process, stopped with SIGTERM or SIGINT. */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class WaitSignalsIT {
  static final String NS = "signals";
  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static String kubeconfig;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.write(kubeconfigYaml).toString();
    Fixtures.createNamespace(client, NS);
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  static void configMap(String name) {
    client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
        .build()).create();
  }

  /** Starts k8s-wait's main in a JVM of its own, stderr to a file; returns once it is watching. */
  Process start(String name, String... extra) throws Exception {
    // SIGINT back to its default first: a shell runs a background job (CI started with `&`, nohup) with SIGINT
    // ignored, every child inherits that, and the JVM leaves an ignored SIGINT ignored (as POSIX asks)
    List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--kubeconfig=" + kubeconfig, "-n", NS,
        "configmap/" + name, "--for=delete"));
    cmd.addAll(List.of(extra));
    Path err = tmp.resolve(name + ".err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(tmp.resolve(name + ".out").toFile())
        .start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.readString(err, StandardCharsets.UTF_8).contains(": exists") && p.isAlive() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertTrue(p.isAlive(), "exited early: " + Files.readString(err));
    return p;
  }

  String err(String name) throws Exception {
    return Files.readString(tmp.resolve(name + ".err"));
  }

  @Test
  void sigtermExits143AndDeletesWithDeleteOnCancel() throws Exception {
    configMap("cancelled");
    Process p = start("cancelled", "--delete-on=cancel");
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "did not exit promptly");
    assertEquals(143, p.exitValue(), err("cancelled"));
    assertTrue(err("cancelled").contains("cancelled: stopping the wait"), err("cancelled"));
    assertTrue(err("cancelled").contains("deleted configmap/cancelled (--delete-on)"), err("cancelled"));
    assertNull(client.configMaps().inNamespace(NS).withName("cancelled").get());
  }

  @Test
  void sigintExits130AndLeavesTheObjectWithoutDeleteOn() throws Exception {
    configMap("interrupted");
    Process p = start("interrupted");
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "did not exit promptly");
    assertEquals(130, p.exitValue(), err("interrupted"));
    assertNotNull(client.configMaps().inNamespace(NS).withName("interrupted").get());
  }
}
