package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kubesteps.core.cli.Environment;
import kubesteps.core.testing.AuditLog;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.PluginScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s-apply end to end with a token file and with an exec plugin that fails (issue 24), against the real API server
 * of core's connection matrix ({@link ConnectCluster}): the write runs as the file's user with a user agent naming
 * k8s-apply; the failing plugin is exit 5 in one line and nothing is sent.
 */
@ExtendWith(ConnectCluster.Shared.class)
class ApplyConnectIT {
  @TempDir Path tmp;

  static ConnectCluster cluster() {
    return ConnectCluster.get();
  }

  static CommandRun apply(Path kubeconfig, String name) {
    ApplyCommand cmd = new ApplyCommand();
    cmd.environment = new Environment(new ByteArrayInputStream(new byte[0]), Map.of(), null);
    return CommandRun.run(cmd, "--kubeconfig", kubeconfig.toString(), "-n", "default", "--manifest", """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {k: v}
        """.formatted(name));
  }

  @Test
  void appliesAsTheTokenFilesUser() throws Exception {
    Files.writeString(tmp.resolve("token"), "file-token\n");
    Path kc = Files.writeString(tmp.resolve("kubeconfig"), cluster().kubeconfig("", "tokenFile: token"));
    String name = "a-" + UUID.randomUUID().toString().substring(0, 8);

    CommandRun r = apply(kc, name);

    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/" + name + " serverside-applied\n", r.out(), r.toString());
    AuditLog.Event e = cluster().audit().await(name, "patch");
    assertEquals("file-user", e.user(), e.toString());
    assertEquals(ConnectCluster.userAgent("k8s-apply"), e.userAgent(), e.toString());
    assertFalse(r.toString().contains("file-token"), r.toString());
  }

  @Test
  void aFailingExecPluginIsExit5InOneLineAndNothingIsSent() throws Exception {
    PluginScript plugin = PluginScript.in(tmp, "failing-plugin").exitCode(1).write();
    Path kc = Files.writeString(tmp.resolve("kubeconfig"), cluster().kubeconfig("",
        plugin.userYaml(tmp.resolve("state"), List.of(), Map.of(), null, "Never", null)));
    String name = "a-" + UUID.randomUUID().toString().substring(0, 8);

    CommandRun r = apply(kc, name);

    assertEquals(5, r.code(), r.toString());
    List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(List.of("error: getting credentials: exec: executable " + plugin.script()
        + " failed with exit code 1"), errors, r.toString());
    assertFalse(r.toString().contains(PluginScript.FAILED_SECRET), r.toString());
    cluster().syncAudit();
    assertEquals(List.of(), cluster().audit().about(name), "requests went out");
    assertTrue(r.out().isEmpty(), r.toString());
  }
}
