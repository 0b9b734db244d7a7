package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kubesteps.core.testing.AuditLog;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.ConnectCluster;
import kubesteps.core.testing.PluginScript;
import kubesteps.core.testing.SystemStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s-wait end to end with an exec credential plugin (issue 24), against the real API server of core's connection
 * matrix ({@link ConnectCluster}): its list and its watch run as the plugin's user, with one plugin run for both, and
 * the user agent names k8s-wait; a plugin that is not installed is exit 5 in one line.
 */
@ExtendWith(ConnectCluster.Shared.class)
class WaitConnectIT {
  @TempDir Path tmp;

  static ConnectCluster cluster() {
    return ConnectCluster.get();
  }

  @Test
  void listsAndWatchesAsTheExecPluginsUser() throws Exception {
    PluginScript plugin = PluginScript.in(tmp, "plugin").tokenPerCall("exec-token").write();
    Path state = tmp.resolve("state");
    Path kc = Files.writeString(tmp.resolve("kubeconfig"), cluster().kubeconfig("",
        plugin.userYaml(state, List.of(), Map.of(), null, "Never", null)));
    String name = "w-" + UUID.randomUUID().toString().substring(0, 8);

    CommandRun.Running wait = CommandRun.start(new WaitCommand(), "--kubeconfig", kc.toString(), "-n", "default",
        "configmap/" + name, "--for", "create", "--timeout", "30s");
    wait.awaitErr("configmap/" + name + ": (not found)");
    cluster().admin().configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName(name).endMetadata().build()).create();
    CommandRun r = wait.await();

    assertEquals(0, r.code(), r.toString());
    assertEquals(1, PluginScript.calls(state), "one credential for the list and the watch");
    for (String verb : List.of("list", "watch")) {
      AuditLog.Event e = cluster().audit().await(name, verb);
      assertEquals("exec-user-1", e.user(), e.toString());
      assertEquals(ConnectCluster.userAgent("k8s-wait"), e.userAgent(), e.toString());
    }
    assertFalse(r.toString().contains("exec-token-1"), r.toString());
  }

  @Test
  void aMissingPluginIsExit5InOneLine() throws Exception {
    Path kc = Files.writeString(tmp.resolve("kubeconfig"), cluster().kubeconfig("", PluginScript.userYaml(
        "kube-steps-test-missing-plugin", "client.authentication.k8s.io/v1", null, List.of(), Map.of(), null, "Never",
        "Install it from https://example.test/install")));
    String name = "w-" + UUID.randomUUID().toString().substring(0, 8);

    SystemStreams.Captured<CommandRun> c = SystemStreams.capture(() -> CommandRun.run(new WaitCommand(),
        "--kubeconfig", kc.toString(), "-n", "default", "configmap/" + name, "--for", "create", "--timeout", "30s"));

    CommandRun r = c.value();
    assertEquals(5, r.code(), r + c.err());
    List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), r.toString());
    assertTrue(errors.get(0).startsWith(
        "error: getting credentials: exec: executable kube-steps-test-missing-plugin not found"), r.toString());
    cluster().syncAudit();
    assertEquals(List.of(), cluster().audit().about(name), "requests went out");
  }
}
