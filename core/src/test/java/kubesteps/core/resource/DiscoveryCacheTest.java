package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscoveryCacheTest {
  @ParameterizedTest
  @CsvSource({
      "https://127.0.0.1:16443, 127.0.0.1_16443",
      "https://127.0.0.1:16443/, 127.0.0.1_16443",
      "https://kubernetes.default.svc, kubernetes.default.svc",
      "https://api.example.com:6443/k8s/clusters/c-1, api.example.com_6443/k8s/clusters/c_1",
      "http://[::1]:8080, ___1__8080"})
  void hostFoldersAreKubectls(String url, String folder) {
    assertEquals(folder, DiscoveryCache.hostFolder(url));
  }
}
