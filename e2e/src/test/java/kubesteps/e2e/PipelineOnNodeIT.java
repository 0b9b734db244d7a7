package kubesteps.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on a real node ({@code scripts/local-cluster.sh}): the three images run as pipeline-step pods in a fresh
 * namespace, under a service account bound to exactly {@code component-specs/rbac.yaml}, against the real Job
 * controller, garbage collector and kubelet. The run's "Workflow" is a ConfigMap that controls the step pods, so that
 * {@code --owner-from-pod} makes it the owner of what a step creates, as in Kubeflow on Argo.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineOnNodeIT {
  static final String NS = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  static final String RUN = "run-" + UUID.randomUUID().toString().substring(0, 8);
  static final String RUNNER = "pipeline-runner";
  static final String NO_WATCH = "pipeline-runner-nowatch";
  static final Pattern CREATED = Pattern.compile("(?m)^(\\S+)/(\\S+) created$");
  static final ResourceDefinitionContext SPARK = new ResourceDefinitionContext.Builder()
      .withGroup("sparkoperator.k8s.io").withVersion("v1beta2").withKind("SparkApplication")
      .withPlural("sparkapplications").withNamespaced(true).build();
  static final String JOB = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        generateName: e2e-sleep-
      spec:
        backoffLimit: 0
        template:
          spec:
            restartPolicy: Never
            terminationGracePeriodSeconds: 1
            containers:
            - name: work
              image: k8s.local/busybox:1.35
              imagePullPolicy: Never
              command: ["sh", "-c", "echo working; sleep ${SECONDS}; echo exiting ${EXIT}; exit ${EXIT}"]
      """;

  static LocalNode node;
  static KubernetesClient admin;
  static StepPods steps;
  static OwnerReference run;
  static String rbacSource;
  static final List<HasMetadata> clusterScoped = new ArrayList<>();
  static long started;
  static OwnerReference ownerOfLastJob;

  @BeforeAll
  static void setUp() throws Exception {
    started = System.nanoTime();
    node = LocalNode.start();
    admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(node.kubeconfig))).build();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    bindRbac();
    // the pipeline run: owns (controls) every step pod, as an Argo Workflow does
    ConfigMap workflow = admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata()
        .withName(RUN).endMetadata().addToData("what", "stands in for the run's Workflow").build()).create();
    run = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap").withName(RUN)
        .withUid(workflow.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(false).build();
    steps = new StepPods(admin, NS);
    // service account tokens come from the token controller: wait for both
    for (String sa : List.of(RUNNER, NO_WATCH)) {
      admin.serviceAccounts().inNamespace(NS).withName(sa).waitUntilCondition(
          s -> s != null && s.getSecrets() != null && !s.getSecrets().isEmpty(), 60, TimeUnit.SECONDS);
    }
    System.err.printf("e2e: node ready, namespace %s, RBAC from %s (%.1f s)%n", NS, rbacSource, seconds(started));
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (admin != null) {
        admin.namespaces().withName(NS).delete();
        for (HasMetadata o : clusterScoped) admin.resource(o).delete();
        admin.close();
      }
    } finally {
      if (node != null) {
        node.close();
        System.err.printf("e2e: suite took %.1f s; command lines from component-specs/*/component.yaml as %s%n",
            seconds(started), Component.BACKEND.label());
      }
    }
  }

  /** The pipeline: k8s-apply submits a Job (generateName), k8s-wait waits for it, k8s-get reads a field. */
  @Test
  @Order(1)
  void applyWaitGet() throws Exception {
    long started = System.nanoTime();
    String job = applyJob("apply", run, 3, 0);
    Job submitted = admin.batch().v1().jobs().inNamespace(NS).withName(job).get();
    assertEquals(RUN, submitted.getMetadata().getLabels().get("pipeline-run"));
    OwnerReference owner = submitted.getMetadata().getOwnerReferences().get(0);
    assertEquals("ConfigMap", owner.getKind(), "owner from the pod's controller");
    assertEquals(RUN, owner.getName());

    StepPods.Result wait = steps.run("wait", step("k8s-wait", Map.of("resource", "job/" + job, "timeout", "2m")),
        RUNNER, run, Component.outputPath("state"));
    assertEquals(0, wait.exitCode(), wait.describe());
    assertTrue(wait.log().contains("job.batch/" + job + " condition met"), wait.describe());
    assertEquals("succeeded", wait.outputs().get(Component.outputPath("state")).strip());

    StepPods.Result get = steps.run("get", step("k8s-get", Map.of("resource", "job/" + job,
        "jsonpath", "{.status.succeeded}")), RUNNER, run, Component.outputPath("value"));
    assertEquals(0, get.exitCode(), get.describe());
    assertEquals("1", get.outputs().get(Component.outputPath("value")).strip(), get.describe());
    System.err.printf("e2e: apply, wait, get as three steps (three pods): %.1f s%n", seconds(started));
  }

  /** The same in one step: k8s-apply's wait inputs and its value output (one pod). */
  @Test
  @Order(7)
  void applyWaitGetInOneStep() throws Exception {
    long started = System.nanoTime();
    StepPods.Result one = steps.run("one-step", step("k8s-apply", Map.of("manifest", JOB, "parameters",
        "SECONDS=3\nEXIT=0", "labels", "pipeline-run=" + RUN, "owner_from_pod", "true", "wait", "true", "timeout", "2m",
        "jsonpath", "{.status.succeeded}", "logs", "true")), RUNNER, run, Component.outputPath("name"),
        Component.outputPath("value"));
    assertEquals(0, one.exitCode(), one.describe());
    assertEquals("1", one.outputs().get(Component.outputPath("value")), one.describe());
    String job = one.outputs().get(Component.outputPath("name"));
    assertTrue(one.log().matches("(?s).*\\[" + job + "-[a-z0-9]+\\] working.*"), "the Job's log streamed: "
        + one.describe());
    System.err.printf("e2e: apply, wait, get as one step (one pod): %.1f s%n", seconds(started));
  }

  /** A Job that fails: the wait step exits 1 and its log says why (the Job's status and Events). */
  @Test
  @Order(2)
  void failingJob() throws Exception {
    String job = applyJob("apply-fail", run, 1, 1);
    StepPods.Result wait = steps.run("wait-fail", step("k8s-wait", Map.of("resource", "job/" + job, "timeout", "2m")),
        RUNNER, run, Component.outputPath("state"));
    assertEquals(1, wait.exitCode(), wait.describe());
    System.err.println("e2e: the wait step of a failing Job said:\n" + wait.log().indent(2).stripTrailing());
    assertTrue(wait.log().contains("error: job.batch/" + job + " failed"), wait.describe());
    assertTrue(wait.log().contains("--- job.batch/" + job), wait.describe());
    assertTrue(wait.log().contains("BackoffLimitExceeded"), wait.describe());
    assertTrue(wait.log().contains("failed pod " + job + "-"), "the Job's failed pod: " + wait.describe());
    assertTrue(wait.log().contains("exited 1"), "why the pod failed: " + wait.describe());
    assertTrue(wait.log().contains("    exiting 1"), "the failed pod's log tail: " + wait.describe());
    assertFalse(wait.log().contains("not allowed"), "rbac.yaml grants what the diagnostics read: " + wait.describe());
    assertEquals("failed", wait.outputs().get(Component.outputPath("state")).strip());
  }

  /** The wait step's pod is deleted mid-wait (a cancelled run): SIGTERM, and --delete-on=cancel deletes the Job. */
  @Test
  @Order(3)
  void cancelDeletesTheJob() throws Exception {
    String job = applyJob("apply-cancel", run, 300, 0);
    steps.start("wait-cancel", step("k8s-wait", Map.of("resource", "job/" + job, "delete_on", "cancel")), RUNNER, run);
    steps.awaitLog("wait-cancel", "job.batch/" + job + ": ", Duration.ofMinutes(2)); // waiting, signals handled
    assertTrue(admin.batch().v1().jobs().inNamespace(NS).withName(job).get() != null, "the Job runs");
    admin.pods().inNamespace(NS).withName("wait-cancel").delete();
    assertGone(job, Duration.ofSeconds(60), "the Job after its wait step was cancelled");
    // the pod is still terminating (its sidecar takes a few seconds): what the tool said on SIGTERM
    String log = steps.logWhileTerminating("wait-cancel", "deleted");
    assertTrue(log.contains("cancelled") && log.contains("deleted job.batch/" + job), log);
  }

  /** The apply step's pod owns the Job when no controller owns the pod: deleting the pod collects the Job. */
  @Test
  @Order(4)
  void garbageCollectorDeletesWhatTheApplyPodOwns() throws Exception {
    String job = applyJob("apply-gc", null, 300, 0);
    assertEquals("Pod", ownerOfLastJob.getKind());
    assertEquals("apply-gc", ownerOfLastJob.getName());
    // applyJob deleted the pod once it had read the outputs
    assertGone(job, Duration.ofSeconds(90), "the Job after the apply pod that owns it was deleted");
  }

  /** Without the watch verb, k8s-wait polls and still ends well. */
  @Test
  @Order(5)
  void pollsWithoutWatch() throws Exception {
    String job = applyJob("apply-poll", run, 15, 0);
    StepPods.Result wait = steps.run("wait-poll", step("k8s-wait", Map.of("resource", "job/" + job, "timeout", "2m")),
        NO_WATCH, run);
    assertEquals(0, wait.exitCode(), wait.describe());
    assertTrue(wait.log().contains("polling"), wait.describe());
    assertTrue(wait.log().contains("condition met"), wait.describe());
  }

  /** The case that started it: a SparkApplication, with this test as the operator (there is none here). */
  @Test
  @Order(6)
  void sparkApplication() throws Exception {
    CustomResourceDefinition crd = admin.getKubernetesSerialization().unmarshal(
        Files.readString(LocalNode.ROOT.resolve("examples/spark-pi/crd.yaml")), CustomResourceDefinition.class);
    admin.resource(crd).serverSideApply();
    admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).waitUntilCondition(
        c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 30, TimeUnit.SECONDS);
    String manifest = Files.readString(LocalNode.ROOT.resolve("examples/spark-pi/sparkapplication.yaml"));
    StepPods.Result apply = steps.run("apply-spark", step("k8s-apply", Map.of("manifest", manifest,
        "labels", "pipeline-run=" + RUN, "owner_from_pod", "true")), RUNNER, run, Component.outputPath("name"));
    assertEquals(0, apply.exitCode(), apply.describe());
    String name = apply.outputs().get(Component.outputPath("name")).strip();
    assertTrue(name.startsWith("spark-pi-"), apply.describe());

    steps.start("wait-spark", step("k8s-wait", Map.of("resource", "sparkapp/" + name, "timeout", "2m",
        "wait_for", "jsonpath={.status.applicationState.state}=COMPLETED",
        "fail_on", "jsonpath={.status.applicationState.state}=FAILED")), RUNNER, run);
    steps.awaitLog("wait-spark", "sparkapplication.sparkoperator.k8s.io/" + name + ": ", Duration.ofMinutes(2));
    setSparkState(name, "RUNNING");
    steps.awaitLog("wait-spark", "RUNNING", Duration.ofMinutes(1)); // seen while waiting
    setSparkState(name, "COMPLETED");
    StepPods.Result wait = steps.await("wait-spark", Duration.ofMinutes(2), Component.outputPath("value"));
    admin.pods().inNamespace(NS).withName("wait-spark").withGracePeriod(0).delete();
    assertEquals(0, wait.exitCode(), wait.describe());
    assertEquals("COMPLETED", wait.outputs().get(Component.outputPath("value")).strip(), wait.describe());

    StepPods.Result get = steps.run("get-spark", step("k8s-get", Map.of("resource", "sparkapp/" + name,
        "jsonpath", "{.status.driverInfo.podName}")), RUNNER, run, Component.outputPath("value"));
    assertEquals(0, get.exitCode(), get.describe());
    assertEquals(name + "-driver", get.outputs().get(Component.outputPath("value")).strip(), get.describe());
  }

  // ---------------------------------------------------------------- helpers

  /** Runs k8s-apply in a pod; the Job's name as the server generated it, from the step's output file. */
  /**
   * A long list in a small pod: 20,000 ConfigMaps of 1 KB (put there by k8s-apply from this machine, many requests
   * in flight), listed by the k8s-get step in a pod limited to 128Mi, as a pipeline lists them: in chunks, printed
   * chunk by chunk, so its memory does not grow with the list. Last: the namespace is big afterwards.
   */
  @Test
  @Order(99)
  void aLongListInASmallPod() throws Exception {
    int count = 20_000;
    Path manifests = LocalNode.ROOT.resolve("e2e/target/configmaps-20000.yaml");
    StringBuilder text = new StringBuilder();
    String kb = "x".repeat(1000);
    for (int i = 0; i < count; i++) {
      text.append("{apiVersion: v1, kind: ConfigMap, metadata: {name: many-").append(i)
          .append(", labels: {set: many}}, data: {payload: ").append(kb).append("}}\n---\n");
    }
    Files.writeString(manifests, text);
    long started = System.nanoTime();
    Process apply = new ProcessBuilder(LocalNode.ROOT.resolve("apply-cli/target/k8s-apply").toString(),
        "--kubeconfig", node.kubeconfig.toString(), "-n", NS, "-f", manifests.toString(), "-o", "name",
        "--timeout", "10m").redirectErrorStream(true).redirectOutput(LocalNode.ROOT.resolve(
        "e2e/target/configmaps-20000.out").toFile()).start();
    assertTrue(apply.waitFor(10, TimeUnit.MINUTES), "k8s-apply of 20,000 ConfigMaps ended");
    assertEquals(0, apply.exitValue(), Files.readString(LocalNode.ROOT.resolve("e2e/target/configmaps-20000.out")));
    System.err.printf("e2e: k8s-apply of %d ConfigMaps from the host: %.1f s%n", count, seconds(started));

    // the step may list ConfigMaps here (component-specs/rbac.yaml grants Spark applications and Jobs only)
    admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("list-configmaps")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("list").endRule().build())
        .create();
    bind(RUNNER, "Role", "list-configmaps");
    started = System.nanoTime();
    StepPods.Result get = steps.run("get-many", step("k8s-get", Map.of("resource", "configmaps", "namespace", NS,
        "jsonpath", "{range .items[*]}{.metadata.name}{\"\\n\"}{end}")).withMemoryLimit("128Mi"), RUNNER, run,
        Component.outputPath("value"));
    assertEquals(0, get.exitCode(), get.exitCode() == 0 ? "" : get.describe());
    long listed = get.outputs().get(Component.outputPath("value")).lines().filter(l -> l.startsWith("many-")).count();
    assertEquals(count, listed, "every ConfigMap's name in the step's output");
    System.err.printf("e2e: k8s-get of %d ConfigMaps in a 128Mi pod: %.1f s%n", count, seconds(started));
  }

  static String applyJob(String pod, OwnerReference owner, int seconds, int exit) throws Exception {
    steps.start(pod, step("k8s-apply", Map.of("manifest", JOB,
        "parameters", "SECONDS=" + seconds + "\nEXIT=" + exit, "labels", "pipeline-run=" + RUN,
        "owner_from_pod", "true")), RUNNER, owner);
    StepPods.Result apply = steps.await(pod, Duration.ofMinutes(3), Component.outputPath("name"),
        Component.outputPath("uid"));
    assertEquals(0, apply.exitCode(), apply.describe());
    String name = apply.outputs().get(Component.outputPath("name")).strip();
    Matcher m = CREATED.matcher(apply.log());
    assertTrue(m.find(), apply.describe());
    assertEquals("job.batch", m.group(1), apply.describe());
    assertEquals(name, m.group(2), "the printed name and the name output");
    assertTrue(name.startsWith("e2e-sleep-") && name.length() > "e2e-sleep-".length(), name);
    assertEquals(admin.batch().v1().jobs().inNamespace(NS).withName(name).get().getMetadata().getUid(),
        apply.outputs().get(Component.outputPath("uid")).strip());
    ownerOfLastJob = admin.batch().v1().jobs().inNamespace(NS).withName(name).get().getMetadata()
        .getOwnerReferences().get(0);
    admin.pods().inNamespace(NS).withName(pod).withGracePeriod(0).delete();
    return name;
  }

  /** A step's container from component-specs/TOOL/component.yaml with these inputs, as KFP v2 runs it. */
  static StepPods.Step step(String tool, Map<String, String> inputs) {
    Component c = Component.resolve(tool, inputs);
    return new StepPods.Step(tool, c.image(), c.command(), c.args());
  }

  static void setSparkState(String name, String state) {
    var op = admin.genericKubernetesResources(SPARK).inNamespace(NS);
    GenericKubernetesResource app = op.withName(name).get();
    app.setAdditionalProperty("status", Map.of("applicationState", Map.of("state", state),
        "driverInfo", Map.of("podName", name + "-driver")));
    op.resource(app).updateStatus();
  }

  static void assertGone(String job, Duration within, String what) {
    var r = admin.batch().v1().jobs().inNamespace(NS).withName(job);
    try {
      r.waitUntilCondition(j -> j == null || j.getMetadata().getDeletionTimestamp() != null, within.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      throw new AssertionError("still there after " + within.toSeconds() + " s: " + what + " (" + job + ")", e);
    }
  }

  /**
   * The runner service account as component-specs/rbac.yaml makes it (${NAMESPACE} set to the test's namespace, every
   * object created as written), or, until that file exists, bound to e2e's draft; and a second account with the same
   * rules less {@code watch}.
   */
  static void bindRbac() throws Exception {
    Path file = LocalNode.ROOT.resolve("component-specs/rbac.yaml");
    boolean specs = Files.isRegularFile(file);
    String yaml = specs ? Files.readString(file)
        : utf8(PipelineOnNodeIT.class.getResourceAsStream("/rbac-draft.yaml").readAllBytes());
    rbacSource = specs ? "component-specs/rbac.yaml" : "e2e's draft (no component-specs/rbac.yaml yet)";
    yaml = yaml.replace("${NAMESPACE}", NS);
    List<PolicyRule> all = new ArrayList<>();
    List<HasMetadata> objects = admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    boolean runnerMade = false;
    for (HasMetadata o : objects) {
      if (o instanceof ServiceAccount sa) {
        if (!RUNNER.equals(sa.getMetadata().getName())) throw new AssertionError(rbacSource + ": expected the "
            + "ServiceAccount " + RUNNER + ", found " + sa.getMetadata().getName());
        runnerMade = true;
      }
    }
    if (!runnerMade) {
      admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
          .withName(RUNNER).endMetadata().build()).create();
    }
    for (HasMetadata o : objects) {
      if (o instanceof Role role) all.addAll(role.getRules());
      if (o instanceof ClusterRole role) all.addAll(role.getRules());
      if (o instanceof ClusterRole || o instanceof ClusterRoleBinding) {
        admin.resource(o).serverSideApply();
        clusterScoped.add(o);
      } else {
        o.getMetadata().setNamespace(NS);
        admin.resource(o).inNamespace(NS).create();
      }
      // the draft has Roles only: bind them here
      if (!specs && o instanceof Role role) bind(RUNNER, "Role", role.getMetadata().getName());
    }
    if (all.isEmpty()) throw new AssertionError(rbacSource + " has no Role or ClusterRole");
    admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName(NO_WATCH)
        .endMetadata().build()).create();
    List<PolicyRule> noWatch = all.stream().map(r -> new PolicyRuleBuilder(r)
        .withVerbs(r.getVerbs().stream().filter(v -> !v.equals("watch") && !v.equals("*")).toList()).build())
        .filter(r -> !r.getVerbs().isEmpty()).toList();
    admin.rbac().roles().inNamespace(NS).resource(new RoleBuilder().withNewMetadata().withName("no-watch")
        .endMetadata().withRules(noWatch).build()).create();
    bind(NO_WATCH, "Role", "no-watch");
  }

  static void bind(String sa, String kind, String role) {
    admin.rbac().roleBindings().inNamespace(NS).resource(new RoleBindingBuilder().withNewMetadata()
        .withName(sa + "-" + role).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind(kind).withName(role).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(sa).withNamespace(NS).endSubject().build()).create();
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
