package kubesteps.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k8s-wait against a real API server; the test plays the operator by writing status through the subresource. */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class WaitCommandIT {
  static final String NS = "wait-it";
  static final ResourceDefinitionContext SPARK = Fixtures.SPARK;
  static final ResourceDefinitionContext JOB = new ResourceDefinitionContext.Builder()
      .withGroup("batch").withVersion("v1").withKind("Job").withPlural("jobs").withNamespaced(true).build();

  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static String kubeconfig;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.write(kubeconfigYaml).toString();
    Fixtures.createNamespace(client, NS);
    Fixtures.installSparkApplicationCrd(client);
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  static String[] args(String... rest) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig, "--namespace=" + NS, "--timeout=30s"));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  static GenericKubernetesResource spark(String name) {
    return Fixtures.createSparkApplication(client, NS, name);
  }

  static void status(ResourceDefinitionContext ctx, String name, String statusYaml) {
    Fixtures.setStatus(client, ctx, NS, name, statusYaml);
  }

  static void sparkState(String name, String state) {
    status(SPARK, name, "applicationState: {state: " + state + "}\ndriverInfo: {podName: " + name + "-driver}\n");
  }

  static GenericKubernetesResource job(String name, Map<String, String> labels) {
    GenericKubernetesResource r = ObjectMaps.serialization().unmarshal("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: %s, namespace: %s}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers: [{name: main, image: busybox, command: [sh, -c, "exit 0"]}]
        """.formatted(name, NS), GenericKubernetesResource.class);
    r.getMetadata().setLabels(labels);
    return client.genericKubernetesResources(JOB).inNamespace(NS).resource(r).create();
  }

  @Test
  void sparkApplicationThroughItsStatesToCompleted() throws Exception {
    spark("pi-ok");
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/pi-ok", "--output-state",
        tmp.resolve("out/state").toString(), "--output-result", tmp.resolve("out/result.json").toString()));
    wait.awaitErr("sparkapplication.sparkoperator.k8s.io/pi-ok: (no state yet)");
    sparkState("pi-ok", "SUBMITTED");
    wait.awaitErr("(no state yet) -> SUBMITTED");
    sparkState("pi-ok", "RUNNING");
    wait.awaitErr("SUBMITTED -> RUNNING");
    sparkState("pi-ok", "SUBMISSION_FAILED");
    wait.awaitErr("RUNNING -> SUBMISSION_FAILED");
    assertFalse(wait.code().isDone(), "SUBMISSION_FAILED is not final: the operator retries");
    sparkState("pi-ok", "COMPLETED");
    CommandRun r = wait.await();
    assertEquals(0, r.code(), r.toString());
    assertEquals("sparkapplication.sparkoperator.k8s.io/pi-ok condition met\n", r.out());
    assertEquals("succeeded", Files.readString(tmp.resolve("out/state")));
    Map<String, Object> result = ObjectMaps.parse(Files.readString(tmp.resolve("out/result.json")));
    assertEquals("succeeded", result.get("state"));
    assertEquals("pi-ok", ((Map<?, ?>) ((Map<?, ?>) result.get("object")).get("metadata")).get("name"));
  }

  @Test
  void theSeedCaseWithJsonPathForAndFailOn() throws Exception {
    spark("seed");
    String state = "jsonpath='{.status.applicationState.state}'";
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/seed", "--for", state + "=COMPLETED",
        "--fail-on", state + "=FAILED", "--output-value", tmp.resolve("v/value").toString()));
    wait.awaitErr("seed: (none)");
    sparkState("seed", "RUNNING");
    wait.awaitErr("(none) -> RUNNING");
    sparkState("seed", "COMPLETED");
    CommandRun r = wait.await();
    assertEquals(0, r.code(), r.toString());
    assertEquals("COMPLETED", Files.readString(tmp.resolve("v/value")));

    spark("seed-bad");
    CommandRun.Running bad = CommandRun.start(new WaitCommand(), args("sparkapp/seed-bad", "--for",
        state + "=COMPLETED", "--fail-on", state + " in (FAILED, UNKNOWN)", "--output-value",
        tmp.resolve("v/bad").toString()));
    bad.awaitErr("seed-bad: (none)");
    sparkState("seed-bad", "FAILED");
    CommandRun b = bad.await();
    assertEquals(1, b.code(), b.toString());
    assertTrue(b.err().contains("error: sparkapplication.sparkoperator.k8s.io/seed-bad failed: --fail-on " + state
        + " in (FAILED, UNKNOWN) holds (FAILED)"), b.err());
    assertEquals("FAILED", Files.readString(tmp.resolve("v/bad")));
  }

  @Test
  void numbersCompareAsNumbers() throws Exception {
    job("counted", Map.of());
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("job/counted", "--for",
        "jsonpath={.status.succeeded}>=2"));
    wait.awaitErr("counted: (none)");
    status(JOB, "counted", "succeeded: 1\n");
    wait.awaitErr("(none) -> 1");
    status(JOB, "counted", "succeeded: 10\n");
    assertEquals(0, wait.await().code(), "10 >= 2 as numbers (as text it would not be)");
  }

  @Test
  void sparkApplicationFailedExitsOneWithDiagnostics() throws Exception {
    GenericKubernetesResource app = spark("pi-bad");
    client.v1().events().inNamespace(NS).resource(new EventBuilder().withNewMetadata().withName("pi-bad.1")
        .endMetadata().withNewInvolvedObject().withApiVersion("sparkoperator.k8s.io/v1beta2")
        .withKind("SparkApplication").withName("pi-bad").withNamespace(NS).withUid(app.getMetadata().getUid())
        .endInvolvedObject().withType("Warning").withReason("SparkApplicationFailed")
        .withMessage("SparkApplication pi-bad failed: driver pod failed").withLastTimestamp("2026-01-01T00:00:00Z")
        .build()).create();
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapplications.sparkoperator.k8s.io/pi-bad",
        "--output-state", tmp.resolve("state").toString()));
    wait.awaitErr("(no state yet)");
    status(SPARK, "pi-bad", "applicationState: {state: FAILED, errorMessage: driver pod failed}\n"
        + "driverInfo: {podName: pi-bad-driver}\n");
    CommandRun r = wait.await();
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("error: sparkapplication.sparkoperator.k8s.io/pi-bad failed: spark application failed:"
        + " driver pod failed\n"), r.err());
    assertTrue(r.err().contains("Warning  SparkApplicationFailed  SparkApplication pi-bad failed: driver pod failed"),
        r.err());
    assertTrue(r.err().contains("driver pod pi-bad-driver events: none"), r.err());
    assertEquals("failed", Files.readString(tmp.resolve("state")));
  }

  @Test
  void waitsForAnObjectCreatedAfterTheWaitStarted() throws Exception {
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/late", "--for", "create"));
    wait.awaitErr("sparkapplication.sparkoperator.k8s.io/late: (not found)");
    spark("late");
    CommandRun r = wait.await();
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("(not found) -> exists"), r.err());
  }

  @Test
  void deleteWaitsUntilGoneAndAlreadyGoneIsSuccess() throws Exception {
    spark("doomed");
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/doomed", "--for=delete"));
    wait.awaitErr("doomed: exists");
    client.genericKubernetesResources(SPARK).inNamespace(NS).withName("doomed").delete();
    CommandRun deleted = wait.await();
    assertEquals(0, deleted.code());
    assertEquals("sparkapplication.sparkoperator.k8s.io/doomed condition met\n", deleted.out(), "seen, then gone");
    CommandRun gone = CommandRun.run(new WaitCommand(), args("sparkapp/never-was", "--for", "delete"));
    assertEquals(0, gone.code(), gone.toString());
    assertEquals("", gone.out(), "as kubectl: nothing for an object that was gone before the wait looked");
  }

  @Test
  void conditionsAsKubectlAndFailOnBeatsALaterSuccess() throws Exception {
    spark("cond");
    status(SPARK, "cond", "conditions: [{type: Ready, status: 'False'}]\n");
    CommandRun readyFalse = CommandRun.run(new WaitCommand(), args("sparkapp/cond", "--for=condition=Ready=false"));
    assertEquals(0, readyFalse.code(), readyFalse.toString());
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/cond", "--for", "condition=Ready",
        "--fail-on", "condition=Degraded"));
    wait.awaitErr("cond: Ready=False");
    status(SPARK, "cond", "conditions: [{type: Degraded, status: 'True'}, {type: Ready, status: 'False'}]\n");
    CommandRun r = wait.await();
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().contains("failed: --fail-on condition=Degraded holds (Degraded=True)"), r.err());
  }

  @Test
  void staleStatusDoesNotCountUntilTheControllerCatchesUp() throws Exception {
    spark("gen");
    GenericKubernetesResource r = client.genericKubernetesResources(SPARK).inNamespace(NS).withName("gen").get();
    r.setAdditionalProperty("spec", Map.of("type", "Python"));
    long generation = client.genericKubernetesResources(SPARK).inNamespace(NS).resource(r).update()
        .getMetadata().getGeneration();
    status(SPARK, "gen", "observedGeneration: " + (generation - 1) + "\nconditions: [{type: Ready, status: 'True'}]\n");
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/gen", "--for", "condition=Ready"));
    wait.awaitErr("waiting for the controller to observe generation " + generation);
    assertFalse(wait.code().isDone());
    status(SPARK, "gen", "observedGeneration: " + generation + "\nconditions: [{type: Ready, status: 'True'}]\n");
    assertEquals(0, wait.await().code());
  }

  @Test
  void aRecreatedObjectIsEvaluatedAfresh() throws Exception {
    spark("again");
    sparkState("again", "RUNNING");
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/again"));
    wait.awaitErr("again: RUNNING");
    client.genericKubernetesResources(SPARK).inNamespace(NS).withName("again").delete();
    wait.awaitErr("again: RUNNING -> (not found)");
    spark("again");
    wait.awaitErr("(not found) -> (no state yet)");
    sparkState("again", "COMPLETED");
    assertEquals(0, wait.await().code());
  }

  @Test
  void aTimeoutExitsFourAndDeletesWhenAsked() throws Exception {
    spark("slow");
    sparkState("slow", "RUNNING");
    CommandRun r = CommandRun.run(new WaitCommand(), "--kubeconfig=" + kubeconfig, "-n", NS, "sparkapp/slow",
        "--timeout=5s", "--delete-on=timeout,cancel", "--output-state", tmp.resolve("s").toString());
    assertEquals(4, r.code(), r.toString());
    // 5 s: the list that sees RUNNING must be answered within --timeout (it bounds each request), on a busy machine too
    assertTrue(r.err().contains("error: timed out after 5s waiting for sparkapplication.sparkoperator.k8s.io/slow"
        + " (last seen: sparkapplication.sparkoperator.k8s.io/slow: RUNNING)\n"), r.err());
    assertTrue(r.err().contains("deleted sparkapplication.sparkoperator.k8s.io/slow (--delete-on)"), r.err());
    assertEquals("timeout", Files.readString(tmp.resolve("s")));
    assertNull(client.genericKubernetesResources(SPARK).inNamespace(NS).withName("slow").get());
  }

  @Test
  void manyBySelectorAllMustSucceedAndOneFailureFails() throws Exception {
    job("batch-a", Map.of("run", "r1"));
    job("batch-b", Map.of("run", "r1"));
    job("other", Map.of("run", "r2"));
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("jobs", "-l", "run=r1"));
    wait.awaitErr("job.batch/batch-b: active 0, succeeded 0, failed 0");
    status(JOB, "batch-a", "succeeded: 1\nconditions: [{type: Complete, status: 'True'}]\n");
    wait.awaitErr("job.batch/batch-a: active 0, succeeded 0, failed 0 -> Complete");
    assertFalse(wait.code().isDone(), "batch-b is not done yet");
    status(JOB, "batch-b", "succeeded: 1\nconditions: [{type: Complete, status: 'True'}]\n");
    CommandRun r = wait.await();
    assertEquals(0, r.code(), r.toString());
    assertEquals("job.batch/batch-a condition met\njob.batch/batch-b condition met\n", r.out());
    assertFalse(r.err().contains("other"), r.err());

    status(JOB, "other", "failed: 1\nconditions: [{type: Failed, status: 'True', reason: BackoffLimitExceeded,"
        + " message: Job has reached the specified backoff limit}]\n");
    CommandRun failed = CommandRun.run(new WaitCommand(), args("job", "--all"));
    assertEquals(1, failed.code(), failed.toString());
    assertTrue(failed.err().contains("error: job.batch/other failed: job failed: BackoffLimitExceeded: Job has reached"
        + " the specified backoff limit"), failed.err());
  }

  static void grant(String user, String... verbs) {
    String name = user + "-role";
    client.rbac().roles().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .addNewRule().withApiGroups("sparkoperator.k8s.io").withResources("sparkapplications").withVerbs(verbs).endRule()
        .build()).serverSideApply();
    client.rbac().roleBindings().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
        .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
        .build()).serverSideApply();
  }

  @Test
  void withoutWatchPermissionItPollsAndStillSucceeds() throws Exception {
    grant("no-watch", "get", "list");
    grant("get-only", "get");
    spark("polled");
    CommandRun.Running listing = CommandRun.start(new WaitCommand(), args("sparkapp/polled", "--as=no-watch",
        "--poll-interval=200ms"));
    listing.awaitErr("note: watching sparkapplications.sparkoperator.k8s.io is not allowed");
    CommandRun.Running getting = CommandRun.start(new WaitCommand(), args("sparkapp/polled", "--as=get-only",
        "--poll-interval=200ms"));
    getting.awaitErr("note: listing sparkapplications.sparkoperator.k8s.io is not allowed");
    sparkState("polled", "COMPLETED");
    CommandRun r = listing.await();
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("polling every 200ms"), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("note:")).count(), "said once:\n" + r.err());
    CommandRun g = getting.await();
    assertEquals(0, g.code(), g.toString());
  }

  @Test
  void forbiddenIsExitFiveNamingWhatWasRefused() {
    CommandRun r = CommandRun.run(new WaitCommand(), args("sparkapp/any", "--as=nobody"));
    assertEquals(5, r.code(), r.toString());
    assertEquals("Error from server (Forbidden): sparkapplications.sparkoperator.k8s.io \"any\" is forbidden: User \"nobody\""
        + " cannot get resource \"sparkapplications\" in API group \"sparkoperator.k8s.io\" in the namespace"
        + " \"wait-it\"\n", r.err().lines().filter(l -> l.startsWith("Error")).findFirst().orElse("") + "\n");
  }

  @Test
  void waitsForWhatAManifestNames() throws Exception {
    GenericKubernetesResource created = spark("from-file");
    Path manifest = tmp.resolve("applied.yaml");
    Files.writeString(manifest, ObjectMaps.serialization().asYaml(created));
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), "--kubeconfig=" + kubeconfig, "-f",
        manifest.toString(), "--timeout=30s");
    wait.awaitErr("sparkapplication.sparkoperator.k8s.io/from-file: (no state yet)");
    sparkState("from-file", "COMPLETED");
    CommandRun r = wait.await();
    assertEquals(0, r.code(), r.toString());
    Path unnamed = tmp.resolve("unnamed.yaml");
    Files.writeString(unnamed, "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n");
    CommandRun bad = CommandRun.run(new WaitCommand(), "--kubeconfig=" + kubeconfig, "-f", unnamed.toString());
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().startsWith("error: " + unnamed + ":1:1: the ConfigMap has no metadata.name"), bad.err());
  }

  @Test
  void badInputIsExitTwoBeforeAnyApiCall() {
    CommandRun r = CommandRun.run(new WaitCommand(), "--kubeconfig=/nonexistent", "sparkapp/x", "--for", "ready");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: unrecognized condition \"ready\""), r.err());
    CommandRun noName = CommandRun.run(new WaitCommand(), "--kubeconfig=/nonexistent", "jobs");
    assertEquals(2, noName.code());
    assertTrue(noName.err().contains("no name was specified"), noName.err());
  }

  /** The seed case in CEL: --for and --fail-on cel= against the real server, exit 0 on COMPLETED, 1 on FAILED. */
  @Test
  void celConditionsForAndFailOn() throws Exception {
    spark("cel-ok");
    String done = "cel=status.?applicationState.?state.orValue('') == 'COMPLETED'";
    String failed = "cel=status.?applicationState.?state.orValue('') in ['FAILED', 'SUBMISSION_FAILED']";
    CommandRun.Running wait = CommandRun.start(new WaitCommand(), args("sparkapp/cel-ok", "--for", done,
        "--fail-on", failed));
    wait.awaitErr("cel-ok: ");
    wait.awaitErr("cel-ok: cel false");
    sparkState("cel-ok", "RUNNING"); // RUNNING is not COMPLETED: nothing for the progress to show
    sparkState("cel-ok", "COMPLETED");
    CommandRun r = wait.await();
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("cel-ok: cel false -> cel true"), r.err());
    assertEquals("sparkapplication.sparkoperator.k8s.io/cel-ok condition met\n", r.out());

    spark("cel-bad");
    sparkState("cel-bad", "SUBMISSION_FAILED");
    CommandRun b = CommandRun.run(new WaitCommand(), args("sparkapp/cel-bad", "--for", done, "--fail-on", failed));
    assertEquals(1, b.code(), b.toString());
    assertTrue(b.err().contains("failed: --fail-on " + failed + " holds"), b.err());
  }

  /** A bad expression is exit 2 with its position, before any API call (no server is reachable here). */
  @Test
  void aBadCelExpressionIsExitTwoBeforeAnyCall() {
    CommandRun r = CommandRun.run(new WaitCommand(), "--kubeconfig=" + tmp.resolve("no-such-kubeconfig"),
        "sparkapp/x", "--for", "cel=status.phase ==");
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("error: cel=status.phase ==: 1:16: "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  /** --rules: a rule for a kind of the user's own decides what done and failed mean when no --for is given. */
  @Test
  void rulesFilesTeachItAKind() throws Exception {
    Path rules = Files.writeString(tmp.resolve("rules.yaml"), """
        - apiVersion: sparkoperator.k8s.io/v1beta2
          kind: SparkApplication
          failed: "status.?applicationState.?state.orValue('') == 'INVALIDATING'"
          current: "status.?driverInfo.?podName.orValue('') != ''"
        """);
    spark("by-rule");
    sparkState("by-rule", "RUNNING");
    CommandRun r = CommandRun.run(new WaitCommand(), args("sparkapp/by-rule", "--rules", rules.toString()));
    assertEquals(0, r.code(), "the file's rule overrides the built-in one (RUNNING is not done there): " + r);
    spark("by-rule-bad");
    status(SPARK, "by-rule-bad", "applicationState: {state: INVALIDATING}\n");
    CommandRun bad = CommandRun.run(new WaitCommand(), args("sparkapp/by-rule-bad", "--rules-text",
        Files.readString(rules)));
    assertEquals(1, bad.code(), bad.toString());
    assertTrue(bad.err().contains("INVALIDATING (the sparkoperator.k8s.io/SparkApplication rule of --rules-text)"),
        bad.err());
  }

  /** --local judges the objects of a file without any API server; --known-kinds lists the built-in rules. */
  @Test
  void localVerdictsAndKnownKinds() throws Exception {
    Path objects = Files.writeString(tmp.resolve("objects.yaml"), """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: done}
        status: {succeeded: 1, conditions: [{type: Complete, status: "True"}]}
        ---
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata: {name: running}
        status: {applicationState: {state: RUNNING}}
        """);
    CommandRun r = CommandRun.run(new WaitCommand(), "--local", "-f", objects.toString());
    assertEquals(4, r.code(), r.toString());
    assertEquals("job.batch/done: succeeded: Complete\n"
        + "sparkapplication.sparkoperator.k8s.io/running: in progress: RUNNING\n", r.out());
    CommandRun failed = CommandRun.run(new WaitCommand(), "--local", "-f", objects.toString(), "--fail-on",
        "cel=kind == 'SparkApplication'");
    assertEquals(1, failed.code(), failed.toString());
    CommandRun kinds = CommandRun.run(new WaitCommand(), "--known-kinds");
    assertEquals(0, kinds.code(), kinds.toString());
    assertTrue(kinds.out().lines().toList().containsAll(List.of("batch/Job", "sparkoperator.k8s.io/SparkApplication")),
        kinds.out());
  }

  /** Many objects listed in chunks (--chunk-size, as kubectl's pager): every one is waited for. */
  @Test
  void manyObjectsListedInChunks() {
    for (int i = 0; i < 5; i++) {
      client.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("chunked-" + i).addToLabels("chunk", "a").endMetadata().addToData("ok", "yes")
          .build()).create();
    }
    CommandRun r = CommandRun.run(new WaitCommand(), args("cm", "-l", "chunk=a", "--for", "jsonpath={.data.ok}=yes",
        "--chunk-size", "2"));
    assertEquals(0, r.code(), r.toString());
    assertEquals(5, r.out().lines().filter(l -> l.endsWith(" condition met")).count(), r.out());
    assertEquals(2, CommandRun.run(new WaitCommand(), args("cm", "-l", "chunk=a", "--chunk-size", "-1")).code());
  }
}
