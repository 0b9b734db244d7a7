package kubesteps.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kubesteps.apply.ApplyCommand;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/spark-pi/run.sh end to end against a real API server, as the ServiceAccount pipeline-runner with only
 * component-specs/rbac.yaml's permissions; the test plays the Spark operator by writing the status.
 * The tools on PATH are small wrappers over this test's classpath (the same main classes the launchers and images run).
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class SparkPiRunShIT {
  static final ResourceDefinitionContext SPARK = Fixtures.SPARK;

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  @TempDir static Path tmp;
  static Path bin;

  @BeforeAll
  static void setUp() throws Exception {
    client = Fixtures.client(kubeconfigYaml);
    Fixtures.installSparkApplicationCrd(client);
    bin = Files.createDirectories(tmp.resolve("bin"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    for (Tool t : Tool.ALL) {
      Path w = bin.resolve(t.name());
      Files.writeString(w, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + cp
          + "' " + t.main() + " \"$@\"\n");
      Files.setPosixFilePermissions(w, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  /** A namespace with rbac.yaml applied (by k8s-apply, as the admin); returns pipeline-runner's kubeconfig. */
  static Path pipelineNamespace(String ns) throws Exception {
    Fixtures.createNamespace(client, ns);
    Path admin = Kubeconfigs.write(kubeconfigYaml);
    CommandRun r = CommandRun.run(new ApplyCommand(), "--kubeconfig=" + admin, "-f",
        Build.root().resolve("component-specs/rbac.yaml").toString(), "--set", "NAMESPACE=" + ns);
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("role.rbac.authorization.k8s.io/kube-steps-wait serverside-applied"), r.out());
    return Kubeconfigs.forServiceAccount(client, kubeconfigYaml, ns, "pipeline-runner");
  }

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** Starts run.sh; plays the operator: RUNNING, then {@code finalState} with the driver pod; returns the result. */
  static Result runScript(String ns, Path kubeconfig, String finalState) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", Build.root().resolve("examples/spark-pi/run.sh").toString())
        .redirectOutput(tmp.resolve(ns + ".out").toFile()).redirectError(tmp.resolve(ns + ".err").toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("TIMEOUT", "60s");
    pb.environment().remove("NAMESPACE");
    Process p = pb.start();
    try {
      GenericKubernetesResource app = awaitSparkApplication(ns, p);
      String name = app.getMetadata().getName();
      status(ns, name, "applicationState: {state: SUBMITTED}\n");
      status(ns, name, "applicationState: {state: RUNNING}\ndriverInfo: {podName: " + name + "-driver}\n");
      // the driver pod as the operator makes it (it stays Pending here: no nodes)
      client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name + "-driver")
          .endMetadata().withNewSpec().addNewContainer().withName("spark-kubernetes-driver").withImage("apache/spark")
          .endContainer().endSpec().build()).create();
      String extra = finalState.equals("FAILED") ? ", errorMessage: driver container failed" : "";
      status(ns, name, "applicationState: {state: " + finalState + extra + "}\ndriverInfo: {podName: " + name
          + "-driver}\n");
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run.sh did not end");
      return new Result(p.exitValue(), Files.readString(tmp.resolve(ns + ".out")),
          Files.readString(tmp.resolve(ns + ".err")));
    } finally {
      p.destroyForcibly();
    }
  }

  static GenericKubernetesResource awaitSparkApplication(String ns, Process p) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end && p.isAlive()) {
      List<GenericKubernetesResource> items = client.genericKubernetesResources(SPARK).inNamespace(ns).list().getItems();
      if (!items.isEmpty()) return items.get(0);
      Thread.sleep(100);
    }
    throw new AssertionError("run.sh created no SparkApplication; exit " + (p.isAlive() ? "none" : p.exitValue())
        + "\n" + Files.readString(tmp.resolve(ns + ".err"), StandardCharsets.UTF_8));
  }

  static void status(String ns, String name, String statusYaml) {
    Fixtures.setStatus(client, SPARK, ns, name, statusYaml);
  }

  @Test
  void completedGoesOnToTheDriverPod() throws Exception {
    String ns = "spark-ok";
    Result r = runScript(ns, pipelineNamespace(ns), "COMPLETED");
    assertEquals(0, r.code(), r.toString());
    String name = client.genericKubernetesResources(SPARK).inNamespace(ns).list().getItems().get(0).getMetadata()
        .getName();
    assertTrue(name.startsWith("spark-pi-"), name);
    assertTrue(r.out().contains("sparkapplication.sparkoperator.k8s.io/" + name + " created\n"), r.toString());
    assertTrue(r.out().endsWith("Spark Pi driver pod: " + name + "-driver\n"), r.toString());
    assertFalse(r.err().toLowerCase().contains("forbidden"), r.toString());
  }

  /** rbac.yaml is enough for owner_from_pod too: the step reads its own pod (get on pods). */
  @Test
  void ownerFromPodWorksWithRbacYamlOnly() throws Exception {
    String ns = "spark-owned";
    Path kubeconfig = pipelineNamespace(ns);
    var pod = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("step-pod")
        .endMetadata().withNewSpec().addNewContainer().withName("main").withImage("k8s-apply").endContainer()
        .endSpec().build()).create();
    CommandRun r = CommandRun.run(Tool.byName("k8s-apply").inPod("step-pod", tmp.resolve("none")),
        "--kubeconfig=" + kubeconfig, "-f", Build.root().resolve("examples/spark-pi/sparkapplication.yaml").toString(),
        "--owner-from-pod");
    assertEquals(0, r.code(), r.toString());
    GenericKubernetesResource app = client.genericKubernetesResources(SPARK).inNamespace(ns).list().getItems().get(0);
    assertEquals(pod.getMetadata().getUid(), app.getMetadata().getOwnerReferences().get(0).getUid());
  }

  @Test
  void failedStopsTheScriptWithExitCode1() throws Exception {
    String ns = "spark-failed";
    Result r = runScript(ns, pipelineNamespace(ns), "FAILED");
    assertEquals(1, r.code(), r.toString());
    assertFalse(r.out().contains("Spark Pi driver pod:"), r.toString());
    assertTrue(r.err().contains("driver container failed"), r.toString());
    assertTrue(r.err().contains("  events: none\n"), r.toString());
    assertTrue(r.err().contains(" log (last 20 lines):\n"), r.toString());
    // rbac.yaml lets the diagnostics read events and the driver's pod and log (it does not exist here: not found)
    assertFalse(r.err().toLowerCase().contains("forbidden") || r.err().contains("not allowed"), r.toString());
  }
}
