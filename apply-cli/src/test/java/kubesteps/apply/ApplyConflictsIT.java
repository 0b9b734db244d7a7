package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kubesteps.core.cli.Environment;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.Kubectl;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s-apply on objects other tools made, against a real kube-apiserver, beside kubectl 1.32's
 * {@code apply --server-side} on the same: made by client-side {@code kubectl apply} (upgraded, as kubectl does), by
 * {@code kubectl create}, by another field manager (a conflict, explained in one line). Each case in its own
 * namespace, each tool on its own object made the same way.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class ApplyConflictsIT {
  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static Path kubeconfig;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.write(kubeconfigYaml);
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  static CommandRun apply(String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig));
    all.addAll(List.of(args));
    ApplyCommand cmd = new ApplyCommand();
    cmd.environment = new Environment(new ByteArrayInputStream(new byte[0]), Map.of(), null);
    return CommandRun.run(cmd, all.toArray(String[]::new));
  }

  static Kubectl.Result kubectl(String... args) {
    return Kubectl.run(kubeconfig, Map.of(), args);
  }

  Path manifest(String name, String ns, String data) throws Exception {
    return Files.writeString(tmp.resolve(name + "-" + ns + "-" + Math.abs(data.hashCode()) + ".yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\ndata: " + data
            + "\n");
  }

  static ConfigMap get(String ns, String name) {
    return client.configMaps().inNamespace(ns).withName(name).get();
  }

  static List<String> managers(ConfigMap cm) {
    return cm.getMetadata().getManagedFields().stream().map(m -> m.getManager() + "/" + m.getOperation()).toList();
  }

  static void made(String how, Path file) {
    Kubectl.Result r = switch (how) {
      case "apply" -> kubectl("apply", "-f", file.toString());
      case "create" -> kubectl("create", "-f", file.toString());
      case "create --save-config" -> kubectl("create", "--save-config", "-f", file.toString());
      default -> throw new IllegalArgumentException(how);
    };
    assertTrue(r.ok(), r.toString());
  }

  /**
   * Side by side in namespace {@code ns}: ConfigMaps "mine" and "kubectls" made by kubectl ({@code how}) with
   * {@code data}, then "mine" applied with {@code changed} by k8s-apply and "kubectls" by {@code kubectl apply
   * --server-side} (which must succeed); k8s-apply's run.
   */
  CommandRun besideKubectl(String how, String ns, String data, String changed) throws Exception {
    made(how, manifest("mine", ns, data));
    made(how, manifest("kubectls", ns, data));
    CommandRun r = apply("-f", manifest("mine", ns, changed).toString());
    Kubectl.Result k = kubectl("apply", "--server-side", "-f", manifest("kubectls", ns, changed).toString());
    assertTrue(k.ok(), k.toString());
    return r;
  }

  // ---------------------------------------------------------------- client-side kubectl apply: upgraded

  @Test
  void anObjectMadeByClientSideKubectlApplyIsTakenOverAsKubectlServerSideDoes() throws Exception {
    String ns = "csa";
    Fixtures.createNamespace(client, ns);
    // a changed, b left out, c new
    CommandRun r = besideKubectl("apply", ns, "{a: \"1\", b: \"2\"}", "{a: \"9\", c: \"3\"}");
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/mine serverside-applied\n", r.out());
    assertEquals("", r.err());
    ConfigMap mine = get(ns, "mine");
    ConfigMap theirs = get(ns, "kubectls");
    assertEquals(Map.of("a", "9", "c", "3"), mine.getData(), "b, applied client-side before and left out, removed");
    assertEquals(theirs.getData(), mine.getData(), "as kubectl --server-side leaves it");
    assertEquals(List.of("k8s-apply/Apply"), managers(mine), "the client-side manager's fields became ours");
    assertEquals(List.of("kubectl/Apply", "kubectl-last-applied/Apply"), managers(theirs));
    assertFalse(mine.getMetadata().getAnnotations().containsKey(ClientSideApplyUpgrade.LAST_APPLIED),
        "the last-applied annotation (ours now, not in the manifest) goes, as with kubectl --server-side"
            + " --field-manager=OTHER: it would be stale");
    // and from then on it is ours: the same again is unchanged
    CommandRun again = apply("-f", manifest("mine", ns, "{a: \"9\", c: \"3\"}").toString());
    assertEquals("configmap/mine unchanged\n", again.out(), again.toString());
  }

  @Test
  void withTheSameValuesThereIsNoConflictAndTheObjectIsUpgradedAllTheSame() throws Exception {
    String ns = "csa-same";
    Fixtures.createNamespace(client, ns);
    Path file = manifest("x", ns, "{a: \"1\"}");
    made("apply", file);
    CommandRun r = apply("-f", file.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/x serverside-applied\n", r.out(), "its managed fields changed");
    assertEquals(List.of("k8s-apply/Apply"), managers(get(ns, "x")));
  }

  @Test
  void createWithSaveConfigIsAClientSideApplyToo() throws Exception {
    String ns = "csa-save-config";
    Fixtures.createNamespace(client, ns);
    CommandRun r = besideKubectl("create --save-config", ns, "{a: \"1\"}", "{a: \"2\"}");
    assertEquals(0, r.code(), r.toString());
    assertEquals("2", get(ns, "mine").getData().get("a"));
    assertEquals(List.of("k8s-apply/Apply"), managers(get(ns, "mine")));
  }

  @Test
  void aServerDryRunSaysWhatTheRealRunWouldAndChangesNothing() throws Exception {
    String ns = "csa-dry";
    Fixtures.createNamespace(client, ns);
    made("apply", manifest("x", ns, "{a: \"1\"}"));
    ConfigMap before = get(ns, "x");
    CommandRun r = apply("-f", manifest("x", ns, "{a: \"2\"}").toString(), "--dry-run=server", "-o",
        "jsonpath={.data.a}");
    assertEquals(0, r.code(), r.toString());
    assertEquals("2", r.out());
    ConfigMap after = get(ns, "x");
    assertEquals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
    assertEquals(List.of("kubectl-client-side-apply/Update"), managers(after));
  }

  @Test
  void aClientSideAppliedObjectAnotherManagerChangedSinceIsAConflictAndStaysAsItWas() throws Exception {
    String ns = "csa-edited";
    Fixtures.createNamespace(client, ns);
    made("apply", manifest("x", ns, "{a: \"1\", b: \"2\"}"));
    assertTrue(kubectl("patch", "-n", ns, "cm", "x", "-p", "{\"data\":{\"a\":\"5\"}}").ok());
    ConfigMap before = get(ns, "x");
    Path file = manifest("x", ns, "{a: \"9\", b: \"2\"}");
    CommandRun r = apply("-f", file.toString());
    assertEquals(5, r.code(), r.toString());
    assertEquals("error: Apply failed with 1 conflict: conflict with \"kubectl-patch\" using v1: .data.a (configmap/x, "
        + file + ":1:1); rerun with --force-conflicts to take these fields over, or leave them out of the manifest"
        + " (or give them their current values) to keep their managers\n", r.err());
    ConfigMap after = get(ns, "x");
    assertEquals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion(),
        "the upgrade would not have resolved it: not made");
    Kubectl.Result k = kubectl("apply", "--server-side", "-f", file.toString());
    assertFalse(k.ok(), k.toString());
    assertTrue(r.err().startsWith(k.err().lines().findFirst().orElseThrow() + " ("),
        "kubectl's first line, then more:\n" + k + "\n" + r);
  }

  // ---------------------------------------------------------------- kubectl create, other managers: conflicts

  @Test
  void anObjectMadeByKubectlCreateConflictsWhereTheManifestChangesIt() throws Exception {
    String ns = "created";
    Fixtures.createNamespace(client, ns);
    made("create", manifest("x", ns, "{a: \"1\", b: \"2\"}"));
    ConfigMap before = get(ns, "x");
    Path same = manifest("x", ns, "{a: \"1\"}");
    Path changed = manifest("x", ns, "{a: \"9\", b: \"2\"}");
    Kubectl.Result k = kubectl("apply", "--server-side", "-f", changed.toString());
    CommandRun r = apply("-f", changed.toString());
    assertFalse(k.ok(), k.toString());
    assertEquals(5, r.code(), r.toString());
    String kubectlsLine = k.err().lines().findFirst().orElseThrow();
    assertEquals("error: Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.a",
        kubectlsLine);
    assertEquals(kubectlsLine + " (configmap/x, " + changed + ":1:1); rerun with --force-conflicts to take these"
        + " fields over, or leave them out of the manifest (or give them their current values) to keep their"
        + " managers\n", r.err());
    assertEquals(before.getMetadata().getResourceVersion(), get(ns, "x").getMetadata().getResourceVersion());
    // the same value is shared, no conflict (kubectl alike)
    CommandRun shared = apply("-f", same.toString());
    assertEquals(0, shared.code(), shared.toString());
    assertTrue(kubectl("apply", "--server-side", "-f", same.toString()).ok());
    // and --force-conflicts takes it over
    CommandRun forced = apply("-f", changed.toString(), "--force-conflicts");
    assertEquals(0, forced.code(), forced.toString());
    assertEquals("9", get(ns, "x").getData().get("a"));
  }

  @Test
  void severalManagersSeveralFieldsOneLine() throws Exception {
    String ns = "managers";
    Fixtures.createNamespace(client, ns);
    made("create", manifest("x", ns, "{a: \"1\", b: \"2\"}"));
    assertTrue(kubectl("patch", "-n", ns, "cm", "x", "--field-manager=helm", "-p", "{\"data\":{\"c\":\"3\"}}").ok());
    Path changed = manifest("x", ns, "{a: \"9\", b: \"8\", c: \"7\"}");
    Kubectl.Result k = kubectl("apply", "--server-side", "-f", changed.toString());
    CommandRun r = apply("-f", changed.toString());
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    String kubectlsLine = k.err().lines().findFirst().orElseThrow();
    assertEquals("error: Apply failed with 3 conflicts: conflicts with \"helm\" using v1:", kubectlsLine);
    assertEquals(kubectlsLine + " .data.c; conflicts with \"kubectl-create\" using v1: .data.a, .data.b (configmap/x, "
        + changed + ":1:1); rerun with --force-conflicts to take these fields over, or leave them out of the manifest"
        + " (or give them their current values) to keep their managers\n", r.err());
    List<ManagedFieldsEntry> fields = get(ns, "x").getMetadata().getManagedFields();
    assertEquals(2, fields.size(), "nothing changed: " + fields);
  }
}
