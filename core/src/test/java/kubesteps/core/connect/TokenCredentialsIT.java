package kubesteps.core.connect;

import static kubesteps.core.connect.ConnectTestSupport.assertFailsInOneLine;
import static kubesteps.core.connect.ConnectTestSupport.assertKubectlAgrees;
import static kubesteps.core.connect.ConnectTestSupport.assertNoSecrets;
import static kubesteps.core.connect.ConnectTestSupport.assertRanAs;
import static kubesteps.core.connect.ConnectTestSupport.capture;
import static kubesteps.core.connect.ConnectTestSupport.cluster;
import static kubesteps.core.connect.ConnectTestSupport.open;
import static kubesteps.core.connect.ConnectTestSupport.parse;
import static kubesteps.core.connect.ConnectTestSupport.read;
import static kubesteps.core.connect.ConnectTestSupport.readOnly;
import static kubesteps.core.connect.ConnectTestSupport.roundTrip;
import static kubesteps.core.connect.ConnectTestSupport.unique;
import static kubesteps.core.connect.ConnectTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kubesteps.core.cli.Session;
import kubesteps.core.connect.ConnectTestSupport.Attempt;
import kubesteps.core.connect.ConnectTestSupport.Identity;
import kubesteps.core.connect.ConnectTestSupport.Watching;
import kubesteps.core.testing.AuditLog;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.FaultProxy;
import kubesteps.core.testing.Kubectl;
import kubesteps.core.testing.PluginScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens against the real API server (issue 24): the kubeconfig's {@code token} and {@code tokenFile}, the
 * {@code --token} flag, a token file rotated during a watch (with an exec plugin's credential refused during a watch:
 * one wait for both); and what a token the server refuses looks like. Each
 * working setup does a read, a write and a watch, the audit log says who they ran as, and kubectl 1.32 agrees.
 */
@ExtendWith(ConnectCluster.Shared.class)
class TokenCredentialsIT {
  @TempDir Path tmp;

  private Path kubeconfig(String userBody) {
    return write(tmp, "kubeconfig", cluster().kubeconfig("", userBody));
  }

