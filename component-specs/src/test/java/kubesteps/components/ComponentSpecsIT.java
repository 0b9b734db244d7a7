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
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import kubesteps.apply.InPod;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each component.yaml run as a pipeline engine runs it: its command line resolved from the arguments (inputValue,
 * outputPath to a path whose folder does not exist yet, if/isPresent with and without the optional inputs, concat),
 * then run in-process against a real API server, the output files read back. The step's pod is played by the
 * system property {@code kubeconfig} (the pod's credentials; its context's namespace is the pipeline's namespace,
 * as a pod's own namespace would be) and, for --owner-from-pod, POD_NAME and the pod's namespace file.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComponentSpecsIT {
  static final String NS = "pipeline";
  static final String OTHER = "team-data";
  static final ResourceDefinitionContext SPARK = Fixtures.SPARK;
  static final ResourceDefinitionContext JOB = new ResourceDefinitionContext.Builder()
      .withGroup("batch").withVersion("v1").withKind("Job").withPlural("jobs").withNamespaced(true).build();
  static final String STATE = "jsonpath={.status.applicationState.state}";

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static final Map<String, ComponentSpec> SPECS = new LinkedHashMap<>();
  /** "k8s-get input jsonpath", "k8s-get output value": what some case passed or read back. */
  static final Set<String> EXERCISED = ConcurrentHashMap.newKeySet();
  static final AtomicInteger RUNS = new AtomicInteger();
  @TempDir static Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    Fixtures.createNamespace(client, NS);
    Fixtures.createNamespace(client, OTHER);
    Fixtures.installSparkApplicationCrd(client);
    System.setProperty("kubeconfig", Kubeconfigs.withNamespace(kubeconfigYaml, NS).toString());
    for (Tool t : Tool.ALL) SPECS.put(t.name(), ComponentSpec.read(Build.spec(t.name())));
  }

  @AfterAll
  static void tearDown() {
    System.clearProperty("kubeconfig");
    client.close();
  }

  /** One step: the resolved command line, and where the engine asked for the outputs. */
  record Step(String tool, List<String> line, Map<String, Path> outputs) {
    String[] args() {
      int n = SPECS.get(tool).command().size();
      return line.subList(n, line.size()).toArray(String[]::new);
    }

    Object command(Path podNamespaceFile) {
      Tool t = Tool.byMain(line.get(SPECS.get(tool).command().size() - 1));
      return t.name().equals("k8s-apply") ? InPod.command("step-pod", podNamespaceFile) : t.command().get();
    }

    /** An output file's content; the engine fails a step whose output file is missing, so must this. */
    String output(String name) throws Exception {
      Path p = outputs.get(name);
      assertTrue(Files.isRegularFile(p), tool + ": output " + name + " was not written (" + p + ")");
      EXERCISED.add(tool + " output " + name);
      return Files.readString(p);
    }
  }

  static Step step(String tool, Map<String, String> arguments) {
    ComponentSpec spec = SPECS.get(tool);
    Path root = tmp.resolve("run-" + RUNS.incrementAndGet());
    Map<String, Path> outputs = new LinkedHashMap<>();
    for (String o : spec.outputs().keySet()) outputs.put(o, root.resolve("outputs").resolve(o).resolve("data"));
    assertFalse(Files.exists(root), "the outputs' folders must not exist yet");
    List<String> line = CommandLines.resolve(spec, arguments, outputs, tmp);
    arguments.keySet().forEach(k -> EXERCISED.add(tool + " input " + k));
    return new Step(tool, line, outputs);
  }

  static CommandRun run(Step s, Path podNamespaceFile) {
    return CommandRun.run(s.command(podNamespaceFile), s.args());
  }

  static CommandRun run(Step s) {
    return run(s, tmp.resolve("no-such-namespace-file"));
  }

  static GenericKubernetesResource spark(String name) {
    return Fixtures.createSparkApplication(client, NS, name);
  }

  static void status(ResourceDefinitionContext ctx, String name, String statusYaml) {
    Fixtures.setStatus(client, ctx, NS, name, statusYaml);
  }

  static String sparkApplicationYaml() {
    return Build.read(Build.root().resolve("examples/spark-pi/sparkapplication.yaml"));
  }

  // ---------------------------------------------------------------- k8s-apply

  @Test
  void applyWithOnlyTheManifestCreatesOneSparkApplicationPerRun() throws Exception {
    Step s = step("k8s-apply", Map.of("manifest", sparkApplicationYaml()));
    CommandRun r = run(s);
    assertEquals(0, r.code(), r.toString());
    String name = s.output("name");
    assertTrue(name.startsWith("spark-pi-") && name.length() > "spark-pi-".length(), name);
    assertEquals("sparkapplication.sparkoperator.k8s.io/" + name + " created\n", r.out());
    assertEquals(NS, s.output("applied_namespace"));
    GenericKubernetesResource got = client.genericKubernetesResources(SPARK).inNamespace(NS).withName(name).get();
    assertEquals(got.getMetadata().getUid(), s.output("uid"));
    String manifest = s.output("applied_manifest");
    Map<String, Object> applied = ObjectMaps.parse(manifest);
    assertEquals("SparkApplication", applied.get("kind"));
    assertEquals(name, ((Map<?, ?>) applied.get("metadata")).get("name"));
    assertFalse(manifest.contains("managedFields"), manifest);
    assertTrue(got.getMetadata().getOwnerReferences() == null || got.getMetadata().getOwnerReferences().isEmpty(),
        "no owner without owner_from_pod");
  }

  @Test
  void applyWithEveryInput() throws Exception {
    // the step's pod, controlled by the run's Workflow (a ConfigMap plays the Workflow here)
    ConfigMap workflow = client.configMaps().inNamespace(OTHER).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("run-workflow").endMetadata().build()).create();
    Pod pod = new PodBuilder().withNewMetadata().withName("step-pod").addNewOwnerReference().withApiVersion("v1")
        .withKind("ConfigMap").withName("run-workflow").withUid(workflow.getMetadata().getUid()).withController(true)
        .endOwnerReference().endMetadata().withNewSpec().addNewContainer().withName("main").withImage("k8s-apply")
        .endContainer().endSpec().build();
    client.pods().inNamespace(OTHER).resource(pod).create();
    Path podNamespace = Files.writeString(tmp.resolve("pod-namespace"), OTHER);

    String manifest = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          run: ${RUN}
          image: ${IMAGE}
          script: echo ${HOME}
        """;
    Map<String, String> args = new LinkedHashMap<>();
    args.put("manifest", manifest);
    args.put("namespace", OTHER);
    args.put("parameters", "# for the Spark step\nRUN=r-42\nIMAGE=apache/spark:3.5.3\n");
    args.put("labels", "pipeline-run=r-42,team=data");
    args.put("field_manager", "kfp-step");
    args.put("mode", "apply");
    args.put("owner_from_pod", "true");
    Step s = step("k8s-apply", args);
    assertTrue(s.line().contains("--owner-from-pod=true"), s.line().toString());
    CommandRun r = run(s, podNamespace);
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/settings serverside-applied\n", r.out());

    ConfigMap got = client.configMaps().inNamespace(OTHER).withName("settings").get();
    assertEquals(Map.of("run", "r-42", "image", "apache/spark:3.5.3", "script", "echo ${HOME}"), got.getData());
    assertEquals(Map.of("pipeline-run", "r-42", "team", "data"), got.getMetadata().getLabels());
    assertEquals("kfp-step", got.getMetadata().getManagedFields().get(0).getManager());
    assertEquals(workflow.getMetadata().getUid(), got.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals("settings", s.output("name"));
    assertEquals(OTHER, s.output("applied_namespace"));
    assertEquals(got.getMetadata().getUid(), s.output("uid"));
    assertTrue(s.output("applied_manifest").contains("r-42"));
  }

  @Test
  void applyModeCreateAndOwnerFromPodFalse() throws Exception {
    String manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: once}\ndata: {a: '1'}\n";
    Step s = step("k8s-apply", Map.of("manifest", manifest, "mode", "create", "owner_from_pod", "false"));
    CommandRun r = run(s);
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/once created\n", r.out());
    var refs = client.configMaps().inNamespace(NS).withName("once").get().getMetadata().getOwnerReferences();
    assertTrue(refs == null || refs.isEmpty(), "owner_from_pod=false sets no owner: " + refs);
    // create means create: a second run finds it there (409, exit 5)
    CommandRun again = run(step("k8s-apply", Map.of("manifest", manifest, "mode", "create")));
    assertEquals(5, again.code(), again.toString());
  }

  // ---------------------------------------------------------------- k8s-get

  @Test
  void getTheDriverPodOrTheWholeObject() throws Exception {
    spark("get-pi");
    status(SPARK, "get-pi", "applicationState: {state: COMPLETED}\ndriverInfo: {podName: get-pi-driver}\n");
    Step field = step("k8s-get", Map.of("resource", "sparkapplications.sparkoperator.k8s.io", "name", "get-pi",
        "jsonpath", "{.status.driverInfo.podName}", "namespace", NS));
    CommandRun r = run(field);
    assertEquals(0, r.code(), r.toString());
    assertEquals("get-pi-driver", field.output("value"));

    Step whole = step("k8s-get", Map.of("resource", "sparkapp/get-pi"));
    CommandRun w = run(whole);
    assertEquals(0, w.code(), w.toString());
    Map<String, Object> obj = ObjectMaps.parse(whole.output("value"));
    assertEquals("get-pi", ((Map<?, ?>) obj.get("metadata")).get("name"));
    assertEquals("COMPLETED", ((Map<?, ?>) ((Map<?, ?>) obj.get("status")).get("applicationState")).get("state"));
  }

  @Test
  void getIgnoreNotFound() throws Exception {
    Step ignored = step("k8s-get", Map.of("resource", "sparkapp/missing", "ignore_not_found", "true"));
    CommandRun r = run(ignored);
    assertEquals(0, r.code(), r.toString());
    // as kubectl get --ignore-not-found -o json: an empty List
    Map<String, Object> empty = ObjectMaps.parse(ignored.output("value"));
    assertEquals(List.of(), empty.get("items"));
    Step field = step("k8s-get", Map.of("resource", "sparkapp/missing", "jsonpath", "{.metadata.name}",
        "ignore_not_found", "true"));
    assertEquals(0, run(field).code());
    assertEquals("", field.output("value"));

    Step strict = step("k8s-get", Map.of("resource", "sparkapp/missing", "ignore_not_found", "false"));
    CommandRun s = run(strict);
    assertEquals(3, s.code(), s.toString());
    assertTrue(s.err().contains("not found"), s.err());
  }

  // ---------------------------------------------------------------- k8s-wait

  @Test
  void waitUntilCompleted() throws Exception {
    spark("wait-ok");
    Step s = step("k8s-wait", Map.of("resource", "sparkapplications.sparkoperator.k8s.io", "name", "wait-ok",
        "wait_for", STATE + "=COMPLETED", "fail_on", STATE + "=FAILED", "timeout", "60s", "namespace", NS));
    var running = CommandRun.start(s.command(null), s.args());
    status(SPARK, "wait-ok", "applicationState: {state: RUNNING}\n");
    Thread.sleep(300);
    assertFalse(running.code().isDone(), running.err());
    status(SPARK, "wait-ok", "applicationState: {state: COMPLETED}\ndriverInfo: {podName: wait-ok-driver}\n");
    CommandRun r = running.await();
    assertEquals(0, r.code(), r.toString());
    assertEquals("succeeded", s.output("state").strip());
    assertEquals("COMPLETED", s.output("value").strip());
    assertTrue(s.output("manifest").contains("wait-ok-driver"), s.output("manifest"));
  }

  @Test
  void waitFailsOnFailedAndDeletesOnFailure() throws Exception {
    spark("wait-bad");
    status(SPARK, "wait-bad", "applicationState: {state: FAILED, errorMessage: driver pod failed}\n");
    Step s = step("k8s-wait", Map.of("resource", "sparkapp/wait-bad", "wait_for", STATE + "=COMPLETED",
        "fail_on", STATE + "=FAILED", "delete_on", "failure"));
    CommandRun r = run(s);
    assertEquals(1, r.code(), r.toString());
    assertEquals("failed", s.output("state").strip());
    assertEquals("FAILED", s.output("value").strip());
    assertTrue(s.output("manifest").contains("driver pod failed"));
    assertNull(client.genericKubernetesResources(SPARK).inNamespace(NS).withName("wait-bad").get());
  }

  @Test
  void waitWithOnlyTheResourceUsesTheKindsOwnDone() throws Exception {
    client.genericKubernetesResources(JOB).inNamespace(NS).resource(ObjectMaps.serialization().unmarshal("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: etl}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox, command: ["true"]}]
        """, GenericKubernetesResource.class)).create();
    status(JOB, "etl", "succeeded: 1\nconditions: [{type: Complete, status: 'True'}]\n");
    Step s = step("k8s-wait", Map.of("resource", "jobs.batch/etl"));
    CommandRun r = run(s);
    assertEquals(0, r.code(), r.toString());
    assertEquals("succeeded", s.output("state").strip());
    assertEquals("", s.output("value").strip());
    assertTrue(s.output("manifest").contains("\"Complete\""));
  }

  @Test
  void waitTimesOutAndDeletes() throws Exception {
    spark("wait-slow");
    Step s = step("k8s-wait", Map.of("resource", "sparkapp/wait-slow", "timeout", "1s", "delete_on",
        "timeout,failure"));
    CommandRun r = run(s);
    assertEquals(4, r.code(), r.toString());
    assertEquals("timeout", s.output("state").strip());
    assertNull(client.genericKubernetesResources(SPARK).inNamespace(NS).withName("wait-slow").get());
  }

  // ---------------------------------------------------------------- coverage of the specs

  @Test
  @Order(Integer.MAX_VALUE)
  void everyInputAndOutputOfEverySpecWasExercised() {
    Set<String> missing = new TreeSet<>();
    SPECS.forEach((tool, spec) -> {
      spec.inputs().keySet().forEach(i -> missing.add(tool + " input " + i));
      spec.outputs().keySet().forEach(o -> missing.add(tool + " output " + o));
    });
    missing.removeAll(EXERCISED);
    assertEquals(new TreeSet<>(), missing, "not exercised by any case");
  }
}
