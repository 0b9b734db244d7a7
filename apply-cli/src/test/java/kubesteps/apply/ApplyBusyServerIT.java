package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import kubesteps.core.cli.Environment;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 429 storm from a real API server that takes one request at a time (--max-requests-inflight=1
 * --max-mutating-requests-inflight=1; priority and fairness off, so that the limits answer 429 at once instead of
 * queueing) while k8s-apply sends 500 objects with its default concurrency (16), as a service account (the server
 * does not limit system:masters): every object applied, exit 0, and the server's metrics count the 429s it answered.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2", apiServerFlags = {"--max-requests-inflight=1",
    "--max-mutating-requests-inflight=1", "--enable-priority-and-fairness=false"})
class ApplyBusyServerIT {
  @KubeConfig static String kubeconfigYaml;
  @TempDir Path tmp;

  @Test
  void fiveHundredObjectsIntoAServerThatAnswers429AreAllApplied() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      text.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-").append(i).append("\ndata:\n  i: \"")
          .append(i).append("\"\n---\n");
    }
    Path f = tmp.resolve("many.yaml");
    Files.writeString(f, text);
    try (KubernetesClient client = Fixtures.client(kubeconfigYaml)) {
      Fixtures.createNamespace(client, "storm");
      // not the admin: the server does not limit system:masters
      client.serviceAccounts().inNamespace("storm").resource(new ServiceAccountBuilder().withNewMetadata()
          .withName("applier").endMetadata().build()).create();
      client.rbac().roles().inNamespace("storm").resource(new RoleBuilder().withNewMetadata().withName("cm")
          .endMetadata().addNewRule().withApiGroups("").withResources("configmaps")
          .withVerbs("get", "list", "create", "patch").endRule().build()).create();
      client.rbac().roleBindings().inNamespace("storm").resource(new RoleBindingBuilder().withNewMetadata()
          .withName("cm").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role")
          .withName("cm").endRoleRef().addNewSubject().withKind("ServiceAccount").withName("applier")
          .withNamespace("storm").endSubject().build()).create();
      Path kubeconfig = Kubeconfigs.forServiceAccount(client, kubeconfigYaml, "storm", "applier");
      ApplyCommand cmd = new ApplyCommand();
      cmd.environment = new Environment(new ByteArrayInputStream(new byte[0]), Map.of(), null);
      long start = System.nanoTime();
      CommandRun r = CommandRun.run(cmd, "--kubeconfig=" + kubeconfig, "-n", "storm", "-f", f.toString());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(0, r.code(), r.err());
      assertEquals(500, r.out().lines().filter(l -> l.endsWith(" serverside-applied")).count(), r.out());
      assertEquals(500, client.configMaps().inNamespace("storm").list().getItems().size());
      // the server's own count of the 429s it answered: the storm happened
      long refused = 0;
      for (String line : client.raw("/metrics").lines().toList()) {
        if (line.startsWith("apiserver_request_terminations_total{code=\"429\"")
            && line.contains("resource=\"configmaps\"")) {
          refused += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      assertTrue(refused > 0, "the server answered no 429 to the configmaps");
      System.out.println("429 storm: 500 objects applied in " + millis + " ms, " + refused
          + " of its requests answered 429");
    }
  }
}
