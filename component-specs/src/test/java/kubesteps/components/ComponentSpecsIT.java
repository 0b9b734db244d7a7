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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each component run as each Kubeflow Pipelines backend runs it ({@link KfpBackend}: KFP v1 with
 * component-kfp-v1.yaml; the v2 backends up to 2.16 and from 2.17 with component.yaml, compiled as the SDK v2
 * compiles it): its command line resolved from the task's inputs with and without every optional input, outputs to
 * files whose folders do not exist yet, then run in-process against a real API server, the output files read back.
 * The step's pod is played by the system property {@code kubeconfig} (the pod's credentials; its context's namespace
 * is the pipeline's namespace, one per backend, as a pod's own namespace would be) and, for --owner-from-pod,
 * POD_NAME and the pod's namespace file.
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComponentSpecsIT {
  static final ResourceDefinitionContext SPARK = Fixtures.SPARK;
  static final ResourceDefinitionContext JOB = new ResourceDefinitionContext.Builder()
      .withGroup("batch").withVersion("v1").withKind("Job").withPlural("jobs").withNamespaced(true).build();
  static final String STATE = "jsonpath={.status.applicationState.state}";

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  /** "v1 k8s-get input jsonpath", "v2<=2.16 k8s-get output value": what some case passed or read back. */
  static final Set<String> EXERCISED = ConcurrentHashMap.newKeySet();
  static final AtomicInteger RUNS = new AtomicInteger();
  @TempDir static Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    Fixtures.installSparkApplicationCrd(client);
    for (KfpBackend b : KfpBackend.values()) {
      Fixtures.createNamespace(client, ns(b));
      Fixtures.createNamespace(client, other(b));
    }
  }

  @AfterAll
  static void tearDown() {
    System.clearProperty("kubeconfig");
    client.close();
  }

  /** The pipeline's namespace of a backend's cases (the step pod's own). */
  static String ns(KfpBackend b) {
    return "pipeline-" + b.id();
  }

  /** Another namespace, for the namespace input. */
  static String other(KfpBackend b) {
    return "team-data-" + b.id();
  }

  /** The step pod's credentials for this backend's cases: its namespace is ns(b). */
  static void use(KfpBackend b) {
    System.setProperty("kubeconfig", Kubeconfigs.withNamespace(kubeconfigYaml, ns(b)).toString());
  }

  static ComponentSpec spec(KfpBackend b, String tool) {
    return ComponentSpec.read(b.spec(Build.root(), tool));
  }

  /** One step: the resolved command line, and where the backend asked for the outputs. */
  record Step(KfpBackend backend, ComponentSpec spec, List<String> line, Map<String, Path> outputs) {
    String[] args() {
      return line.subList(spec.command().size(), line.size()).toArray(String[]::new);
    }

    Object command(Path podNamespaceFile) {
      Tool t = Tool.byMain(line.get(spec.command().size() - 1));
      return t.inPod("step-pod", podNamespaceFile);
    }

    /** An output file's content, as it is (the v2 launcher reads it verbatim); a missing file fails the step. */
    String output(String name) throws Exception {
      Path p = outputs.get(name);
      assertTrue(Files.isRegularFile(p), spec.name() + ": output " + name + " was not written (" + p + ")");
      EXERCISED.add(backend.label() + " " + spec.name() + " output " + name);
      return Files.readString(p);
    }
  }

  static Step step(KfpBackend b, String tool, Map<String, ?> inputs) {
    use(b);
    ComponentSpec spec = spec(b, tool);
    Path root = tmp.resolve("run-" + RUNS.incrementAndGet()).resolve("outputs");
    assertFalse(Files.exists(root), "the outputs' folders must not exist yet");
    List<String> line = b.commandLine(spec, inputs, root, tmp);
    Map<String, Path> outputs = new LinkedHashMap<>();
    for (String o : spec.outputs().keySet()) outputs.put(o, b.outputFile(root, o));
    inputs.keySet().forEach(k -> EXERCISED.add(b.label() + " " + tool + " input " + k));
    return new Step(b, spec, line, outputs);
  }

  /** Runs a step; on exit 0 every declared output must be there, as the KFP v2 launcher fails the task otherwise. */
  static CommandRun run(Step s, Path podNamespaceFile) {
    CommandRun r = CommandRun.run(s.command(podNamespaceFile), s.args());
    if (r.code() == 0) {
      s.outputs().forEach((name, file) -> assertTrue(Files.isRegularFile(file),
          s.spec().name() + " exited 0 without writing its output " + name + " (the launcher would fail the task)"));
    }
    return r;
  }

  static CommandRun run(Step s) {
    return run(s, tmp.resolve("no-such-namespace-file"));
  }

  static GenericKubernetesResource spark(KfpBackend b, String name) {
    return Fixtures.createSparkApplication(client, ns(b), name);
  }

  static void status(KfpBackend b, ResourceDefinitionContext ctx, String name, String statusYaml) {
    Fixtures.setStatus(client, ctx, ns(b), name, statusYaml);
  }

  static String sparkApplicationYaml() {
    return Build.read(Build.root().resolve("examples/spark-pi/sparkapplication.yaml"));
  }

  // ---------------------------------------------------------------- k8s-apply

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void applyWithOnlyTheManifestCreatesOneSparkApplicationPerRun(KfpBackend b) throws Exception {
    Step s = step(b, "k8s-apply", Map.of("manifest", sparkApplicationYaml()));
    CommandRun r = run(s);
    assertEquals(0, r.code(), r.toString());
    String name = s.output("name");
    assertTrue(name.startsWith("spark-pi-") && name.length() > "spark-pi-".length(), name);
    assertEquals("sparkapplication.sparkoperator.k8s.io/" + name + " created\n", r.out());
    assertEquals(ns(b), s.output("applied_namespace"));
    GenericKubernetesResource got = client.genericKubernetesResources(SPARK).inNamespace(ns(b)).withName(name).get();
    assertEquals(got.getMetadata().getUid(), s.output("uid"));
    String manifest = s.output("applied_manifest");
    Map<String, Object> applied = ObjectMaps.parse(manifest);
    assertEquals("SparkApplication", applied.get("kind"));
    assertEquals(name, ((Map<?, ?>) applied.get("metadata")).get("name"));
    assertFalse(manifest.contains("managedFields"), manifest);
    assertTrue(got.getMetadata().getOwnerReferences() == null || got.getMetadata().getOwnerReferences().isEmpty(),
        "no owner without owner_from_pod");
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void applyWithEveryInput(KfpBackend b) throws Exception {
    // the step's pod, controlled by the run's Workflow (a ConfigMap plays the Workflow here)
    ConfigMap workflow = client.configMaps().inNamespace(other(b)).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("run-workflow").endMetadata().build()).create();
    Pod pod = new PodBuilder().withNewMetadata().withName("step-pod").addNewOwnerReference().withApiVersion("v1")
        .withKind("ConfigMap").withName("run-workflow").withUid(workflow.getMetadata().getUid()).withController(true)
        .endOwnerReference().endMetadata().withNewSpec().addNewContainer().withName("main").withImage("k8s-apply")
        .endContainer().endSpec().build();
    client.pods().inNamespace(other(b)).resource(pod).create();
    Path podNamespace = Files.writeString(tmp.resolve("pod-namespace-" + b.id()), other(b));

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
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("manifest", manifest);
    args.put("namespace", other(b));
    args.put("parameters", "# for the Spark step\nRUN=r-42\nIMAGE=apache/spark:3.5.3\n");
    args.put("labels", "pipeline-run=r-42,team=data");
    args.put("field_manager", "kfp-step");
    args.put("mode", "apply");
    args.put("owner_from_pod", Boolean.TRUE);
    Step s = step(b, "k8s-apply", args);
    if (b == KfpBackend.V1) assertTrue(s.line().contains("--owner-from-pod=True"), "v1 renders a Boolean True");
    CommandRun r = run(s, podNamespace);
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/settings serverside-applied\n", r.out());

    ConfigMap got = client.configMaps().inNamespace(other(b)).withName("settings").get();
    assertEquals(Map.of("run", "r-42", "image", "apache/spark:3.5.3", "script", "echo ${HOME}"), got.getData());
    assertEquals(Map.of("pipeline-run", "r-42", "team", "data"), got.getMetadata().getLabels());
    assertEquals("kfp-step", got.getMetadata().getManagedFields().get(0).getManager());
    assertEquals(workflow.getMetadata().getUid(), got.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals("settings", s.output("name"));
    assertEquals(other(b), s.output("applied_namespace"));
    assertEquals(got.getMetadata().getUid(), s.output("uid"));
    assertTrue(s.output("applied_manifest").contains("r-42"));
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void applyModeCreateAndOwnerFromPodFalse(KfpBackend b) throws Exception {
    String manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: once}\ndata: {a: '1'}\n";
    Step s = step(b, "k8s-apply", Map.of("manifest", manifest, "mode", "create", "owner_from_pod", Boolean.FALSE));
    CommandRun r = run(s);
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/once created\n", r.out());
    var refs = client.configMaps().inNamespace(ns(b)).withName("once").get().getMetadata().getOwnerReferences();
    assertTrue(refs == null || refs.isEmpty(), "owner_from_pod=false sets no owner: " + refs);
    // create means create: a second run finds it there (409, exit 5)
    CommandRun again = run(step(b, "k8s-apply", Map.of("manifest", manifest, "mode", "create")));
    assertEquals(5, again.code(), again.toString());
  }

  /** The seed pipeline in one step: submit, wait for COMPLETED failing on FAILED, hand the driver pod's name on. */
  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void applyWaitsAndHandsTheDriverPodOn(KfpBackend b) throws Exception {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("manifest", sparkApplicationYaml());
    args.put("wait", Boolean.TRUE);
    args.put("wait_for", STATE + "=COMPLETED");
    args.put("fail_on", STATE + "=FAILED");
    args.put("timeout", "60s");
    args.put("jsonpath", "{.status.driverInfo.podName}");
    args.put("logs", Boolean.TRUE);
    Step s = step(b, "k8s-apply", args);
    Set<String> before = new TreeSet<>();
    client.genericKubernetesResources(SPARK).inNamespace(ns(b)).list().getItems()
        .forEach(x -> before.add(x.getMetadata().getName()));
    var running = CommandRun.start(s.command(tmp.resolve("no-such-namespace-file")), s.args());
    String[] name = new String[1];
    Fixtures.waitUntil(30, () -> {
      var items = client.genericKubernetesResources(SPARK).inNamespace(ns(b)).list().getItems().stream()
          .filter(x -> !before.contains(x.getMetadata().getName())).toList();
      if (items.isEmpty()) return false;
      name[0] = items.get(0).getMetadata().getName();
      return true;
    }, () -> "nothing submitted: " + running.err());
    status(b, SPARK, name[0], "applicationState: {state: RUNNING}\n");
    running.awaitErr("RUNNING");
    status(b, SPARK, name[0], "applicationState: {state: COMPLETED}\ndriverInfo: {podName: " + name[0] + "-driver}\n");
    CommandRun r = running.await();
    assertEquals(0, r.code(), r.toString());
    assertEquals(name[0] + "-driver", s.output("value"));
    assertEquals(name[0], s.output("name"));
    assertEquals(ns(b), s.output("applied_namespace"));
    assertFalse(s.output("uid").isEmpty());
    assertTrue(s.output("applied_manifest").contains(name[0]));
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void applyWaitByRulesFailsAndDeletes(KfpBackend b) throws Exception {
    String manifest = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: {name: by-rules}\n"
        + "spec: {type: Scala, mode: cluster}\n";
    String rules = "- {apiVersion: sparkoperator.k8s.io/*, kind: SparkApplication, failed: \"true\"}\n";
    Step s = step(b, "k8s-apply", Map.of("manifest", manifest, "wait", Boolean.TRUE, "rules", rules, "delete_on",
        "failure"));
    CommandRun r = run(s);
    assertEquals(1, r.code(), "the rule says failed at once: " + r);
    assertTrue(r.err().contains("the sparkoperator.k8s.io/SparkApplication rule of --rules-text"), r.err());
    Fixtures.waitUntil(10, () -> client.genericKubernetesResources(SPARK).inNamespace(ns(b)).withName("by-rules")
        .get() == null, () -> "not deleted");
    // exit 1: the launcher reads no outputs; this test reads none
  }

  // ---------------------------------------------------------------- k8s-get

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void getTheDriverPodOrTheWholeObject(KfpBackend b) throws Exception {
    spark(b, "get-pi");
    status(b, SPARK, "get-pi", "applicationState: {state: COMPLETED}\ndriverInfo: {podName: get-pi-driver}\n");
    Step field = step(b, "k8s-get", Map.of("resource", "sparkapplications.sparkoperator.k8s.io", "name", "get-pi",
        "jsonpath", "{.status.driverInfo.podName}", "namespace", ns(b)));
    CommandRun r = run(field);
    assertEquals(0, r.code(), r.toString());
    assertEquals("get-pi-driver", field.output("value"));

    Step whole = step(b, "k8s-get", Map.of("resource", "sparkapp/get-pi"));
    CommandRun w = run(whole);
    assertEquals(0, w.code(), w.toString());
    Map<String, Object> obj = ObjectMaps.parse(whole.output("value"));
    assertEquals("get-pi", ((Map<?, ?>) obj.get("metadata")).get("name"));
    assertEquals("COMPLETED", ((Map<?, ?>) ((Map<?, ?>) obj.get("status")).get("applicationState")).get("state"));
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void getIgnoreNotFound(KfpBackend b) throws Exception {
    Step ignored = step(b, "k8s-get", Map.of("resource", "sparkapp/missing", "ignore_not_found", Boolean.TRUE));
    CommandRun r = run(ignored);
    assertEquals(0, r.code(), r.toString());
    // as kubectl get --ignore-not-found -o json: an empty List
    Map<String, Object> empty = ObjectMaps.parse(ignored.output("value"));
    assertEquals(List.of(), empty.get("items"));
    Step field = step(b, "k8s-get", Map.of("resource", "sparkapp/missing", "jsonpath", "{.metadata.name}",
        "ignore_not_found", Boolean.TRUE));
    assertEquals(0, run(field).code());
    assertEquals("", field.output("value"));

    Step strict = step(b, "k8s-get", Map.of("resource", "sparkapp/missing", "ignore_not_found", Boolean.FALSE));
    CommandRun s = run(strict);
    assertEquals(3, s.code(), s.toString());
    assertTrue(s.err().contains("not found"), s.err());
  }

  // ---------------------------------------------------------------- k8s-wait

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void waitUntilCompleted(KfpBackend b) throws Exception {
    spark(b, "wait-ok");
    Step s = step(b, "k8s-wait", Map.of("resource", "sparkapplications.sparkoperator.k8s.io", "name", "wait-ok",
        "wait_for", STATE + "=COMPLETED", "fail_on", STATE + "=FAILED", "timeout", "60s", "namespace", ns(b)));
    var running = CommandRun.start(s.command(null), s.args());
    status(b, SPARK, "wait-ok", "applicationState: {state: RUNNING}\n");
    running.awaitErr("RUNNING"); // seen (first or as a change), and RUNNING is not COMPLETED:
    assertFalse(running.code().isDone(), running.err());
    status(b, SPARK, "wait-ok", "applicationState: {state: COMPLETED}\ndriverInfo: {podName: wait-ok-driver}\n");
    CommandRun r = running.await();
    assertEquals(0, r.code(), r.toString());
    assertEquals("succeeded", s.output("state").strip());
    assertEquals("COMPLETED", s.output("value").strip());
    assertTrue(s.output("manifest").contains("wait-ok-driver"), s.output("manifest"));
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void waitFailsOnFailedAndDeletesOnFailure(KfpBackend b) throws Exception {
    spark(b, "wait-bad");
    status(b, SPARK, "wait-bad", "applicationState: {state: FAILED, errorMessage: driver pod failed}\n");
    Step s = step(b, "k8s-wait", Map.of("resource", "sparkapp/wait-bad", "wait_for", STATE + "=COMPLETED",
        "fail_on", STATE + "=FAILED", "delete_on", "failure"));
    CommandRun r = run(s);
    assertEquals(1, r.code(), r.toString());
    assertEquals("failed", s.output("state").strip());
    assertEquals("FAILED", s.output("value").strip());
    assertTrue(s.output("manifest").contains("driver pod failed"));
    assertNull(client.genericKubernetesResources(SPARK).inNamespace(ns(b)).withName("wait-bad").get());
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void waitWithOnlyTheResourceUsesTheKindsOwnDone(KfpBackend b) throws Exception {
    client.genericKubernetesResources(JOB).inNamespace(ns(b)).resource(ObjectMaps.serialization().unmarshal("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: etl}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox, command: ["true"]}]
        """, GenericKubernetesResource.class)).create();
    status(b, JOB, "etl", "succeeded: 1\nconditions: [{type: Complete, status: 'True'}]\n");
    Step s = step(b, "k8s-wait", Map.of("resource", "jobs.batch/etl"));
    CommandRun r = run(s);
    assertEquals(0, r.code(), r.toString());
    assertEquals("succeeded", s.output("state").strip());
    assertEquals("", s.output("value").strip());
    assertTrue(s.output("manifest").contains("\"Complete\""));
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void waitTimesOutAndDeletes(KfpBackend b) throws Exception {
    spark(b, "wait-slow");
    Step s = step(b, "k8s-wait", Map.of("resource", "sparkapp/wait-slow", "timeout", "1s", "delete_on",
        "timeout,failure"));
    CommandRun r = run(s);
    assertEquals(4, r.code(), r.toString());
    assertEquals("timeout", s.output("state").strip());
    assertNull(client.genericKubernetesResources(SPARK).inNamespace(ns(b)).withName("wait-slow").get());
  }

  @ParameterizedTest
  @EnumSource(KfpBackend.class)
  void waitWithRulesForTheKind(KfpBackend b) throws Exception {
    spark(b, "wait-rules");
    status(b, SPARK, "wait-rules", "applicationState: {state: RUNNING}\ndriverInfo: {podName: wait-rules-driver}\n");
    String rules = """
        - apiVersion: sparkoperator.k8s.io/*
          kind: SparkApplication
          current: "status.?driverInfo.?podName.orValue('') != ''"
        """;
    Step s = step(b, "k8s-wait", Map.of("resource", "sparkapp/wait-rules", "rules", rules, "timeout", "30s", "logs",
        Boolean.TRUE));
    CommandRun r = run(s);
    assertEquals(0, r.code(), "the rule says a driver pod is done: " + r);
    assertEquals("succeeded", s.output("state").strip());
  }

  // ---------------------------------------------------------------- coverage of the specs

  @Test
  @Order(Integer.MAX_VALUE)
  void everyInputAndOutputOfEverySpecWasExercisedOnEveryBackend() {
    Set<String> missing = new TreeSet<>();
    for (KfpBackend b : KfpBackend.values()) {
      for (Tool t : Tool.ALL) {
        ComponentSpec spec = spec(b, t.name());
        spec.inputs().keySet().forEach(i -> missing.add(b.label() + " " + t.name() + " input " + i));
        spec.outputs().keySet().forEach(o -> missing.add(b.label() + " " + t.name() + " output " + o));
      }
    }
    missing.removeAll(EXERCISED);
    assertEquals(new TreeSet<>(), missing, "not exercised by any case");
  }
}
