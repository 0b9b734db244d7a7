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

  /**
   * A kubeconfig that acts as service account {@code name} in {@code namespace} (a token from the TokenRequest API),
   * on the API server of {@code adminYaml}: to test what that account's RBAC allows.
   */
  public static Path forServiceAccount(io.fabric8.kubernetes.client.KubernetesClient admin, String adminYaml,
      String namespace, String name) {
    String token = admin.serviceAccounts().inNamespace(namespace).withName(name)
        .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder().withNewSpec()
            .withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    String server = io.fabric8.kubernetes.client.Config.fromKubeconfig(adminYaml).getMasterUrl();
    return write("""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: %s
          context: {cluster: test, user: %s, namespace: %s}
        current-context: %s
        """.formatted(server, name, token, name, name, namespace, name));
  }
}
