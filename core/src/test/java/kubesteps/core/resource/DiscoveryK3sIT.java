package kubesteps.core.resource;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/** The same contract against K3s, where a Docker engine is available; skipped cleanly where not. */
@Testcontainers(disabledWithoutDocker = true)
class DiscoveryK3sIT extends DiscoveryContract {
  @Container
  static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  @Override
  String kubeconfigYaml() {
    return K3S.getKubeConfigYaml();
  }
}
