package kubesteps.core.connect;

import static kubesteps.core.connect.ConnectTestSupport.PROBE_NAME;
import static kubesteps.core.connect.ConnectTestSupport.assertFailsInOneLine;
import static kubesteps.core.connect.ConnectTestSupport.assertKubectlAgrees;
import static kubesteps.core.connect.ConnectTestSupport.assertNoSecrets;
import static kubesteps.core.connect.ConnectTestSupport.assertRanAs;
import static kubesteps.core.connect.ConnectTestSupport.cluster;
import static kubesteps.core.connect.ConnectTestSupport.readOnly;
import static kubesteps.core.connect.ConnectTestSupport.roundTrip;
import static kubesteps.core.connect.ConnectTestSupport.unique;
import static kubesteps.core.connect.ConnectTestSupport.userAgent;
import static kubesteps.core.connect.ConnectTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import kubesteps.core.connect.ConnectTestSupport.Attempt;
import kubesteps.core.connect.ConnectTestSupport.Identity;
import kubesteps.core.testing.AuditLog;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.HeaderRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Impersonation from the kubeconfig ({@code as}, {@code as-groups}, {@code as-user-extra}, {@code as-uid}) and from
 * the flags ({@code --as}, {@code --as-group}, {@code --as-uid}; the flags override the file, as in kubectl), with the
 * server's audit log showing the impersonated user; the user agent. The user {@code impersonator} may only
 * impersonate (auth/rbac.yaml): a request that succeeds ran as the impersonated user. What 1.20.2 cannot show
 * ({@code Impersonate-Uid} is from 1.22; basic authentication was removed in 1.19; {@code Accept-Encoding}) is read
 * from the headers a stand-in server records.
 */
@ExtendWith(ConnectCluster.Shared.class)
class ImpersonationAndHeadersIT {
  @TempDir Path tmp;

  private static final String FILE_IMPERSONATION = """
      token: impersonator-token
      as: file-target
      as-groups: [connect-testers]
      as-user-extra:
        reason: [matrix]""";

  @Test
  void impersonationFromTheKubeconfig() throws Exception {
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("", FILE_IMPERSONATION));
    String name = unique("as-file");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());

    assertTrue(a.ok(), a.toString());
    List<AuditLog.Event> events = assertRanAs(name,
        new Identity("impersonator", "file-target", List.of("connect-testers")));
    for (AuditLog.Event e : events) {
      assertEquals(List.of("matrix"), e.impersonatedExtra().get("reason"), "as-user-extra: " + e);
    }
    assertNoSecrets(a, "impersonator-token");
    assertKubectlAgrees(true, kc, List.of());
  }

  @Test
  void theFlagsOverrideTheKubeconfigsImpersonation() throws Exception {
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("", FILE_IMPERSONATION));
    String name = unique("as-flags");
    List<String> flags = List.of("--as", "flag-target", "--as-group", "connect-testers", "--as-group", "second-group");

    Attempt a = roundTrip(name, "--kubeconfig", kc.toString(), "--as", "flag-target", "--as-group", "connect-testers",
        "--as-group", "second-group");

    assertTrue(a.ok(), a.toString());
    assertRanAs(name, new Identity("impersonator", "flag-target", List.of("connect-testers", "second-group")));
    assertKubectlAgrees(true, kc, flags);
  }

  @Test
  void impersonationByFlagsAloneAndWithoutIt() throws Exception {
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("", "token: impersonator-token"));
    String name = unique("as-only-flags");
    Attempt a = roundTrip(name, "--kubeconfig", kc.toString(), "--as", "flag-only", "--as-group", "connect-testers");
    assertTrue(a.ok(), a.toString());
    assertRanAs(name, new Identity("impersonator", "flag-only", List.of("connect-testers")));

    // the impersonator itself may not read ConfigMaps: without impersonation, refused as itself
    Attempt itself = readOnly(unique("as-none"), "--kubeconfig", kc.toString());
    assertFailsInOneLine(itself, "User \"impersonator\" cannot get resource \"configmaps\"", false);
    assertKubectlAgrees(false, kc, List.of());
  }

  @Test
  void theUserAgentNamesTheToolAndItsVersion() throws Exception {
    Path kc = write(tmp, "kubeconfig", cluster().kubeconfig("", "token: static-token"));
    String name = unique("agent");
    Attempt a = roundTrip(name, "--kubeconfig", kc.toString());
    assertTrue(a.ok(), a.toString());
    for (String verb : List.of("create", "get", "watch")) {
      AuditLog.Event e = cluster().audit().await(name, verb);
      assertEquals(userAgent(PROBE_NAME), e.userAgent(), verb + ": " + e);
    }
  }

  private Path recorderKubeconfig(HeaderRecorder server, String clusterExtra, String user) {
    return write(tmp, "kubeconfig-recorder", ConnectCluster.kubeconfig(server.url(), clusterExtra, user));
  }

  /** {@code as-uid} and {@code --as-uid} (Impersonate-Uid, which the 1.20.2 server does not know yet). */
  @Test
  void impersonationUidFromTheKubeconfigAndTheFlag() {
    try (HeaderRecorder server = new HeaderRecorder()) {
      Path kc = recorderKubeconfig(server, "", """
          token: impersonator-token
          as: uid-target
          as-uid: uid-from-file
          as-groups: [connect-testers]""");
      String fromFile = unique("as-uid-file");
      Attempt a = readOnly(fromFile, "--kubeconfig", kc.toString());
      assertTrue(a.ok(), a.toString());
      HeaderRecorder.Request r = server.about(fromFile).get(0);
      assertEquals("uid-target", r.header("Impersonate-User"), r.toString());
      assertEquals("uid-from-file", r.header("Impersonate-Uid"), r.toString());
      assertEquals("connect-testers", r.header("Impersonate-Group"), r.toString());

      String fromFlag = unique("as-uid-flag");
      Attempt b = readOnly(fromFlag, "--kubeconfig", kc.toString(), "--as", "flag-uid-target", "--as-uid",
          "uid-from-flag");
      assertTrue(b.ok(), b.toString());
      HeaderRecorder.Request f = server.about(fromFlag).get(0);
      assertEquals("flag-uid-target", f.header("Impersonate-User"), f.toString());
      assertEquals("uid-from-flag", f.header("Impersonate-Uid"), f.toString());
    }
  }

  /**
   * What the tools send, header by header, on a plain read: user agent, no compression asked for, and no credentials
   * to a server reached over plain http (client-go reads a user's credentials only for a TLS transport).
   */
  @Test
  void theHeadersOfARead_userAgentNoCredentialsOverPlainHttpAndNoCompression() {
    try (HeaderRecorder server = new HeaderRecorder()) {
      Path kc = recorderKubeconfig(server, "disable-compression: true",
          "username: basic-user\npassword: basic-password-0123456789");
      String name = unique("headers");
      Attempt a = readOnly(name, "--kubeconfig", kc.toString());
      assertTrue(a.ok(), a.toString());
      HeaderRecorder.Request r = server.about(name).get(0);
      assertEquals(userAgent(PROBE_NAME), r.header("User-Agent"), r.toString());
      assertEquals(null, r.header("Authorization"), "no credentials over http: " + r.headers().keySet());
      String encoding = r.header("Accept-Encoding");
      assertFalse(encoding != null && encoding.contains("gzip"), "disable-compression: " + r);
      assertNoSecrets(a, "basic-password-0123456789");
    }
  }
}