  @Test
  void theKubeconfigsTokenIsSentAsBearer() throws Exception {
    Path kc = kubeconfig("token: static-token");
    String name = unique("token");
    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());
    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("token-user"));
    assertNoSecrets(a, "static-token");
    assertKubectlAgrees(true, kc, List.of());
  }

  @Test
  void theTokenFlagOverridesTheKubeconfigsUser() throws Exception {
    // the kubeconfig's user has a token the server does not know: --token wins, as in kubectl
    Path kc = kubeconfig("token: not-a-known-token-0123456789");
    String name = unique("token-flag");
    Attempt a = roundTrip(name, "--kubeconfig", kc.toString(), "--token", "static-token");
    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("token-user"));
    assertNoSecrets(a, "static-token", "not-a-known-token-0123456789");
    assertKubectlAgrees(true, kc, List.of("--token", "static-token"));
  }

  @Test
  void aTokenFileIsReadTrimmedAndRelativeToTheKubeconfig() throws Exception {
    // a trailing newline, as `echo TOKEN > file` and Kubernetes' own secret volumes leave it
    Files.writeString(tmp.resolve("token"), "file-token\n");
    Path kc = kubeconfig("tokenFile: token");
    String name = unique("token-file");
    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());
    assertTrue(a.ok(), a.toString());
    assertRanAs(name, Identity.of("file-user"));
    assertNoSecrets(a, "file-token");
    assertKubectlAgrees(true, kc, List.of());
  }

  @Test
  void aTokenWithANewlineInTheKubeconfigDoesAsKubectlAndNeverShowsTheToken() throws Exception {
    Path kc = kubeconfig("token: \"static-token\\n\"");
    String name = unique("token-newline");
    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());
    assertNoSecrets(a, "static-token");
    if (a.ok()) assertRanAs(name, Identity.of("token-user"));
    else assertEquals(1, a.oneLine().lines().count(), a.toString());
    assertTrue(a.ok() || a.exit().number == 5, "a failure is exit 5, not " + a);
    Kubectl.Result k = assertKubectlAgrees(a.ok(), kc, List.of());
    assertTrue(!k.err().contains("static-token"), "kubectl itself printed the token");
  }

  @Test
  void aTokenTheServerRefusesIsOneLineWithoutTheToken() throws Exception {
    String token = "not-a-known-token-0123456789";
    Path kc = kubeconfig("token: " + token);
    Attempt a = readOnly(unique("refused"), "--kubeconfig", kc.toString());
    assertFailsInOneLine(a, "Unauthorized", false);
    assertNoSecrets(a, token);
    assertKubectlAgrees(false, kc, List.of());
  }

  /**
   * What the matrix's proofs rest on: RBAC is in force, so a request that succeeds ran as a user the test meant. A
   * valid user without a role is refused naming that user; no credentials at all are refused as anonymous.
   */
  @Test
  void usersWithoutARoleAndAnonymousAreRefused() throws Exception {
    Attempt outsider = readOnly(unique("outsider"), "--kubeconfig", kubeconfig("token: outsider-token").toString());
    assertFailsInOneLine(outsider, "User \"outsider\" cannot get resource \"configmaps\"", false);
    assertNoSecrets(outsider, "outsider-token");
    Path none = kubeconfig("");
    Attempt anonymous = readOnly(unique("anonymous"), "--kubeconfig", none.toString());
    assertFailsInOneLine(anonymous, "User \"system:anonymous\" cannot get resource \"configmaps\"", false);
    assertKubectlAgrees(false, none, List.of());
  }

  /**
   * Credentials the server stops accepting while a watch runs, replaced at their source: a token file rotated, and
   * an exec plugin that hands out the new token from then on (its first credential had no expiry). The old tokens
   * are refused from then on (their service accounts deleted: a 401). Each watch, cut, connects again with the new
   * credential: client-go reads a token file again after a 401 (and at least every minute) and runs the plugin again
   * after a 401. One test for both, because the server caches a token's acceptance for 10 s: one wait instead of two.
   */
  @Test
  void credentialsRefusedDuringAWatchAreFetchedAgain_aRotatedTokenFileAndAnExecPlugin() throws Exception {
    String fileA = unique("file-a");
    String fileB = unique("file-b");
    String execA = unique("exec-a");
    String execB = unique("exec-b");
    String tokenFileA = cluster().serviceAccountToken(fileA);
    String tokenFileB = cluster().serviceAccountToken(fileB);
    String tokenExecA = cluster().serviceAccountToken(execA);
    String tokenExecB = cluster().serviceAccountToken(execB);
    Path tokenFile = tmp.resolve("sa-token");
    Files.writeString(tokenFile, tokenFileA + "\n");
    PluginScript plugin = PluginScript.in(tmp, "plugin-from-file").tokenFromStateFile().write();
    Path state = Files.createDirectories(tmp.resolve("state"));
    Files.writeString(state.resolve("token"), tokenExecA);
    String fileLabel = unique("rot-file");
    String execLabel = unique("rot-exec");
    try (FaultProxy proxy = new FaultProxy("127.0.0.1", cluster().port())) {
      String server = "https://127.0.0.1:" + proxy.port();
      String ca = "certificate-authority: " + cluster().serverCaFile();
      Path kcFile = write(tmp, "kubeconfig-file", ConnectCluster.kubeconfig(server, ca, "tokenFile: " + tokenFile));
      Path kcExec = write(tmp, "kubeconfig-exec", ConnectCluster.kubeconfig(server, ca,
          plugin.userYaml(state, List.of(), Map.of(), null, "Never", null)));
      Attempt a = capture(() -> {
        try (Session sf = open(parse("--kubeconfig", kcFile.toString()));
            Session se = open(parse("--kubeconfig", kcExec.toString()));
            Watching wf = new Watching(sf, null, fileLabel);
            Watching we = new Watching(se, null, execLabel)) {
          write(sf, fileLabel + "-1", fileLabel);
          write(se, execLabel + "-1", execLabel);
          wf.await("ADDED " + fileLabel + "-1");
          we.await("ADDED " + execLabel + "-1");
          assertEquals(1, PluginScript.calls(state), "the plugin's credential (no expiry) is kept");
          Files.writeString(tokenFile, tokenFileB + "\n");
          Files.writeString(state.resolve("token"), tokenExecB);
          cluster().revoke(fileA, tokenFileA, execA, tokenExecA);
          proxy.cutAll(); // the watches connect again: the credentials they hold are refused now
          for (String label : List.of(fileLabel, execLabel)) {
            cluster().admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName(label + "-2").addToLabels("matrix", label).endMetadata().build()).create();
          }
          wf.await("ADDED " + fileLabel + "-2");
          we.await("ADDED " + execLabel + "-2");
          assertNotNull(readAllowingOne401(sf, fileLabel + "-2"));
          assertNotNull(readAllowingOne401(se, execLabel + "-2"));
        }
      });
      assertTrue(a.ok(), a.toString());
      assertNoSecrets(a, tokenFileA, tokenFileB, tokenExecA, tokenExecB);
      assertTrue(PluginScript.calls(state) >= 2, "the plugin ran again after the 401");
      AuditLog audit = cluster().audit();
      for (String[] c : new String[][] {{fileLabel, fileA, fileB}, {execLabel, execA, execB}}) {
        String label = c[0];
        String before = "system:serviceaccount:default:" + c[1];
        String after = "system:serviceaccount:default:" + c[2];
        AuditLog.Event first = audit.await(label + " watch", e -> "watch".equals(e.verb()) && e.uri().contains(label));
        assertEquals(before, first.user(), "the watch started with the first credential");
        audit.await("a watch of " + label + " as " + after, e -> "watch".equals(e.verb()) && e.uri().contains(label)
            && after.equals(e.user()) && e.code() != 401);
        audit.await("a read of " + label + " as " + after, e -> "get".equals(e.verb())
            && e.uri().contains(label + "-2") && after.equals(e.user()) && e.code() == 200);
      }
      // kubectl with the files as they are now
      assertKubectlAgrees(true, kcFile, List.of());
      assertKubectlAgrees(true, kcExec, List.of());
    }
  }

  /**
   * A read in a session whose credential was just replaced: client-go answers the one request that met the 401
   * with that 401 and reads the credential again for the next; a tool may as well retry at once.
   */
  static String readAllowingOne401(Session s, String name) {
    try {
      return read(s, name);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 401) throw e;
      return read(s, name);
    }
  }
}
