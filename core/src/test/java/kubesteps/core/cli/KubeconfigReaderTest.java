package kubesteps.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KubeconfigReader against fabric8's own reader on the same files: the same model, and the same client configuration
 * out of it (every public getter of fabric8's Config), or null where fabric8 must read the file itself.
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

  @ParameterizedTest
  @ValueSource(strings = {"", "dev", "far", "loose", "oidc", "exec", "broken", "missing"})
  void makesTheClientConfigFabric8Makes(String context) throws Exception {
    File f = kubeconfig().toFile();
    String ctx = context.isEmpty() ? null : context;
    Config ours = ConnectionOptions.fromKubeconfig(ctx, f);
    assertEquals(getters(Config.fromKubeconfig(ctx, f)), getters(ours));
    if ("far".equals(context)) {
      assertEquals(dir.resolve("certs/ca.crt").toString(), ours.getCaCertFile(), "relative to the kubeconfig");
      assertEquals(f, KubeConfigUtils.getFileWithNamedContext(ours.getCurrentContext()));
      assertEquals(f, KubeConfigUtils.getFileWithNamedCluster(ours.getCurrentContext()));
      assertEquals(f, KubeConfigUtils.getFileWithNamedAuthInfo(ours.getCurrentContext()));
    }
    if ("exec".equals(context)) assertEquals("from-exec", ours.getAutoOAuthToken());
  }

  @Test
  void mergesKubeconfigListsAsFabric8Does() throws Exception {
    Path first = write("first", """
        apiVersion: v1
        kind: Config
        current-context: mine
        clusters:
        - name: local
          cluster: {server: "https://first.example"}
        contexts:
        - name: mine
          context: {cluster: local, user: me, namespace: first-ns}
        users:
        - name: me
          user: {token: first-token}
        """);
    Path second = kubeconfig();
    System.setProperty("kubeconfig", first + File.pathSeparator + dir.resolve("absent") + File.pathSeparator + second);
    for (String ctx : new String[] {null, "mine", "dev", "far"}) {
      Config ours = ConnectionOptions.autoConfigure(ctx);
      assertEquals(getters(Config.autoConfigure(ctx)), getters(ours), "context " + ctx);
    }
    assertEquals("https://first.example/", ConnectionOptions.autoConfigure(null).getMasterUrl());
  }

  @Test
  void noKubeconfigFileAndNoPodIsAnInputErrorNamingTheWays() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("KUBERNETES_SERVICE_HOST") == null
        && System.getenv("KUBERNETES_MASTER") == null, "runs in a pod");
    System.setProperty("kubeconfig", dir.resolve("absent").toString());
    var e = org.junit.jupiter.api.Assertions.assertThrows(kubesteps.core.error.StepException.class,
        () -> ConnectionOptions.of(null, null, null).config());
    assertEquals(kubesteps.core.error.ExitCode.INVALID_INPUT, e.code());
    assertEquals("no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run"
        + " in a pod with a service account", e.getMessage());
  }

  /** A file that is not a kubeconfig: one line naming it and what is wrong, never its contents (tokens). */
  @Test
  void aFileThatIsNotAKubeconfigIsOneLineWithoutItsContents() throws Exception {
    Path broken = java.nio.file.Files.writeString(dir.resolve("broken"), "token: hunter2\nusers: [oops\n");
    var e = org.junit.jupiter.api.Assertions.assertThrows(kubesteps.core.error.StepException.class,
        () -> ConnectionOptions.of(broken, null, null).config());
    assertEquals(kubesteps.core.error.ExitCode.INVALID_INPUT, e.code());
    assertEquals("cannot load the kubeconfig " + broken + ": invalid YAML at line 3, column 1: expected ',' or ']',"
        + " but got <stream end>", e.getMessage());
    Path text = java.nio.file.Files.writeString(dir.resolve("text"), "just a secret hunter2\n");
    var t = org.junit.jupiter.api.Assertions.assertThrows(kubesteps.core.error.StepException.class,
        () -> ConnectionOptions.of(text, null, null).config());
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
  void fallsBackToFabric8() throws Exception {
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
        users:
        - name: a
          user: {token: 12345}
        """);
    Config ours = ConnectionOptions.fromKubeconfig(null, f.toFile());
    assertEquals(getters(Config.fromKubeconfig(null, f.toFile())), getters(ours));
    assertEquals("12345", ours.getAutoOAuthToken());
  }

  /** Every public getter of fabric8's Config, by name, as comparable text. */
  private static Map<String, String> getters(Config c) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (Method m : Config.class.getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) continue;
      if (!m.getName().startsWith("get") && !m.getName().startsWith("is")) continue;
      // objects without a value-based toString (the same defaults on both sides)
      if (Set.of("getOauthTokenProvider", "getAdditionalProperties", "getRequestConfig", "getReadiness")
          .contains(m.getName())) continue;
      Object v = m.invoke(c);
      out.put(m.getName(), v instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(v));
    }
    return out;
  }
}
