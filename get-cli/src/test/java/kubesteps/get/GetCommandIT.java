package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class GetCommandIT {
  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static String kubeconfig;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.write(kubeconfigYaml).toString();
    Fixtures.createNamespace(client, "get-it");
    client.configMaps().inNamespace("get-it").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().addToData("mode", "fast").build()).serverSideApply();
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  CommandRun get(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--kubeconfig=" + kubeconfig;
    all[1] = "--namespace=get-it";
    System.arraycopy(args, 0, all, 2, args.length);
    return CommandRun.run(new GetCommand(), all);
  }

  @Test
  void printsTheNameByShortName() {
    CommandRun r = get("cm/settings");
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/settings\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void printsTheObjectAsJsonOrYaml() {
    CommandRun json = get("configmap", "settings", "-o", "json");
    assertEquals(0, json.code(), json.toString());
    assertTrue(json.out().contains("\"mode\" : \"fast\"") || json.out().contains("\"mode\":\"fast\""), json.out());
    CommandRun yaml = get("ConfigMap/settings", "-o", "yaml");
    assertEquals("fast", client.getKubernetesSerialization()
        .unmarshal(yaml.out(), io.fabric8.kubernetes.api.model.ConfigMap.class).getData().get("mode"), yaml.out());
  }

  @Test
  void notFoundIsExitThreeInKubectlsWords() {
    CommandRun r = get("cm/absent");
    assertEquals(3, r.code(), r.toString());
    assertEquals("error: Error from server (NotFound): configmaps \"absent\" not found\n", r.err());
    CommandRun ignored = get("cm/absent", "--ignore-not-found");
    assertEquals(0, ignored.code(), ignored.toString());
    assertEquals("", ignored.out());
  }

  @Test
  void anUnknownTypeIsExitTwoWithSuggestions() {
    CommandRun r = get("confgimap/settings");
    assertEquals(2, r.code(), r.toString());
    assertEquals("error: the server doesn't have a resource type \"confgimap\"; did you mean configmaps?\n", r.err());
  }

  @Test
  void writesTheOutputFileWithItsParents() throws Exception {
    Path out = tmp.resolve("outputs/name/data");
    CommandRun r = get("cm/settings", "--output-file", out.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/settings\n", Files.readString(out));
  }

  @Test
  void anUnreachableServerIsExitFiveInOneLine() throws Exception {
    String dead = kubeconfigYaml.replaceAll("server: https://127.0.0.1:\\d+", "server: https://127.0.0.1:1");
    CommandRun r = CommandRun.run(new GetCommand(), "--kubeconfig=" + Kubeconfigs.write(dead), "cm/x", "--timeout=1s");
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: cannot connect to the API server at https://127.0.0.1:1/: "), r.err());
  }
}
