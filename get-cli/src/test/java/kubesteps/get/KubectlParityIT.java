package kubesteps.get;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
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
 * k8s-get beside kubectl get: every line of parity/k8s-get.txt run through both against the same real API server and
 * the same objects; stdout, stderr's first line and success compared (ages and column padding aside).
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
    Fixtures.createNamespace(client, "parity");
    Fixtures.createNamespace(client, "parity-b");
    var cms = client.configMaps().inNamespace("parity");
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("alpha").addToLabels("app", "web")
        .addToLabels("tier", "front").addToLabels("app.kubernetes.io/name", "shop").endMetadata()
        .addToData("size", "10Mi").addToData("n", "1").build()).create();
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("beta").addToLabels("app", "db")
        .addToLabels("tier", "back").endMetadata().addToData("size", "2Gi").addToData("n", "3")
        .addToData("extra", "x").build()).create();
    cms.resource(new ConfigMapBuilder().withNewMetadata().withName("gamma").addToLabels("app", "web").endMetadata()
        .addToData("size", "500Ki").build()).create();
    client.configMaps().inNamespace("parity-b").resource(new ConfigMapBuilder().withNewMetadata().withName("delta")
        .addToLabels("app", "web").endMetadata().build()).create();
    client.secrets().inNamespace("parity").resource(new SecretBuilder().withNewMetadata().withName("creds")
        .endMetadata().addToData("password", "aHVudGVyMg==").addToData("user", "YWRtaW4=").withType("Opaque")
        .build()).create();
    client.serviceAccounts().inNamespace("parity").resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("robot").addToLabels("app", "web").endMetadata().build()).create();
    client.services().inNamespace("parity").resource(new ServiceBuilder().withNewMetadata().withName("web")
        .addToLabels("app", "web").endMetadata().withNewSpec().addToSelector("app", "web").addNewPort()
        .withPort(80).endPort().endSpec().build()).create();
    client.pods().inNamespace("parity").resource(new PodBuilder().withNewMetadata().withName("web-1")
        .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("nginx")
        .endContainer().endSpec().build()).create();
    // no controller runs here: the Deployment stays as created (its status empty), for --subresource
    client.apps().deployments().inNamespace("parity").resource(new io.fabric8.kubernetes.api.model.apps
        .DeploymentBuilder().withNewMetadata().withName("web").addToLabels("app", "web").endMetadata().withNewSpec()
        .withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate()
        .withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("c")
        .withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
  }

  /** --watch-only: nothing of the objects as they are; with nothing changing, nothing at all until --timeout, exit 0. */
  @Test
  void watchOnlyLeavesOutTheFirstPrint() {
    CommandRun r = CommandRun.run(new GetCommand(), "-n", "parity", "cm", "--watch-only", "--timeout", "2s",
        "--kubeconfig=" + kubeconfig);
    org.junit.jupiter.api.Assertions.assertEquals(0, r.code(), r.toString());
    org.junit.jupiter.api.Assertions.assertEquals("", r.out(), r.toString());
    org.junit.jupiter.api.Assertions.assertEquals("", r.err(), r.toString());
  }

  @Test
  void everyLineAsKubectlOrMarkedAsADeliberateDifference() {
    Parity.assertAsKubectl("/parity/k8s-get.txt", args -> {
      CommandRun r = CommandRun.run(new GetCommand(), args.toArray(String[]::new));
      return new Parity.Run(r.code(), r.out(), r.err());
    }, kubeconfig, "get", 100);
  }

}
