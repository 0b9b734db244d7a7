package kubesteps.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kubeconfig files for tests, from the YAML kube-api-test hands out. */
public final class Kubeconfigs {
  private Kubeconfigs() {}

  public static Path write(String yaml) {
    try {
      Path f = Files.createTempFile("kubeconfig-", ".yaml");
      f.toFile().deleteOnExit();
      Files.writeString(f, yaml);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same kubeconfig with {@code namespace} set on its context, or none when null. */
  public static Path withNamespace(String yaml, String namespace) {
    String out = yaml.replaceFirst("(?m)^(\\s*)namespace: \\S+\\n", "");
    if (namespace != null) out = out.replaceFirst("(?m)^(\\s*)cluster: (\\S+)$", "$1cluster: $2\n$1namespace: " + namespace);
    if (namespace != null && !out.contains("namespace: " + namespace)) {
      throw new IllegalStateException("no context in kubeconfig:\n" + yaml);
    }
    return write(out);
  }
}
