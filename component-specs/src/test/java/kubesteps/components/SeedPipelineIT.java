package kubesteps.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed pipeline, examples/spark-pi/pipeline.py, as the real KFP SDK 2.16.1 compiled it (its DAG: tasks, their
 * inputs and what feeds them, kfp-v2-ir/spark-pi-pipeline-ir-77f6504.yaml), run task after task as each backend
 * runs it against a real API server, the test playing the Spark operator: k8s-apply submits Spark Pi
 * (generateName, owner from the step's pod), k8s-wait waits for COMPLETED and fails on FAILED, k8s-get reads the
 * driver pod's name, and the last step gets that name. The kube-steps tasks run today's specs (component.yaml on
 * the v2 backends, component-kfp-v1.yaml on v1), which keep the interface the DAG was compiled against
 * (KfpV2CompilerTest); the last task is a KFP v2 container component and is resolved from the IR itself.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class SeedPipelineIT {
  static final Map<String, Object> IR = KfpV2CompilerTest.SPARK_PI_IR;
  static final String RUN_TIMEOUT = "60s";

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  @TempDir static Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    Fixtures.installSparkApplicationCrd(client);
  }

  @AfterAll
  static void tearDown() {
    System.clearProperty("kubeconfig");
    client.close();
  }

  /** One run of the pipeline: its namespace, the step pod standing in for every step, the tasks' outputs. */
  static final class PipelineRun {
    final KfpBackend backend;
    final String ns;
    final Path podNamespaceFile;
    final Map<String, Map<String, String>> outputs = new LinkedHashMap<>();
    final Map<String, List<String>> lines = new LinkedHashMap<>();
    final Map<String, Runnable> collectors = new LinkedHashMap<>();

    PipelineRun(KfpBackend backend, String ns) throws Exception {
      this.backend = backend;
      this.ns = ns;
      Fixtures.createNamespace(client, ns);
      // the step's pod, controlled by the run's Workflow (a ConfigMap plays the Workflow)
      ConfigMap workflow = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
          .withName("run-workflow").endMetadata().build()).create();
      client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("step-pod")
          .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("run-workflow")
          .withUid(workflow.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
          .withNewSpec().addNewContainer().withName("main").withImage("k8s-apply").endContainer().endSpec().build())
          .create();
      podNamespaceFile = Files.writeString(tmp.resolve("namespace-" + ns), ns);
      System.setProperty("kubeconfig", Kubeconfigs.withNamespace(kubeconfigYaml, ns).toString());
    }

    /** A task's inputs from the DAG: constants, other tasks' outputs (read as the launcher reads them), run inputs. */
    @SuppressWarnings("unchecked")
    Map<String, Object> inputs(String task) {
      Map<String, Object> spec = (Map<String, Object>) tasks().get(task);
      Map<String, Object> params = (Map<String, Object>) ((Map<String, Object>) spec.getOrDefault("inputs",
          Map.of())).getOrDefault("parameters", Map.of());
      Map<String, Object> out = new LinkedHashMap<>();
      params.forEach((name, source) -> {
        Map<String, Object> s = (Map<String, Object>) source;
        if (s.containsKey("runtimeValue")) {
          out.put(name, ((Map<String, Object>) s.get("runtimeValue")).get("constant"));
        } else if (s.containsKey("taskOutputParameter")) {
          Map<String, Object> t = (Map<String, Object>) s.get("taskOutputParameter");
          String value = outputs.get((String) t.get("producerTask")).get((String) t.get("outputParameterKey"));
          if (value == null) throw new AssertionError(task + ": no output " + t);
          out.put(name, value);
        } else if ("timeout".equals(s.get("componentInputParameter"))) {
          out.put(name, RUN_TIMEOUT);
        } else {
          throw new AssertionError(task + ": an input source this test does not know: " + s);
        }
      });
      return out;
    }

    /** Starts a kube-steps task: its command line as the backend makes it, run in-process as the step's pod. */
    CommandRun.Running start(String task) {
      String tool = componentOf(task).replaceFirst("^comp-", "");
      ComponentSpec spec = ComponentSpec.read(backend.spec(Build.root(), tool));
      Path root = tmp.resolve(ns).resolve(task);
      List<String> line = backend.commandLine(spec, inputs(task), root, tmp);
      lines.put(task, line);
      collectors.put(task, () -> {
        Map<String, String> read = new LinkedHashMap<>();
        for (String o : spec.outputs().keySet()) {
          Path f = backend.outputFile(root, o);
          try {
            if (Files.isRegularFile(f)) read.put(o, Files.readString(f));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
        outputs.put(task, read);
      });
      int n = spec.command().size();
      Tool t = Tool.byMain(line.get(n - 1));
      Object command = t.inPod("step-pod", podNamespaceFile);
      return CommandRun.start(command, line.subList(n, line.size()).toArray(String[]::new));
    }

    /** Waits for a started task; on exit 0 the launcher reads every declared output, verbatim, and so does this. */
    CommandRun await(String task, CommandRun.Running running) throws Exception {
      CommandRun r = running.await();
      if (r.code() == 0) collectors.get(task).run();
      return r;
    }

    CommandRun run(String task) throws Exception {
      return await(task, start(task));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> tasks() {
    return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) IR.get("root")).get("dag")).get("tasks");
  }

  @SuppressWarnings("unchecked")
  static String componentOf(String task) {
    return (String) ((Map<String, Object>) ((Map<String, Object>) tasks().get(task)).get("componentRef")).get("name");
  }

  /** The DAG's tasks in an order that honours dependentTasks. */
  @SuppressWarnings("unchecked")
  static List<String> order() {
    Set<String> done = new LinkedHashSet<>();
    while (done.size() < tasks().size()) {
      for (String t : tasks().keySet()) {
        List<String> deps = (List<String>) ((Map<String, Object>) tasks().get(t)).getOrDefault("dependentTasks",
            List.of());
        if (!done.contains(t) && done.containsAll(deps)) done.add(t);
      }
    }
    return new ArrayList<>(done);
  }

  static void operator(String ns, String name, String statusYaml) {
    Fixtures.setStatus(client, Fixtures.SPARK, ns, name, statusYaml);
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void completesAndHandsTheDriverPodOn(KfpBackend b) throws Exception {
    assertEquals(List.of("k8s-apply", "k8s-wait", "k8s-get", "use-driver-pod"), order());
    PipelineRun run = new PipelineRun(b, "seed-ok-" + b.id());

    CommandRun apply = run.run("k8s-apply");
    assertEquals(0, apply.code(), apply.toString());
    String name = run.outputs.get("k8s-apply").get("name");
    assertTrue(name.matches("spark-pi-[a-z0-9]{5}"), "the generated name, nothing else: '" + name + "'");
    GenericKubernetesResource app = client.genericKubernetesResources(Fixtures.SPARK).inNamespace(run.ns)
        .withName(name).get();
    assertEquals("run-workflow", app.getMetadata().getOwnerReferences().get(0).getName(), "owner_from_pod=true");
    assertEquals(app.getMetadata().getUid(), run.outputs.get("k8s-apply").get("uid"));

    CommandRun.Running waiting = run.start("k8s-wait");
    operator(run.ns, name, "applicationState: {state: RUNNING}\n");
    waiting.awaitErr("RUNNING"); // seen (first or as a change), and RUNNING is not COMPLETED:
    assertFalse(waiting.code().isDone(), "RUNNING is not COMPLETED: " + waiting.err());
    operator(run.ns, name, "applicationState: {state: COMPLETED}\ndriverInfo: {podName: " + name + "-driver}\n");
    CommandRun wait = run.await("k8s-wait", waiting);
    assertEquals(0, wait.code(), wait.toString());
    assertEquals("succeeded", run.outputs.get("k8s-wait").get("state").strip());
    assertTrue(run.lines.get("k8s-wait").stream().anyMatch(a -> a.contains(RUN_TIMEOUT)), "the run's timeout input");

    CommandRun get = run.run("k8s-get");
    assertEquals(0, get.code(), get.toString());
    assertEquals(name + "-driver", run.outputs.get("k8s-get").get("value"));

    if (b != KfpBackend.V1) {
      // the downstream step, a KFP v2 container component, gets the name as its argument
      List<String> last = b.commandLine(KfpV2Compiler.fromIr(IR, "use-driver-pod"), run.inputs("use-driver-pod"),
          tmp.resolve(run.ns).resolve("use-driver-pod"));
      assertEquals(List.of("echo", "Spark Pi driver pod:", name + "-driver"), last);
    }
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void failsOnFailedAndStopsThere(KfpBackend b) throws Exception {
    PipelineRun run = new PipelineRun(b, "seed-failed-" + b.id());
    assertEquals(0, run.run("k8s-apply").code());
    String name = run.outputs.get("k8s-apply").get("name");
    CommandRun.Running waiting = run.start("k8s-wait");
    operator(run.ns, name, "applicationState: {state: RUNNING}\n");
    operator(run.ns, name, "applicationState: {state: FAILED, errorMessage: driver pod failed}\n");
    CommandRun wait = run.await("k8s-wait", waiting);
    assertEquals(1, wait.code(), wait.toString());
    assertTrue(wait.err().contains("FAILED"), wait.err());
    // the step failed: the backend runs no task after it, and delete_on (timeout,cancel) kept the object
    assertNull(run.outputs.get("k8s-get"));
    assertTrue(client.genericKubernetesResources(Fixtures.SPARK).inNamespace(run.ns).withName(name).get() != null);
  }
}
