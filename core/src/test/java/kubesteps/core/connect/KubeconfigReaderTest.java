package kubesteps.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KubeconfigReader against fabric8's own reader on the same files: the same model, or null where fabric8 must read
 * the file itself.
 */
class KubeconfigReaderTest {
  @TempDir Path dir;

  private static final String CA = Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nx\n".getBytes());

  private static final String BASE = """
      apiVersion: v1
      kind: Config
      current-context: dev
      preferences: {}
      clusters:
      - name: local
        cluster:
          server: https://127.0.0.1:6443
          certificate-authority-data: %s
      - name: far
        cluster:
          server: https://far.example:443
          certificate-authority: certs/ca.crt
          tls-server-name: api.far.example
          proxy-url: http://proxy.example:3128
          disable-compression: true
      - name: loose
        cluster:
          server: https://loose.example
          insecure-skip-tls-verify: true
      contexts:
      - name: dev
        context: {cluster: local, user: token-user, namespace: team-a}
      - name: far
        context: {cluster: far, user: cert-user}
      - name: loose
        context: {cluster: loose, user: basic}
      - name: oidc
        context: {cluster: local, user: oidc}
      - name: exec
        context: {cluster: local, user: exec}
      - name: broken
      users:
      - name: token-user
        user:
          token: abc.def
          as: someone
          as-groups: [g1, g2]
          as-user-extra: {scopes: [view, edit]}
      - name: cert-user
        user:
          client-certificate: certs/client.crt
          client-key: certs/client.key
      - name: basic
        user: {username: admin, password: secret}
      - name: oidc
        user:
          auth-provider:
            name: oidc
            config: {id-token: the-id-token, client-id: kube}
      - name: exec
        user:
          exec:
            apiVersion: client.authentication.k8s.io/v1
            command: sh
            args: ["-c", "printf '%%s' '{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"from-exec\\"}}'"]
            env: [{name: A, value: "1"}]
            interactiveMode: Never
            provideClusterInfo: false
      """.formatted(CA);

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private Path kubeconfig() throws Exception {
    // fabric8 reads the client key to name its algorithm: a real one
    var key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate();
    write("certs/client.key", "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    return write("config", BASE);
  }

  @AfterEach
  void clearProperty() {
    System.clearProperty("kubeconfig");
  }

  @Test
  void readsTheModelFabric8Reads() throws Exception {
    File f = kubeconfig().toFile();
    io.fabric8.kubernetes.api.model.Config ours = KubeconfigReader.read(f);
    assertNotNull(ours, "the reader maps every key of this file");
    assertEquals(KubeConfigUtils.parseConfig(f), ours);
  }

  @Test
  void noKubeconfigFileAndNoPodIsAnInputErrorNamingTheWays() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null
        && System.getenv("KUBERNETES_MASTER") == null, "runs in a pod");
    System.setProperty("kubeconfig", dir.resolve("absent").toString());
    var e = org.junit.jupiter.api.Assertions.assertThrows(kubesteps.core.error.StepException.class,
        () -> kubesteps.core.cli.ConnectionOptions.of(null, null, null).config());
    assertEquals(kubesteps.core.error.ExitCode.INVALID_INPUT, e.code());
    assertEquals("no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run"
        + " in a pod with a service account", e.getMessage());
  }

  /** A file that is not a kubeconfig: one line naming it and what is wrong, never its contents (tokens). */
  @Test
  void aFileThatIsNotAKubeconfigIsOneLineWithoutItsContents() throws Exception {
    Path broken = java.nio.file.Files.writeString(dir.resolve("broken"), "token: hunter2\nusers: [oops\n");
    var e = org.junit.jupiter.api.Assertions.assertThrows(kubesteps.core.error.StepException.class,
        () -> kubesteps.core.cli.ConnectionOptions.of(broken, null, null).config());
    assertEquals(kubesteps.core.error.ExitCode.INVALID_INPUT, e.code());
    assertEquals("cannot load the kubeconfig " + broken + ": invalid YAML at line 3, column 1: expected ',' or ']',"
        + " but got <stream end>", e.getMessage());
    Path text = java.nio.file.Files.writeString(dir.resolve("text"), "just a secret hunter2\n");
    var t = org.junit.jupiter.api.Assertions.assertThrows(kubesteps.core.error.StepException.class,
        () -> kubesteps.core.cli.ConnectionOptions.of(text, null, null).config());
    assertEquals("cannot load the kubeconfig " + text + ": not a kubeconfig (expected apiVersion: v1, kind: Config,"
        + " with clusters, contexts and users)", t.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "clusters:\n- name: a\n  cluster: {server: https://a, extensions: [{name: x, extension: {}}]}\n",
      "users:\n- name: a\n  user: {token: 12345}\n",
      "clusters:\n- name: a\n  cluster: {server: https://a, insecure-skip-tls-verify: 'true'}\n",
      "users:\n- name: a\n  user: {unknown-field: x}\n",
      "preferences: {colors: true}\n",
      "extensions: []\n",
      "clusters: [\n",
      "users:\n- name: a\n  user: {token: a}\n  user: {token: b}\n",
  })
  void leavesToFabric8WhatItDoesNotMapExactly(String text) throws Exception {
    Path f = write("odd", "apiVersion: v1\nkind: Config\n" + text);
    assertNull(KubeconfigReader.read(f.toFile()));
  }

  @Test
  void leavesEmptyAndMissingFilesToFabric8() throws Exception {
    assertNull(KubeconfigReader.read(write("empty", "").toFile()));
    assertNull(KubeconfigReader.read(dir.resolve("absent").toFile()));
  }

  @Test
  void fallsBackToFabric8sReaderForWhatItDoesNotMap() throws Exception {
    Path f = write("odd", """
        apiVersion: v1
        kind: Config
        current-context: a
        clusters:
        - name: a
          cluster: {server: "https://a.example", extensions: [{name: x, extension: {k: v}}]}
        contexts:
        - name: a
          context: {cluster: a, user: a}
        - name: b
          context: {cluster: a, user: b}
        users:
        - name: a
          user: {token: 12345}
        - name: b
          user: {tokenFile: secrets/b}
        """);
    assertNull(KubeconfigReader.read(f.toFile()));
    write("secrets/b", "from-b\n");
    RestConfig ours = Kubeconfig.resolve(ConnectFlags.of(f, null));
    assertEquals("https://a.example", ours.server());
    assertEquals("Bearer 12345", ours.credentials().authorization());
    assertEquals("Bearer from-b", Kubeconfig.resolve(ConnectFlags.of(f, "b")).credentials().authorization(),
        "a path relative to the file fabric8's reader parsed");
  }
}
