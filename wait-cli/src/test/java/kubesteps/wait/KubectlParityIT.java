package kubesteps.wait;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.Parity;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s-wait beside kubectl wait: every line of parity/k8s-wait.txt against the same real API server and objects, whose
 * states are already what the lines wait for (or never will be, with --timeout=0), so no line depends on timing.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class KubectlParityIT {
  @KubeConfig static String kubeconfigYaml;
  static Path kubeconfig;

  @BeforeAll
  static void objects() {
    KubernetesClient client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.write(kubeconfigYaml);
    Fixtures.installSparkApplicationCrd(client);
    Fixtures.createNamespace(client, "parity");
    Fixtures.createNamespace(client, "parity-b");
    var cms = client.configMaps().inNamespace("parity");
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("alpha").addToLabels("app", "web").endMetadata()
        .addToData("n", "1").build()).create();
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("beta").addToLabels("app", "web").endMetadata()
        .addToData("n", "2").build()).create();
    client.configMaps().inNamespace("parity-b").resource(new ConfigMapBuilder().withNewMetadata().withName("gamma")
        .addToLabels("app", "web").endMetadata().addToData("n", "1").build()).create();
    client.pods().inNamespace("parity").resource(new PodBuilder().withNewMetadata().withName("web-1")
        .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx")
        .endContainer().endSpec().build()).create();
    Fixtures.createSparkApplication(client, "parity", "spark-done");
    Fixtures.setStatus(client, Fixtures.SPARK, "parity", "spark-done",
        "applicationState: {state: COMPLETED}\nconditions: [{type: Ready, status: 'True'}]\n");
  }

  @Test
  void everyLineAsKubectlOrMarkedAsADeliberateDifference() {
    Parity.assertAsKubectl("/parity/k8s-wait.txt", args -> {
      CommandRun r = CommandRun.run(new WaitCommand(), args.toArray(String[]::new));
      return new Parity.Run(r.code(), r.out(), r.err());
    }, kubeconfig, "wait", 30);
  }

}
