package kubesteps.core.resource;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import kubesteps.core.testing.RequiresApiServerBinaries;

@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class DiscoveryIT extends DiscoveryContract {
  @KubeConfig static String kubeconfig;

  @Override
  String kubeconfigYaml() {
    return kubeconfig;
  }
}
