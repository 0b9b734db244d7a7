package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import kubesteps.core.cli.Environment;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.HttpProxy;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** k8s-apply against a real kube-apiserver: one server for all cases; each case works in its own namespace. */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class ApplyCommandIT {
  static final Path EXAMPLES = Path.of("..", "examples", "spark-pi");
  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static String kubeconfig;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.write(kubeconfigYaml).toString();
    Fixtures.installSparkApplicationCrd(client);
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  static CommandRun apply(String namespace, String... args) {
    return apply(namespace, c -> { }, args);
  }

  static CommandRun apply(String namespace, Consumer<ApplyCommand> setup, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig));
    if (namespace != null) all.add("--namespace=" + namespace);
    all.addAll(List.of(args));
    ApplyCommand cmd = new ApplyCommand();
    cmd.environment = new Environment(new ByteArrayInputStream(new byte[0]), Map.of(), null);
    setup.accept(cmd);
    return CommandRun.run(cmd, all.toArray(String[]::new));
  }

  static String ns(String name) {
    Fixtures.createNamespace(client, name);
    return name;
  }

  Path file(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.createDirectories(f.getParent());
    return Files.writeString(f, text);
  }

  static String cm(String name, String... data) {
    StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n");
    for (int i = 0; i < data.length; i += 2) sb.append("  ").append(data[i]).append(": \"").append(data[i + 1]).append("\"\n");
    if (data.length == 0) sb.append("  a: \"1\"\n");
    return sb.toString();
  }

  ConfigMap configMap(String ns, String name) {
    return client.configMaps().inNamespace(ns).withName(name).get();
  }

  // ---------------------------------------------------------------- input and ordering

  @Test
  void appliesACrdItsObjectsAndANamespaceInOneFileInTheRightOrder() throws Exception {
    Path f = file("multi.yaml", """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w1
          namespace: apply-multi
        spec:
          size: 3
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: apply-multi
        """);
    CommandRun dry = apply(null, "-f", f.toString(), "--dry-run=server");
    assertEquals(0, dry.code(), dry.toString());
    assertTrue(dry.out().endsWith("widget.example.com/w1 serverside-applied (server dry run)\n"), dry.out());
    assertEquals("warning: Widget/w1: its CustomResourceDefinition is only in the input, so the server did not check it"
        + " (" + f + ":1:1)\n", dry.err());
    assertNull(client.namespaces().withName("apply-multi").get());
    assertNull(client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").get());

    CommandRun r = apply(null, "-f", f.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("""
        namespace/apply-multi serverside-applied
        customresourcedefinition.apiextensions.k8s.io/widgets.example.com serverside-applied
        widget.example.com/w1 serverside-applied
        """, r.out());
    GenericKubernetesResource w = client.genericKubernetesResources("example.com/v1", "Widget")
        .inNamespace("apply-multi").withName("w1").get();
    assertEquals(3, ((Number) w.get("spec", "size")).intValue());
    assertEquals("k8s-apply", w.getMetadata().getManagedFields().get(0).getManager());

    CommandRun again = apply(null, "-f", f.toString());
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().endsWith("widget.example.com/w1 unchanged\n"), again.out());
  }

  @Test
  void aCrdNotEstablishedWithinTheTimeoutIsExitFourAndItsObjectsAreNotApplied() throws Exception {
    String ns = ns("apply-crd-timeout");
    Path f = file("crd-timeout.yaml", """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.timeout.example.com
        spec:
          group: timeout.example.com
          scope: Namespaced
          names: {kind: Gadget, plural: gadgets, singular: gadget}
          versions:
          - name: v1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        ---
        apiVersion: timeout.example.com/v1
        kind: Gadget
        metadata: {name: g1}
        spec: {size: 1}
        """);
    // the wait for Established (its list and watch of the CRD by name) is held by a proxy until the run's --timeout
    // has passed; the CRD's apply (and the read before it) and everything else go to the server
    CommandRun r;
    try (HttpProxy proxy = new HttpProxy(client)) {
      proxy.rule(q -> q.method().equals("GET") && q.path().contains("/customresourcedefinitions")
          && (q.isWatch() || q.query("fieldSelector") != null) ? HttpProxy.HOLD : HttpProxy.FORWARD);
      r = CommandRun.run(withEmptyEnv(), "--kubeconfig=" + proxy.kubeconfig(ns), "-f", f.toString(),
          "--timeout", "10s");
    }
    assertEquals(4, r.code(), r.toString());
    assertEquals("customresourcedefinition.apiextensions.k8s.io/gadgets.timeout.example.com serverside-applied\n",
        r.out());
    assertTrue(r.err().startsWith("error: timed out after ") && r.err().endsWith(
        " waiting for CustomResourceDefinition \"gadgets.timeout.example.com\" to be Established\n"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    // the CRD is there; its object was never sent
    var gadgets = client.genericKubernetesResources(new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext
        .Builder().withGroup("timeout.example.com").withVersion("v1").withKind("Gadget").withPlural("gadgets")
        .withNamespaced(true).build());
    Fixtures.waitUntil(20, () -> {
      try {
        return gadgets.inNamespace(ns).list().getItems().isEmpty();
      } catch (RuntimeException e) {
        return false; // not served yet
      }
    }, () -> "the Gadget type is not served");
    assertTrue(gadgets.inNamespace(ns).list().getItems().isEmpty());
    // a second run with time enough applies both
    CommandRun again = apply(ns, "-f", f.toString(), "--timeout", "30s");
    assertEquals(0, again.code(), again.toString());
    assertEquals(1, gadgets.inNamespace(ns).list().getItems().size());
  }

  @Test
  void theSparkPiExampleGetsAGeneratedNameAndOutputFilesInMissingFolders() throws Exception {
    String ns = ns("apply-spark");
    Path outputs = tmp.resolve("outputs/deep");
    CommandRun r = apply(ns, "-f", EXAMPLES.resolve("crd.yaml").toString(),
        "-f", EXAMPLES.resolve("sparkapplication.yaml").toString(),
        "--select", "SparkApplication/spark-pi-",
        "--output-name", outputs.resolve("name/data").toString(),
        "--output-namespace", outputs.resolve("namespace/data").toString(),
        "--output-uid", outputs.resolve("uid/data").toString(),
        "--output-kind", outputs.resolve("kind/data").toString(),
        "--output-manifest", outputs.resolve("manifest/data").toString());
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    assertTrue(lines.get(0).startsWith("customresourcedefinition.apiextensions.k8s.io/sparkapplications.sparkoperator"
        + ".k8s.io "), r.out());
    assertTrue(lines.get(1).matches("sparkapplication\\.sparkoperator\\.k8s\\.io/spark-pi-[a-z0-9]{5} created"), r.out());
    String name = Files.readString(outputs.resolve("name/data"));
    assertEquals(lines.get(1), "sparkapplication.sparkoperator.k8s.io/" + name + " created");
    GenericKubernetesResource app = client.genericKubernetesResources("sparkoperator.k8s.io/v1beta2",
        "SparkApplication").inNamespace(ns).withName(name).get();
    assertNotNull(app);
    assertEquals("org.apache.spark.examples.SparkPi", app.get("spec", "mainClass"));
    assertEquals(ns, Files.readString(outputs.resolve("namespace/data")));
    assertEquals(app.getMetadata().getUid(), Files.readString(outputs.resolve("uid/data")));
    assertEquals("SparkApplication", Files.readString(outputs.resolve("kind/data")));
    String manifest = Files.readString(outputs.resolve("manifest/data"));
    assertTrue(manifest.contains(name) && manifest.contains("CustomResourceDefinition"), manifest);
    assertFalse(manifest.contains("managedFields"), manifest);
  }

  @Test
  void setReplacesOnlyTheGivenKeysAndAnUnusedKeyIsAnError() {
    String ns = ns("apply-set");
    String manifest = cm("${NAME}", "home", "${SPARK_HOME}/bin", "run", "${RUN}");
    CommandRun r = apply(ns, "--manifest", manifest, "--set", "NAME=settings", "--set", "RUN=r-42");
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/settings serverside-applied\n", r.out());
    assertEquals(Map.of("home", "${SPARK_HOME}/bin", "run", "r-42"), configMap(ns, "settings").getData());

    CommandRun typo = apply(ns, "--manifest", cm("other"), "--set", "NMAE=x");
    assertEquals(2, typo.code(), typo.toString());
    assertEquals("error: --set NMAE: ${NMAE} appears nowhere in the manifests\n", typo.err());
    assertNull(configMap(ns, "other"));
  }

  @Test
  void setLinesAreSeveralSetsInOneArgumentAndLabelsSplitOnCommas() {
    String ns = ns("apply-set-lines");
    String manifest = cm("${NAME}", "run", "${RUN}", "image", "${IMAGE}");
    CommandRun r = apply(ns, "--manifest", manifest, "--set-lines", "# parameters\nNAME=lines\r\n\n  RUN=r-7\n",
        "--set", "IMAGE=spark:3.5.3", "--label", "team=data,run=r-7", "--label", "step=apply");
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/lines serverside-applied\n", r.out());
    ConfigMap got = configMap(ns, "lines");
    assertEquals(Map.of("run", "r-7", "image", "spark:3.5.3"), got.getData());
    assertEquals(Map.of("team", "data", "run", "r-7", "step", "apply"), got.getMetadata().getLabels());

    CommandRun unused = apply(ns, "--manifest", cm("other"), "--set-lines", "NAME=x\nNMAE=y");
    assertEquals(2, unused.code(), unused.toString());
    assertEquals("error: --set NAME: ${NAME} appears nowhere in the manifests\n", unused.err());
    assertNull(configMap(ns, "other"));
  }

  @Test
  void labelsAndAnnotationsGoOnEveryObject() {
    String ns = ns("apply-labels");
    CommandRun r = apply(ns, "--manifest", cm("a") + "---\n" + cm("b"), "--label", "pipelines.kubeflow.org/run=r1",
        "--label", "team=data", "--annotation", "note=hello world");
    assertEquals(0, r.code(), r.toString());
    for (String n : List.of("a", "b")) {
      ConfigMap c = configMap(ns, n);
      assertEquals(Map.of("pipelines.kubeflow.org/run", "r1", "team", "data"), c.getMetadata().getLabels());
      assertEquals("hello world", c.getMetadata().getAnnotations().get("note"));
    }
    CommandRun bad = apply(ns, "--manifest", cm("c"), "--label", "team=not valid");
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().startsWith("error: --label team=not valid: invalid label value"), bad.err());
  }

  @Test
  void eachModeWithItsWords() {
    String ns = ns("apply-modes");
    CommandRun create = apply(ns, "--manifest", cm("m", "v", "1"), "--mode=create");
    assertEquals("configmap/m created\n", create.out(), create.toString());
    CommandRun createAgain = apply(ns, "--manifest", cm("m", "v", "1"), "--mode=create");
    assertEquals(5, createAgain.code(), createAgain.toString());
    assertTrue(createAgain.err().startsWith("error: Error from server (AlreadyExists): configmaps \"m\" already exists"
        + " (--manifest:1:1)"), createAgain.err());
    CommandRun replace = apply(ns, "--manifest", cm("m", "v", "2"), "--mode=replace");
    assertEquals("configmap/m replaced\n", replace.out(), replace.toString());
    assertEquals("2", configMap(ns, "m").getData().get("v"));
    CommandRun replaceNew = apply(ns, "--manifest", cm("n"), "--mode=replace");
    assertEquals("configmap/n created\n", replaceNew.out(), replaceNew.toString());
    CommandRun ssa = apply(ns, "--manifest", cm("n", "a", "1", "b", "2"));
    assertEquals("configmap/n serverside-applied\n", ssa.out(), ssa.toString());
    CommandRun same = apply(ns, "--manifest", cm("n", "a", "1", "b", "2"));
    assertEquals("configmap/n unchanged\n", same.out(), same.toString());
    CommandRun generated = apply(ns, "--manifest", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: g-\n",
        "--mode=replace");
    assertEquals(2, generated.code(), generated.toString());
  }

  @Test
  void dryRunChangesNothing() {
    String ns = ns("apply-dry");
    for (String where : List.of("server", "client")) {
      CommandRun r = apply(ns, "--manifest", cm("d"), "--dry-run=" + where);
      assertEquals(0, r.code(), r.toString());
      assertEquals("configmap/d serverside-applied (" + (where.equals("server") ? "server dry run" : "dry run") + ")\n",
          r.out());
      assertNull(configMap(ns, "d"));
    }
    CommandRun invalid = apply(ns, "--manifest", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\ndata:\n  a: 1\n",
        "--dry-run=server");
    assertEquals(2, invalid.code(), invalid.toString());
    assertTrue(invalid.err().startsWith("error: Error from server (BadRequest)") || invalid.err().startsWith("error: Error from server (Invalid): failed to create typed patch object: .data.a: expected string")
        || invalid.err().startsWith("error: Error from server (Invalid)"), invalid.err());
  }

  // ---------------------------------------------------------------- many objects, several requests in flight

  @Test
  void manyObjectsInParallelKeepTheInputOrderAndTellUnchangedFromApplied() throws Exception {
    String ns = ns("apply-many");
    int n = Applier.LIST_VERSIONS_FROM * 3;
    StringBuilder text = new StringBuilder();
    StringBuilder lines = new StringBuilder();
    for (int i = n - 1; i >= 0; i--) { // not in name order: the output follows the input, not the names
      text.append(cm("cm-" + i, "i", String.valueOf(i))).append("---\n");
      lines.append("configmap/cm-").append(i).append(" %s\n");
    }
    Path many = file("many.yaml", text.toString());
    Path manifest = tmp.resolve("out/manifest.yaml");
    CommandRun first = apply(ns, "-f", many.toString(), "--concurrency=8", "--output-manifest", manifest.toString());
    assertEquals(0, first.code(), first.toString());
    assertEquals(lines.toString().replace("%s", "serverside-applied"), first.out());
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(manifest)) {
      if (line.startsWith("  name: ")) names.add(line.substring(8));
    }
    assertEquals(List.of("cm-" + (n - 1), "cm-" + (n - 2)), names.subList(0, 2), "the output file in input order");
    assertEquals(n, names.size());

    client.configMaps().inNamespace(ns).withName("cm-7").withGracePeriod(0).delete();
    CommandRun again = apply(ns, "-f", many.toString());
    assertEquals(0, again.code(), again.toString());
    assertEquals(lines.toString().replace("%s", "unchanged").replace("configmap/cm-7 unchanged",
        "configmap/cm-7 serverside-applied"), again.out(), "one list told which ones the apply changed");
    assertEquals("7", configMap(ns, "cm-7").getData().get("i"), "made again");

    CommandRun one = apply(ns, "-f", many.toString(), "--concurrency=1");
    assertEquals(lines.toString().replace("%s", "unchanged"), one.out(), one.toString());
    CommandRun zero = apply(ns, "-f", many.toString(), "--concurrency=0");
    assertEquals(2, zero.code(), zero.toString());
    assertEquals("error: --concurrency must be 1 or more, not 0\n", zero.err());
  }

  /** A key YAML reads as a number (1: a) reaches the server as "1", as kubectl sends it. */
  @Test
  void keysWrittenAsNumbersAreSentAsText() throws Exception {
    String ns = ns("apply-number-keys");
    CommandRun run = apply(ns, "-f", file("keys.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\n"
        + "data:\n  1: one\n  \"2\": two\n  true: \"yes\"\n").toString());
    assertEquals(0, run.code(), run.toString());
    assertEquals(Map.of("1", "one", "2", "two", "true", "yes"), configMap(ns, "keys").getData());
  }

  /** Among many more objects of the type, the versions are read one by one: the result is the same. */
  @Test
  void manyObjectsAmongManyMoreTellUnchangedFromApplied() throws Exception {
    String ns = ns("apply-among-many");
    StringBuilder others = new StringBuilder();
    for (int i = 0; i < Applier.LIST_AT_LEAST + 10; i++) others.append(cm("other-" + i, "i", "x")).append("---\n");
    CommandRun setUp = apply(ns, "-f", file("others.yaml", others.toString()).toString(), "-o", "name");
    assertEquals(0, setUp.code(), setUp.toString());
    StringBuilder text = new StringBuilder();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < Applier.LIST_VERSIONS_FROM + 5; i++) {
      text.append(cm("mine-" + i, "i", String.valueOf(i))).append("---\n");
      lines.append("configmap/mine-").append(i).append(" %s\n");
    }
    Path mine = file("mine.yaml", text.toString());
    CommandRun first = apply(ns, "-f", mine.toString());
    assertEquals(lines.toString().replace("%s", "serverside-applied"), first.out(), first.toString());
    client.configMaps().inNamespace(ns).withName("mine-3").withGracePeriod(0).delete();
    CommandRun again = apply(ns, "-f", mine.toString());
    assertEquals(lines.toString().replace("%s", "unchanged").replace("configmap/mine-3 unchanged",
        "configmap/mine-3 serverside-applied"), again.out(), again.toString());
  }

  @Test
  void aFailureInTheMiddleIsTheRunsErrorAndNothingIsStartedAfterIt() throws Exception {
    String ns = ns("apply-fail-middle");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      // the server refuses cm-12's name (no upper case in names); the input is otherwise fine
      text.append(cm(i == 12 ? "cm-Bad-12" : "cm-" + i)).append("---\n");
    }
    Path f = file("middle.yaml", text.toString());
    CommandRun one = apply(ns, "-f", f.toString(), "--concurrency=1");
    assertEquals(2, one.code(), one.toString());
    assertTrue(one.err().startsWith("error: Error from server (Invalid): ") && one.err().contains("cm-Bad-12")
        && one.err().endsWith("(" + f + ":" + (12 * 7 + 1) + ":1)\n"), one.err());
    StringBuilder before = new StringBuilder();
    for (int i = 0; i < 12; i++) before.append("configmap/cm-").append(i).append(" serverside-applied\n");
    assertEquals(before.toString(), one.out(), "the objects before it, in order");
    assertNull(configMap(ns, "cm-13"), "one at a time: nothing after the failure was sent");
  }

  /**
   * With --concurrency 4, after a refusal nothing is started, and what was in flight finishes and is printed in input
   * order. Proved with a proxy that holds every object's request until the test lets it through, so the schedule is
   * the test's, not the machine's: cm-0 to cm-11 go through one by one (each frees a worker, which takes the next
   * object), then cm-13 and cm-14 (objects after the refused one may be started before the refusal is known: cm-16
   * and cm-17 are), then cm-12 is refused by the server (RBAC: it is in a namespace the user may not write). The
   * tool asks the server which permissions are missing only after it has stopped starting objects, so once that
   * question reaches the proxy the tool knows of the failure; only then are cm-15 to cm-17 let through. No object
   * after cm-17 may reach the server, whichever thread runs when.
   */
  @Test
  void afterARefusalNothingIsStartedAndWhatWasInFlightIsPrintedInOrder() throws Exception {
    String ns = ns("apply-refusal");
    String other = ns("apply-refusal-other");
    client.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("write-cm")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps")
        .withVerbs("get", "list", "create", "patch").endRule().build()).create();
    client.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("write-cm").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role").withName("write-cm").endRoleRef().addNewSubject().withKind("User")
        .withApiGroup("rbac.authorization.k8s.io").withName("limited").endSubject().build()).create();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      text.append(i == 12 ? cm("cm-12").replace("  name: cm-12\n", "  name: cm-12\n  namespace: " + other + "\n")
          : cm("cm-" + i)).append("---\n");
    }
    Path f = file("refusal.yaml", text.toString());
    java.util.regex.Pattern object = java.util.regex.Pattern.compile(".*/configmaps/(cm-\\d+).*");
    java.util.function.Function<HttpProxy.Request, String> name = r -> {
      var m = object.matcher(r.path());
      return m.matches() ? m.group(1) : null;
    };
    try (HttpProxy proxy = new HttpProxy(client)) {
      proxy.rule(r -> name.apply(r) != null ? HttpProxy.HOLD : HttpProxy.FORWARD);
      CommandRun.Running run = CommandRun.start(withEmptyEnv(), "--kubeconfig=" + proxy.kubeconfig(ns),
          "--as=limited", "-f", f.toString(), "--concurrency=4");
      for (int i = 0; i < 12; i++) release(proxy, name, "cm-" + i);
      release(proxy, name, "cm-13");
      release(proxy, name, "cm-14");
      List<HttpProxy.Held> inFlight = new ArrayList<>();
      for (String n : List.of("cm-12", "cm-15", "cm-16", "cm-17")) {
        inFlight.add(proxy.awaitHeld(r -> n.equals(name.apply(r))));
      }
      assertEquals(List.of(), proxy.heldRequests(), "one object per worker, four in flight");
      inFlight.get(0).release(); // cm-12: refused
      proxy.awaitSeen(r -> r.path().endsWith("/selfsubjectaccessreviews"));
      inFlight.subList(1, 4).forEach(HttpProxy.Held::release);
      CommandRun r = run.await();

      assertEquals(5, r.code(), r.toString());
      assertTrue(r.err().startsWith("error: Error from server (Forbidden): configmaps \"cm-12\" is forbidden: User"
          + " \"limited\" cannot get resource \"configmaps\""), r.err());
      assertTrue(r.err().endsWith("; missing permissions: get, create, patch configmaps in namespace \"" + other
          + "\" (" + f + ":" + (12 * 7 + 1) + ":1)\n"), r.err());
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 18; i++) if (i != 12) expected.append("configmap/cm-").append(i).append(" serverside-applied\n");
      assertEquals(expected.toString(), r.out(), "what was in flight finished and was printed, in input order");
      List<String> sent = proxy.seen().stream().map(name).filter(java.util.Objects::nonNull).distinct().sorted(
          java.util.Comparator.comparingInt((String n) -> Integer.parseInt(n.substring(3)))).toList();
      List<String> upTo17 = new ArrayList<>();
      for (int i = 0; i < 18; i++) upTo17.add("cm-" + i);
      assertEquals(upTo17, sent, "nothing after cm-17 was started");
      for (int i = 18; i < 30; i++) assertNull(configMap(ns, "cm-" + i), "cm-" + i);
    }
  }

  /**
   * A create (generateName) reaches the real server, which creates the object; its answer is lost (the proxy closes
   * the connection instead). The tool retries, but first looks for the object its request annotation marks: it finds
   * it and sends nothing again. Exactly one object afterwards, and the run says it was created.
   */
  @Test
  void aCreateWhoseAnswerIsLostIsNotSentTwice() throws Exception {
    String ns = ns("apply-lost-answer");
    String manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: lost-\ndata:\n  a: \"1\"\n";
    try (HttpProxy proxy = new HttpProxy(client)) {
      java.util.concurrent.atomic.AtomicInteger posts = new java.util.concurrent.atomic.AtomicInteger();
      proxy.rule(r -> r.method().equals("POST") && r.path().contains("/configmaps") && posts.getAndIncrement() == 0
          ? HttpProxy.FORWARD_THEN_DROP : HttpProxy.FORWARD);
      CommandRun r = CommandRun.run(withEmptyEnv(), "--kubeconfig=" + proxy.kubeconfig(ns), "--manifest", manifest);
      assertEquals(0, r.code(), r.toString());
      List<ConfigMap> all = client.configMaps().inNamespace(ns).list().getItems().stream()
          .filter(c -> c.getMetadata().getName().startsWith("lost-")).toList();
      assertEquals(1, all.size(), "one object: " + all);
      assertEquals("configmap/" + all.get(0).getMetadata().getName() + " created\n", r.out(), r.toString());
      assertEquals(1, posts.get(), "the create was sent once: " + proxy.seen());
    }
  }

  /** Lets the held request of object {@code n} through, once the tool has sent it. */
  private static void release(HttpProxy proxy, java.util.function.Function<HttpProxy.Request, String> name, String n)
      throws InterruptedException {
    proxy.awaitHeld(r -> n.equals(name.apply(r))).release();
  }

  // ---------------------------------------------------------------- owners and reuse

  @Test
  void ownerReferencesPointAtTheOwnerAndSkipWhatCannotBeOwned() {
    String ns = ns("apply-owner");
    ns("apply-owner-other");
    ConfigMap owner = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("the-owner").endMetadata().build()).create();
    CommandRun r = apply(ns, "--owner", "cm/the-owner", "--manifest", cm("owned") + "---\n"
        + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: apply-owner-other\n");
    assertEquals(2, r.code(), r.toString()); // -n and the object's namespace disagree: kubectl's refusal
    CommandRun ok = CommandRun.run(withEmptyEnv(), "--kubeconfig=" + Kubeconfigs.withNamespace(kubeconfigYaml, ns),
        "--owner", "cm/the-owner", "--manifest", cm("owned") + "---\n"
        + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: apply-owner-other\n---\n"
        + "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apply-owner-cluster\n");
    assertEquals(0, ok.code(), ok.toString());
    OwnerReference ref = configMap(ns, "owned").getMetadata().getOwnerReferences().get(0);
    assertEquals(owner.getMetadata().getUid(), ref.getUid());
    assertEquals("ConfigMap", ref.getKind());
    assertEquals("the-owner", ref.getName());
    assertEquals(Boolean.FALSE, ref.getBlockOwnerDeletion());
    assertTrue(configMap("apply-owner-other", "elsewhere").getMetadata().getOwnerReferences().isEmpty());
    assertTrue(ok.err().contains("warning: ConfigMap/elsewhere is in namespace apply-owner-other: not owned by"
        + " configmap/the-owner (namespace apply-owner)"), ok.err());
    assertTrue(ok.err().contains("warning: Namespace/apply-owner-cluster is cluster-scoped"), ok.err());

    CommandRun missing = apply(ns, "--owner", "cm/absent", "--manifest", cm("x"));
    assertEquals(3, missing.code(), missing.toString());
    assertEquals("error: --owner: configmaps \"absent\" not found in namespace \"apply-owner\"\n", missing.err());
    assertNull(configMap(ns, "x"));
  }

  static ApplyCommand withEmptyEnv() {
    ApplyCommand c = new ApplyCommand();
    c.environment = new Environment(new ByteArrayInputStream(new byte[0]), Map.of(), null);
    return c;
  }

  @Test
  void ownerFromPodIsThePodsControllerOrThePod() throws Exception {
    String ns = ns("apply-pod");
    ConfigMap workflow = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("workflow").endMetadata().build()).create();
    client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("step-pod")
        .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("workflow")
        .withUid(workflow.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build()).create();
    var lone = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("lone-pod")
        .endMetadata().withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
        .build()).create();
    Path nsFile = file("sa/namespace", ns + "\n");

    CommandRun r = apply(ns, c -> {
      c.environment = new Environment(c.environment.stdin(), Map.of("POD_NAME", "step-pod", "HOSTNAME", "ignored"),
          nsFile);
    }, "--owner-from-pod", "--manifest", cm("from-pod"));
    assertEquals(0, r.code(), r.toString());
    OwnerReference ref = configMap(ns, "from-pod").getMetadata().getOwnerReferences().get(0);
    assertEquals(workflow.getMetadata().getUid(), ref.getUid());
    assertEquals(Boolean.FALSE, ref.getBlockOwnerDeletion());

    CommandRun byHostname = apply(ns, c -> {
      c.environment = new Environment(c.environment.stdin(), Map.of("HOSTNAME", "lone-pod"), nsFile);
    }, "--owner-from-pod", "--manifest", cm("from-lone-pod"));
    assertEquals(0, byHostname.code(), byHostname.toString());
    OwnerReference podRef = configMap(ns, "from-lone-pod").getMetadata().getOwnerReferences().get(0);
    assertEquals("Pod", podRef.getKind());
    assertEquals(lone.getMetadata().getUid(), podRef.getUid());

    CommandRun noPod = apply(ns, "--owner-from-pod", "--manifest", cm("no-pod"));
    assertEquals(2, noPod.code(), noPod.toString());
    assertEquals("error: --owner-from-pod: cannot tell which pod this is: set POD_NAME (or HOSTNAME)\n", noPod.err());
  }

  @Test
  void aRetriedStepWithReuseIfLabeledSubmitsOnce() {
    String ns = ns("apply-reuse");
    String manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: job-\n";
    CommandRun first = apply(ns, "--manifest", manifest, "--reuse-if-labeled", "step=s1");
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.out().matches("configmap/job-[a-z0-9]{5} created\n"), first.out());
    CommandRun second = apply(ns, "--manifest", manifest, "--reuse-if-labeled", "step=s1", "-o", "name");
    assertEquals(0, second.code(), second.toString());
    assertEquals(first.out().replace(" created", ""), second.out());
    assertEquals(1, client.configMaps().inNamespace(ns).withLabel("step", "s1").list().getItems().size());
    CommandRun other = apply(ns, "--manifest", manifest, "--reuse-if-labeled", "step=s2");
    assertTrue(other.out().endsWith(" created\n"), other.toString());
  }

  // ---------------------------------------------------------------- nothing applied on bad input

  @Test
  void aBadLaterDocumentMeansNothingIsApplied() throws Exception {
    String ns = ns("apply-bad");
    String good = cm("first") + "---\n" + cm("second") + "---\n";
    Path yaml = file("bad-yaml.yaml", good + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: third\n data: x\n");
    CommandRun r = apply(ns, "-f", yaml.toString());
    assertEquals(2, r.code(), r.toString());
    assertEquals("error: " + yaml + ":19:2: invalid YAML: expected <block end>, but found '<block mapping start>'\n",
        r.err());
    assertEquals("", r.out());

    Path kind = file("bad-kind.yaml", good + "apiVersion: v1\nkind: ConfigMpa\nmetadata:\n  name: third\n");
    CommandRun unknown = apply(ns, "-f", kind.toString());
    assertEquals(2, unknown.code(), unknown.toString());
    assertEquals("error: " + kind + ":15:1: no matches for kind \"ConfigMpa\" in version \"v1\"; did you mean kind"
        + " \"ConfigMap\"?\n", unknown.err());

    Path version = file("bad-version.yaml", good
        + "apiVersion: sparkoperator.k8s.io/v1beta1\nkind: SparkApplication\nmetadata:\n  name: third\n");
    CommandRun wrongVersion = apply(ns, "-f", version.toString());
    assertEquals(2, wrongVersion.code(), wrongVersion.toString());
    assertTrue(wrongVersion.err().endsWith("; did you mean apiVersion \"sparkoperator.k8s.io/v1beta2\"?\n"),
        wrongVersion.err());

    Path noName = file("no-name.yaml", good + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n");
    CommandRun unnamed = apply(ns, "-f", noName.toString());
    assertEquals(2, unnamed.code(), unnamed.toString());
    assertEquals("error: " + noName + ":15:1: ConfigMap: metadata.name or metadata.generateName is required\n",
        unnamed.err());

    CommandRun noInput = apply(ns);
    assertEquals(2, noInput.code(), noInput.toString());
    assertEquals("error: must specify one of -f and --manifest\n", noInput.err());
    assertTrue(client.configMaps().inNamespace(ns).list().getItems().stream()
        .noneMatch(c -> c.getMetadata().getName().equals("first")));
  }

  @Test
  void readsStdinAndFolders() throws Exception {
    String ns = ns("apply-stdin");
    file("dir/b.yaml", cm("from-b"));
    file("dir/a.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"from-a\"}}");
    CommandRun r = apply(ns, c -> c.environment = c.environment.withStdin(
        new ByteArrayInputStream(cm("from-stdin").getBytes(StandardCharsets.UTF_8))),
        "-f", "-", "-f", tmp.resolve("dir").toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/from-stdin serverside-applied\nconfigmap/from-a serverside-applied\n"
        + "configmap/from-b serverside-applied\n", r.out());
  }

  // ---------------------------------------------------------------- errors from the server

  @Test
  void aConflictNamesTheFieldsTheManagerAndTheFlag() {
    String ns = ns("apply-conflict");
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("shared")
        .endMetadata().addToData("mode", "slow").build()).fieldManager("someone-else").serverSideApply();
    CommandRun r = apply(ns, "--manifest", cm("shared", "mode", "fast"));
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals("error: Apply failed with 1 conflict: conflict with \"someone-else\": .data.mode"
        + " (configmap/shared, --manifest:1:1); rerun with --force-conflicts to take these fields over, or leave them"
        + " out of the manifest (or give them their current values) to keep their managers\n", r.err());
    CommandRun forced = apply(ns, "--manifest", cm("shared", "mode", "fast"), "--force-conflicts");
    assertEquals(0, forced.code(), forced.toString());
    assertEquals("fast", configMap(ns, "shared").getData().get("mode"));
  }

  @Test
  void forbiddenSaysWhichVerbsAreMissing() throws Exception {
    String ns = ns("apply-rbac");
    client.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("limited").endMetadata().build()).create();
    client.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("read-cm")
        .endMetadata().addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list")
        .endRule().build()).create();
    client.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata()
        .withName("read-cm").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role").withName("read-cm").endRoleRef().addNewSubject().withKind("ServiceAccount")
        .withName("limited").withNamespace(ns).endSubject().build()).create();
    Path limited = Kubeconfigs.forServiceAccount(client, kubeconfigYaml, ns, "limited");
    CommandRun r = CommandRun.run(withEmptyEnv(), "--kubeconfig=" + limited, "--manifest", cm("denied"));
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: Error from server (Forbidden): configmaps \"denied\" is forbidden: User"
        + " \"system:serviceaccount:apply-rbac:limited\" cannot patch resource \"configmaps\""), r.err());
    assertTrue(r.err().endsWith("; missing permissions: create, patch configmaps in namespace \"apply-rbac\""
        + " (--manifest:1:1)\n"), r.err());
  }

  // ---------------------------------------------------------------- output

  @Test
  void secretsAreRedactedUnlessAskedFor() throws Exception {
    String ns = ns("apply-secret");
    String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: hunter2\n"
        + "data:\n  token: c2VjcmV0LXRva2Vu\n";
    Path manifest = tmp.resolve("out/manifest.yaml");
    CommandRun r = apply(ns, "--manifest", secret, "-o", "yaml", "--output-manifest", manifest.toString());
    assertEquals(0, r.code(), r.toString());
    for (String text : List.of(r.out(), r.err(), Files.readString(manifest))) {
      assertFalse(text.contains("hunter2") || text.contains("c2VjcmV0LXRva2Vu") || text.contains("aHVudGVyMg"), text);
    }
    assertTrue(r.out().contains("<redacted>"), r.out());
    CommandRun shown = apply(ns, "--manifest", secret, "-o", "json", "--show-secrets");
    assertEquals(0, shown.code(), shown.toString());
    assertTrue(shown.out().contains("c2VjcmV0LXRva2Vu"), shown.out());
  }

  @Test
  void outputFormatsAndSelect() throws Exception {
    String ns = ns("apply-output");
    String two = cm("one") + "---\n" + cm("two");
    CommandRun name = apply(ns, "--manifest", two, "-o", "name", "--select", "configmap/two",
        "--output-name", tmp.resolve("n").toString());
    assertEquals("configmap/one\nconfigmap/two\n", name.out(), name.toString());
    assertEquals("two", Files.readString(tmp.resolve("n")));
    CommandRun json = apply(ns, "--manifest", two, "-o", "json");
    assertEquals(0, json.code(), json.toString());
    GenericKubernetesResource list = client.getKubernetesSerialization().unmarshal(json.out(),
        GenericKubernetesResource.class);
    assertEquals("List", list.getKind());
    CommandRun noSuch = apply(ns, "--manifest", two, "--select", "configmap/three");
    assertEquals(2, noSuch.code(), noSuch.toString());
    assertEquals("error: --select configmap/three: no such object in the manifests\n", noSuch.err());
    CommandRun badFormat = apply(ns, "--manifest", two, "-o", "wide");
    assertEquals(2, badFormat.code(), badFormat.toString());
  }

  /** -o json and -o yaml print an applied object byte for byte as k8s-get prints it (one output layer). */
  @Test
  void printsObjectsAsK8sGetDoes() {
    String ns = ns("apply-as-get");
    String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n";
    for (String format : List.of("json", "yaml")) {
      CommandRun one = apply(ns, "--manifest", cm("same", "text", "two\nlines", "n", "1.0"), "-o", format);
      assertEquals(0, one.code(), one.toString());
      assertEquals(get(ns, "configmap/same", "-o", format).out(), one.out(), format);
      CommandRun two = apply(ns, "--manifest", cm("same", "text", "two\nlines", "n", "1.0") + "---\n" + secret,
          "-o", format);
      assertEquals(0, two.code(), two.toString());
      // several: kubectl apply's List (its metadata empty, in JSON its own fields first), the items as k8s-get's
      String asGet = get(ns, "configmap/same", "secret/s", "-o", format).out();
      if (format.equals("yaml")) {
        assertEquals(asGet.replace("metadata:\n  resourceVersion: \"\"\n", "metadata: {}\n"), two.out());
      } else {
        assertEquals(kubesteps.core.resource.ObjectMaps.parseJson(asGet).get("items"),
            kubesteps.core.resource.ObjectMaps.parseJson(two.out()).get("items"));
        assertTrue(two.out().startsWith("{\n    \"kind\": \"List\",\n    \"apiVersion\": \"v1\",\n    \"metadata\": {},\n"
            + "    \"items\": [\n        {\n            \"apiVersion\""), two.out());
      }
      assertFalse(two.out().contains("hunter2"), two.out());
    }
  }

  static CommandRun get(String namespace, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig, "--namespace=" + namespace));
    all.addAll(List.of(args));
    CommandRun r = CommandRun.run(new kubesteps.get.GetCommand(), all.toArray(String[]::new));
    assertEquals(0, r.code(), r.toString());
    return r;
  }

  // ---------------------------------------------------------------- --wait: the seed pipeline in one step

  static final String STATE = "jsonpath={.status.applicationState.state}";

  /** The SparkApplication the running apply created (generateName): polled until it is there. */
  static String created(String ns) throws InterruptedException {
    String[] name = new String[1];
    Fixtures.waitUntil(30, () -> {
      var items = client.genericKubernetesResources(Fixtures.SPARK).inNamespace(ns).list().getItems();
      if (items.isEmpty()) return false;
      name[0] = items.get(0).getMetadata().getName();
      return true;
    }, () -> "no SparkApplication in " + ns);
    return name[0];
  }

  @Test
  void applyWaitAndReadTheDriverPodInOneStep() throws Exception {
    String ns = ns("apply-wait");
    Path driver = tmp.resolve("wait/outputs/driver");
    Path name = tmp.resolve("wait/outputs/name");
    String manifest = Files.readString(Path.of("..", "examples", "spark-pi", "sparkapplication.yaml"));
    CommandRun.Running running = CommandRun.start(withEmptyEnv(), "--kubeconfig=" + kubeconfig, "--namespace=" + ns,
        "--manifest", manifest, "--wait", "--for", STATE + "=COMPLETED", "--fail-on", STATE + "=FAILED",
        "--timeout", "60s", "-o", "jsonpath={.status.driverInfo.podName}", "--output-file", driver.toString(),
        "--output-name", name.toString());
    String created = created(ns);
    Fixtures.setStatus(client, Fixtures.SPARK, ns, created, "applicationState: {state: RUNNING}\n");
    running.awaitErr("RUNNING");
    assertFalse(running.code().isDone(), running.err());
    long written = System.nanoTime();
    Fixtures.setStatus(client, Fixtures.SPARK, ns, created,
        "applicationState: {state: COMPLETED}\ndriverInfo: {podName: " + created + "-driver}\n");
    CommandRun r = running.await();
    long ms = (System.nanoTime() - written) / 1_000_000;
    assertEquals(0, r.code(), r.toString());
    assertEquals(created + "-driver", r.out(), "stdout is the JSONPath's result alone");
    assertEquals(created + "-driver", Files.readString(driver));
    assertEquals(created, Files.readString(name), "--output-name still describes what was applied");
    assertTrue(r.err().contains("RUNNING -> COMPLETED"), r.err());
    assertTrue(ms < 10_000, "exited " + ms + " ms after the COMPLETED write");
  }

  @Test
  void applyWaitFailsOnFailedAndPrintsTheApplyLinesFirst() throws Exception {
    String ns = ns("apply-wait-bad");
    String manifest = Files.readString(Path.of("..", "examples", "spark-pi", "sparkapplication.yaml"));
    CommandRun.Running running = CommandRun.start(withEmptyEnv(), "--kubeconfig=" + kubeconfig, "--namespace=" + ns,
        "--manifest", manifest, "--wait", "--for", STATE + "=COMPLETED", "--fail-on", STATE + "=FAILED",
        "--output-state", tmp.resolve("wait-bad/state").toString(), "--delete-on", "failure");
    String created = created(ns);
    Fixtures.setStatus(client, Fixtures.SPARK, ns, created,
        "applicationState: {state: FAILED, errorMessage: driver pod failed}\n");
    CommandRun r = running.await();
    assertEquals(1, r.code(), r.toString());
    assertEquals("sparkapplication.sparkoperator.k8s.io/" + created + " created\n", r.out());
    assertTrue(r.err().contains("failed: --fail-on " + STATE + "=FAILED holds (FAILED)"), r.err());
    assertEquals("failed", Files.readString(tmp.resolve("wait-bad/state")));
    Fixtures.waitUntil(10, () -> client.genericKubernetesResources(Fixtures.SPARK).inNamespace(ns).withName(created)
        .get() == null, () -> "--delete-on failure did not delete " + created);
  }

  @Test
  void waitFlagsWithoutWaitAndJsonPathWithout() throws Exception {
    String ns = ns("apply-no-wait");
    CommandRun flags = apply(ns, "--manifest", cm("x"), "--for", "condition=Ready");
    assertEquals(2, flags.code(), flags.toString());
    assertEquals("error: --for goes with --wait\n", flags.err());
    assertNull(configMap(ns, "x"), "nothing applied");
    CommandRun dry = apply(ns, "--manifest", cm("x"), "--wait", "--dry-run=server");
    assertEquals(2, dry.code(), dry.toString());
    CommandRun jp = apply(ns, "--manifest", cm("x", "mode", "fast"), "-o", "jsonpath={.data.mode}", "--output-file",
        tmp.resolve("no-wait/value").toString());
    assertEquals(0, jp.code(), jp.toString());
    assertEquals("fast", jp.out());
    assertEquals("fast", Files.readString(tmp.resolve("no-wait/value")));
    // with --wait and no --for: the kind's own meaning of done (a ConfigMap exists)
    Path printed = tmp.resolve("no-wait/printed");
    CommandRun exists = apply(ns, "--manifest", cm("y"), "--wait", "--output-file", printed.toString());
    assertEquals(0, exists.code(), exists.toString());
    assertEquals("configmap/y serverside-applied\nconfigmap/y condition met\n", exists.out());
    assertEquals(exists.out(), Files.readString(printed), "--output-file holds what was printed");
  }
}
