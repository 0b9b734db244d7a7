package kubesteps.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RequiresApiServerBinaries}. */
public final class ApiServerBinariesCheck implements BeforeAllCallback {
  public static final String VERSION = "1.20.2";

  public static Path binaryDir() {
    String root = System.getenv("KUBE_API_TEST_DIR");
    Path base = root == null || root.isBlank() ? Path.of(System.getProperty("user.home"), ".kubeapitest") : Path.of(root);
    return base.resolve("k8s").resolve(VERSION + "-linux-amd64");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Path dir = binaryDir();
    StringBuilder missing = new StringBuilder();
    for (String b : new String[] {"etcd", "kube-apiserver", "kubectl"}) {
      if (!Files.isExecutable(dir.resolve(b))) missing.append(' ').append(b);
    }
    if (missing.length() == 0) return;
    String message = "real API server binaries missing in " + dir + ":" + missing
        + " (run scripts/install-kube-apiserver.sh)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new AssertionError(message);
    Assumptions.abort(message);
  }
}
