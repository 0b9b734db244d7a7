package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.testing.CommandRun;
import kubesteps.core.testing.Fixtures;
import kubesteps.core.testing.HttpProxy;
import kubesteps.core.testing.Kubeconfigs;
import kubesteps.core.testing.RequiresApiServerBinaries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s-get against a real API server. The JSONPath suite runs every template of core's jsonpath/cases.json over the
 * same objects created on this server, and compares the text with what the real kubectl prints for them (when kubectl
 * is on the PATH; core's JsonPathTemplateTest holds the offline expectations).
 */
@RequiresApiServerBinaries
@EnableKubeAPIServer(kubeAPIVersion = "1.20.2")
class GetCommandIT {
  @KubeConfig static String kubeconfigYaml;
  static KubernetesClient client;
  static String kubeconfig;
  static final ResourceDefinitionContext SPARK = Fixtures.SPARK;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    client = Fixtures.client(kubeconfigYaml);
    kubeconfig = Kubeconfigs.write(kubeconfigYaml).toString();
    Fixtures.installSparkApplicationCrd(client);
    for (String ns : List.of("get-it", "shop", "jobs", "lists", "other", "watch")) Fixtures.createNamespace(client, ns);
    client.configMaps().inNamespace("get-it").resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().addToData("mode", "fast").build()).serverSideApply();
    for (String[] cm : new String[][] {{"get-it", "web-1", "web"}, {"get-it", "web-2", "web"}, {"get-it", "db-1", "db"},
        {"other", "web-3", "web"}}) {
      client.configMaps().inNamespace(cm[0]).resource(new ConfigMapBuilder().withNewMetadata().withName(cm[1])
          .addToLabels("app", cm[2]).endMetadata().addToData("k", "v").build()).serverSideApply();
    }
    client.secrets().inNamespace("get-it").resource(new SecretBuilder().withNewMetadata().withName("creds")
        .endMetadata().addToData("password", "aHVudGVyMg==").withType("Opaque").build()).serverSideApply();
    // the JSONPath fixtures, created as they are (status written through the status subresource)
    Pod pod = client.getKubernetesSerialization().unmarshal(jsonpathFixture("pod.yaml"), Pod.class);
    PodStatus status = pod.getStatus();
    pod.setStatus(null);
    Pod created = client.pods().inNamespace("shop").resource(pod).create();
    created.setStatus(status);
    client.pods().inNamespace("shop").resource(created).updateStatus();
    createSparkApplication(jsonpathFixture("sparkapplication.yaml"), "jobs");
    Map<String, Object> list = ObjectMaps.parse(jsonpathFixture("list.yaml"));
    for (Object item : (List<?>) list.get("items")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> cm = (Map<String, Object>) item;
      ((Map<String, Object>) cm.get("metadata")).put("namespace", "lists");
      client.resource(ObjectMaps.serialization().convertValue(cm, GenericKubernetesResource.class)).create();
    }
  }

  static GenericKubernetesResource createSparkApplication(String yaml, String ns) {
    GenericKubernetesResource app = client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    Object status = app.getAdditionalProperties().remove("status");
    app.getMetadata().setNamespace(ns);
    GenericKubernetesResource created = client.genericKubernetesResources(SPARK).inNamespace(ns).resource(app).create();
    created.getAdditionalProperties().put("status", status);
    return client.genericKubernetesResources(SPARK).inNamespace(ns).resource(created).updateStatus();
  }

  static String jsonpathFixture(String name) {
    try (InputStream in = GetCommandIT.class.getResourceAsStream("/jsonpath/" + name)) {
      if (in != null) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      return Files.readString(Path.of("../core/src/test/resources/jsonpath/" + name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void tearDown() {
    client.close();
  }

  CommandRun get(String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig, "--namespace=get-it"));
    all.addAll(List.of(args));
    return CommandRun.run(new GetCommand(), all.toArray(String[]::new));
  }

  CommandRun getIn(String ns, String... args) {
    List<String> all = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig, "--namespace=" + ns));
    all.addAll(List.of(args));
    return CommandRun.run(new GetCommand(), all.toArray(String[]::new));
  }

  /** The real kubectl on the same server, or null when there is none on the PATH. */
  static CommandRun kubectl(String... args) {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig=" + kubeconfig));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
        try {
          return p.getErrorStream().readAllBytes();
        } catch (IOException e) {
          return new byte[0];
        }
      });
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return new CommandRun(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static final boolean KUBECTL = kubectlAvailable();

  static boolean kubectlAvailable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) return true;
    }
    return false;
  }

  // --- the JSONPath suite on live objects

  @SuppressWarnings("unchecked")
  @TestFactory
  Stream<DynamicTest> jsonPathPrintsWhatKubectlPrintsForTheSameLiveObjects() {
    Map<String, Object> file = ObjectMaps.parse(jsonpathFixture("cases.json"));
    List<Map<String, Object>> cases = (List<Map<String, Object>>) file.get("cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : cases) {
      String fixture = (String) c.get("fixture");
      String[] target = switch (fixture) {
        case "pod.yaml" -> new String[] {"shop", "pod/web-0"};
        case "sparkapplication.yaml" -> new String[] {"jobs", "sparkapplication/spark-pi"};
        case "list.yaml" -> new String[] {"lists", "configmaps"};
        default -> null;
      };
      if (target == null) continue;
      String template = (String) c.get("template");
      boolean allow = (Boolean) c.get("allowMissingKeys");
      tests.add(DynamicTest.dynamicTest(target[1] + " " + template + (allow ? "" : " (no missing keys)"), () -> {
        List<String> args = new ArrayList<>(List.of(target[1], "-o", "jsonpath=" + template));
        if (!allow) args.add("--allow-missing-template-keys=false");
        CommandRun ours = getIn(target[0], args.toArray(String[]::new));
        if (KUBECTL) {
          List<String> kargs = new ArrayList<>(List.of("get", "-n", target[0]));
          kargs.addAll(args);
          CommandRun theirs = kubectl(kargs.toArray(String[]::new));
          if (theirs.code() == 0) {
            assertEquals(0, ours.code(), ours.toString());
            assertEquals(theirs.out(), ours.out(), "kubectl printed " + theirs.out());
          } else {
            assertNotEquals(0, ours.code(), "kubectl failed: " + theirs.err() + "\nwe printed: " + ours);
            assertEquals(1, ours.err().lines().count(), ours.err());
          }
        } else if ("sparkapplication.yaml".equals(fixture) && c.get("expected") != null) {
          assertEquals(c.get("expected"), ours.out(), ours.toString()); // a custom resource is stored as given
        }
      }));
    }
    assertTrue(tests.size() > 80, "cases: " + tests.size());
    return tests.stream();
  }

  @Test
  void theSparkApplicationStateAndDriverPod() {
    CommandRun state = getIn("jobs", "sparkapp", "spark-pi", "-o", "jsonpath={.status.applicationState.state}");
    assertEquals(0, state.code(), state.toString());
    assertEquals("COMPLETED", state.out());
    CommandRun driver = getIn("jobs", "sparkapplications.sparkoperator.k8s.io/spark-pi", "-o",
        "jsonpath={.status.driverInfo.podName}");
    assertEquals("spark-pi-driver", driver.out());
    CommandRun missing = getIn("jobs", "sparkapp/spark-pi", "-o", "jsonpath={.status.driverInfo.nothing}",
        "--allow-missing-template-keys=false");
    assertEquals(3, missing.code(), missing.toString());
    assertEquals("error: error executing jsonpath \"{.status.driverInfo.nothing}\": nothing is not found\n",
        missing.err());
  }

  @Test
  void customColumnsAsKubectl() {
    String spec = "custom-columns=NAME:.metadata.name,STATE:.status.applicationState.state,"
        + "DRIVER:status.driverInfo.podName,EXECUTORS:.status.executorState.*,NONE:.status.nothing";
    CommandRun r = getIn("jobs", "sparkapp", "-o", spec);
    assertEquals(0, r.code(), r.toString());
    assertEquals("NAME       STATE       DRIVER            EXECUTORS             NONE\n"
        + "spark-pi   COMPLETED   spark-pi-driver   COMPLETED,COMPLETED   <none>\n", r.out());
    if (KUBECTL) assertEquals(kubectl("get", "-n", "jobs", "sparkapp", "-o", spec).out(), r.out());
  }

  @Test
  void customColumnsFileAsKubectl(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("columns.txt");
    Files.writeString(file, "NAME   STATE    EXECUTORS\nmetadata.name {.status.applicationState.state} .status.executorState.*\n");
    CommandRun r = getIn("jobs", "sparkapp", "-o", "custom-columns-file=" + file);
    assertEquals(0, r.code(), r.toString());
    assertEquals("NAME       STATE       EXECUTORS\nspark-pi   COMPLETED   COMPLETED,COMPLETED\n", r.out());
    if (KUBECTL) assertEquals(kubectl("get", "-n", "jobs", "sparkapp", "-o", "custom-columns-file=" + file).out(), r.out());
    Files.writeString(file, "NAME X\nmetadata.name\n");
    CommandRun bad = getIn("jobs", "sparkapp", "-o", "custom-columns-file=" + file);
    assertEquals(2, bad.code(), bad.toString());
    assertEquals("error: number of headers (2) and field specifications (1) don't match\n", bad.err());
    Files.writeString(file, "NAME\n");
    assertTrue(getIn("jobs", "sparkapp", "-o", "custom-columns-file=" + file).err().startsWith(
        "error: invalid template, missing spec line."));
    CommandRun missing = getIn("jobs", "sparkapp", "-o", "custom-columns-file=" + dir.resolve("nope"));
    assertEquals("error: error reading template " + dir.resolve("nope") + ": no such file\n", missing.err());
  }

  @Test
  void jsonpathAsJsonAsKubectl() {
    CommandRun r = getIn("jobs", "sparkapp/spark-pi", "-o", "jsonpath-as-json={.status.applicationState.state}");
    assertEquals(0, r.code(), r.toString());
    assertEquals("[\n    \"COMPLETED\"\n]\n", r.out());
    String[] templates = {"{.status.applicationState}", "state:{.status.applicationState.state} {.nothing}",
        "{.status.executorState.*}", "{range .items[*]}{.metadata.name}{\"\\n\"}{end}", "{.items[*].metadata.name}"};
    for (String t : templates) {
      for (String what : new String[] {"sparkapp/spark-pi", "sparkapp"}) {
        CommandRun ours = getIn("jobs", what, "-o", "jsonpath-as-json=" + t);
        assertEquals(0, ours.code(), t + " " + ours);
        if (KUBECTL) {
          assertEquals(kubectl("get", "-n", "jobs", what, "-o", "jsonpath-as-json=" + t).out(), ours.out(), t + " " + what);
        }
      }
    }
  }

  // --- addressing

  @Test
  void listsWithSelectorsAndAcrossNamespaces() {
    CommandRun web = get("cm", "-l", "app=web", "-o", "name");
    assertEquals(0, web.code(), web.toString());
    assertEquals("configmap/web-1\nconfigmap/web-2\n", web.out());
    CommandRun notWeb = get("configmaps", "-l", "app,app!=web", "-o", "name");
    assertEquals("configmap/db-1\n", notWeb.out());
    CommandRun byField = get("cm", "--field-selector", "metadata.name=web-2", "-o", "jsonpath={.items[*].metadata.name}");
    assertEquals("web-2", byField.out());
    CommandRun all = get("cm", "-A", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.metadata.namespace}/"
        + "{.metadata.name}{\"\\n\"}{end}");
    assertEquals("get-it/web-1\nget-it/web-2\nother/web-3\n", all.out());
    CommandRun none = get("cm", "-l", "app=nothing");
    assertEquals(0, none.code(), none.toString());
    assertEquals("", none.out());
    assertEquals("No resources found in get-it namespace.\n", none.err());
    CommandRun emptyJson = get("cm", "-l", "app=nothing", "-o", "json");
    assertEquals("{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n"
        + "        \"resourceVersion\": \"\"\n    }\n}\n", emptyJson.out());
    CommandRun named = get("cm", "web-1", "web-2", "-l", "app=web");
    assertEquals(2, named.code(), named.toString());
    assertEquals("error: name cannot be provided when a selector is specified\n", named.err());
  }

  @Test
  void severalObjectsPrintAsAListAndOneAsItself() {
    CommandRun two = get("cm/web-1", "cm/web-2", "-o", "jsonpath={.kind} {.items[*].metadata.name}");
    assertEquals("List web-1 web-2", two.out());
    CommandRun one = get("cm/web-1", "-o", "jsonpath={.kind} {.metadata.name}");
    assertEquals("ConfigMap web-1", one.out());
    CommandRun yaml = get("cm", "web-1", "-o", "yaml");
    assertTrue(yaml.out().startsWith("apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n"), yaml.out());
    assertFalse(yaml.out().contains("---"), yaml.out());
    if (KUBECTL) {
      assertEquals(kubectl("get", "-n", "get-it", "cm", "web-1", "-o", "yaml").out(), yaml.out());
      assertEquals(kubectl("get", "-n", "get-it", "cm", "web-1", "web-2", "-o", "json").out(),
          get("cm", "web-1", "web-2", "-o", "json").out());
      assertEquals(kubectl("get", "-n", "jobs", "sparkapp", "-o", "yaml").out(), getIn("jobs", "sparkapp", "-o", "yaml")
          .out());
    }
  }

  @Test
  void objectsNamedByAManifest() throws Exception {
    Path manifest = tmp.resolve("applied.yaml");
    Files.writeString(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-1\n  namespace: get-it\n---\n# comment only\n---\n"
        + "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: spark-pi\n"
        + "  namespace: jobs\nspec: {}\n");
    CommandRun r = CommandRun.run(new GetCommand(), "--kubeconfig=" + kubeconfig, "-f", manifest.toString(), "-o",
        "name");
    assertEquals(0, r.code(), r.toString());
    assertEquals("configmap/web-1\nsparkapplication.sparkoperator.k8s.io/spark-pi\n", r.out());
    CommandRun clash = CommandRun.run(new GetCommand(), "--kubeconfig=" + kubeconfig, "-n", "shop", "-f",
        manifest.toString());
    assertEquals(2, clash.code(), clash.toString());
  }

  @Test
  void notFoundIsExitThreeInKubectlsWords() {
    CommandRun r = get("cm/absent");
    assertEquals(3, r.code(), r.toString());
    assertEquals("Error from server (NotFound): configmaps \"absent\" not found\n", r.err());
    CommandRun some = get("cm", "web-1", "absent", "-o", "name");
    assertEquals(3, some.code(), some.toString());
    assertEquals("configmap/web-1\n", some.out());
    CommandRun ignored = get("cm/absent", "--ignore-not-found");
    assertEquals(0, ignored.code(), ignored.toString());
    assertEquals("", ignored.out());
    assertEquals("", ignored.err());
  }

  @Test
  void anUnknownTypeIsExitTwoWithSuggestions() {
    CommandRun r = get("confgimap/settings");
    assertEquals(2, r.code(), r.toString());
    assertEquals("error: the server doesn't have a resource type \"confgimap\"; did you mean configmaps?\n", r.err());
  }

  @Test
  void aBadTemplateIsExitTwoBeforeAnyApiCall() throws Exception {
    String dead = kubeconfigYaml.replaceAll("server: https://127.0.0.1:\\d+", "server: https://127.0.0.1:1");
    CommandRun r = CommandRun.run(new GetCommand(), "--kubeconfig=" + Kubeconfigs.write(dead), "cm/x", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Ready\"}");
    assertEquals(2, r.code(), r.toString());
    assertEquals("error: error parsing jsonpath {.status.conditions[?(@.type==\"Ready\"}: unterminated filter at "
        + "position 39\n", r.err());
    CommandRun format = CommandRun.run(new GetCommand(), "--kubeconfig=" + Kubeconfigs.write(dead), "cm/x", "-o", "xml");
    assertEquals(2, format.code(), format.toString());
  }

  // --- tables rendered by the server

  @Test
  void tablesForABuiltInKindAndACustomResource() {
    CommandRun cms = get("cm", "-l", "app=web");
    assertEquals(0, cms.code(), cms.toString());
    List<String> lines = cms.out().lines().toList();
    assertEquals(3, lines.size(), cms.out());
    assertTrue(lines.get(0).matches("NAME {4}DATA {3}AGE"), lines.get(0));
    assertTrue(lines.get(1).matches("web-1 {3}1 {6}(\\d+[smhd])+"), lines.get(1));
    CommandRun apps = getIn("jobs", "sparkapp");
    assertTrue(apps.out().matches("NAME {7}STATUS {6}ATTEMPTS {3}AGE\nspark-pi {3}COMPLETED {3}1 {10}(\\d+[smhd])+\n"),
        apps.out());
    CommandRun all = get("cm", "-A", "-l", "app=web", "--no-headers");
    assertTrue(all.out().matches("get-it {3}web-1 {3}1 {5}(\\d+[smhd])+\nget-it {3}web-2 {3}1 {5}(\\d+[smhd])+\nother {4}web-3 {3}1"
        + " {5}(\\d+[smhd])+\n"), all.out());
    CommandRun mixed = get("cm/web-1", "secret/creds");
    assertTrue(mixed.out().matches("NAME {14}DATA {3}AGE\nconfigmap/web-1 {3}1 {6}(\\d+[smhd])+\n\n"
        + "NAME {11}TYPE {5}DATA {3}AGE\nsecret/creds {3}Opaque {3}1 {6}(\\d+[smhd])+\n"), mixed.out());
    if (KUBECTL) {
      assertEquals(kubectl("get", "-n", "get-it", "cm/web-1", "secret/creds").out().replaceAll("(\\d+[smhd])+\n", "AGE\n"),
          mixed.out().replaceAll("(\\d+[smhd])+\n", "AGE\n"));
    }
    CommandRun labelled = get("cm", "-l", "app=web", "--show-labels");
    // the AGE column's width follows the ages (99s, 100s): no fixed padding after it
    assertTrue(labelled.out().matches("NAME {4}DATA {3}AGE +LABELS\nweb-1 {3}1 {6}(\\d+[smhd])+ +app=web\nweb-2 {3}1 {6}"
        + "(\\d+[smhd])+ +app=web\n"), labelled.out());
    CommandRun crLabels = getIn("jobs", "sparkapp", "--show-labels", "-o", "wide");
    assertTrue(crLabels.out().lines().findFirst().orElseThrow().endsWith("LABELS"), crLabels.out());
    if (KUBECTL) {
      for (String[] args : new String[][] {{"-n", "get-it", "cm", "-l", "app=web", "--show-labels"},
          {"-n", "jobs", "sparkapp", "--show-labels", "-o", "wide"}, {"-A", "cm", "--show-labels", "-l", "app"}}) {
        List<String> ours = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig));
        ours.addAll(List.of(args));
        assertEquals(kubectl(Stream.concat(Stream.of("get"), Stream.of(args)).toArray(String[]::new))
            .out().replaceAll("\\d+[smh]\\b", "AGE"),
            CommandRun.run(new GetCommand(), ours.toArray(String[]::new)).out().replaceAll("\\d+[smh]\\b", "AGE"),
            String.join(" ", args));
      }
    }
    CommandRun wide = getIn("shop", "pod", "web-0", "-o", "wide");
    assertTrue(wide.out().lines().findFirst().orElseThrow()
        .matches("NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES"), wide.out());
    assertTrue(wide.out().contains("10.244.1.7"), wide.out());
    if (KUBECTL) {
      assertEquals(kubectl("get", "-n", "jobs", "sparkapp").out().replaceAll("(\\d+[smhd])+\n", "AGE\n"),
          apps.out().replaceAll("(\\d+[smhd])+\n", "AGE\n"));
    }
  }

  // --- watch

  /**
   * Each change printed as it comes. No --timeout window: the test waits for each line, then ends the watch by
   * interrupting the command (its stand-in for Ctrl-C), so a busy machine cannot make it fail.
   */
  @Test
  void watchPrintsEachChange() throws Exception {
    String yaml = jsonpathFixture("sparkapplication.yaml").replace("name: spark-pi\n", "name: watched\n")
        .replace("state: COMPLETED", "state: RUNNING");
    GenericKubernetesResource app = createSparkApplication(yaml, "watch");
    CommandRun.Running run = CommandRun.start(new GetCommand(), "--kubeconfig=" + kubeconfig, "-n", "watch",
        "sparkapp/watched", "-w", "-o", "jsonpath={.status.applicationState.state}");
    run.awaitOut("RUNNING\n");
    for (String state : List.of("SUCCEEDING", "COMPLETED")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> status = (Map<String, Object>) app.getAdditionalProperties().get("status");
      status.put("applicationState", Map.of("state", state));
      app = client.genericKubernetesResources(SPARK).inNamespace("watch").resource(app).updateStatus();
      run.awaitOut(state.equals("SUCCEEDING") ? "RUNNING\nSUCCEEDING\n" : "RUNNING\nSUCCEEDING\nCOMPLETED\n");
    }
    CommandRun r = run.stop();
    assertEquals("RUNNING\nSUCCEEDING\nCOMPLETED\n", r.out(), r.toString());
    assertEquals(130, r.code(), "interrupted (as Ctrl-C, which the process turns into exit 0): " + r);
  }

  @Test
  void watchPrintsTableRowsAsTheServerRendersThem() throws Exception {
    String yaml = jsonpathFixture("sparkapplication.yaml").replace("name: spark-pi\n", "name: tabled\n")
        .replace("state: COMPLETED", "state: SUBMITTED");
    GenericKubernetesResource app = createSparkApplication(yaml, "watch");
    CommandRun.Running run = CommandRun.start(new GetCommand(), "--kubeconfig=" + kubeconfig, "-n", "watch",
        "sparkapp", "tabled", "-w");
    Fixtures.waitUntil(30, () -> run.out().lines().count() == 2, () -> "printed so far:\n" + run.out());
    @SuppressWarnings("unchecked")
    Map<String, Object> status = (Map<String, Object>) app.getAdditionalProperties().get("status");
    status.put("applicationState", Map.of("state", "FAILED"));
    client.genericKubernetesResources(SPARK).inNamespace("watch").resource(app).updateStatus();
    Fixtures.waitUntil(30, () -> run.out().lines().count() == 3, () -> "printed so far:\n" + run.out());
    CommandRun r = run.stop();
    assertTrue(r.out().matches("NAME {5}STATUS {6}ATTEMPTS {3}AGE\ntabled {3}SUBMITTED {3}1 {10}(\\d+[smhd])+\n"
        + "tabled {3}FAILED {6}1 {10}(\\d+[smhd])+\n"), r.toString());
  }

  /**
   * --output-watch-events as kubectl 1.32 prints it (seen beside it): a table with an EVENT column, the objects first
   * as ADDED; JSON one event per line, type first; YAML documents with object then type; templates read the event.
   */
  @Test
  void watchEventsAsKubectlPrintsThem() throws Exception {
    String ns = "watch-events";
    Fixtures.createNamespace(client, ns);
    configMap(ns, "a", "1");
    String[][] cases = {
        {"", "EVENT +NAME +DATA +AGE\nADDED +a +1 +\\S+\nMODIFIED +a +1 +\\S+\n"},
        {"-o=json", "\\{\"type\":\"ADDED\",\"object\":\\{\"apiVersion\":\"v1\",\"data\":\\{\"k\":\"\\d\"\\},\"kind\":\"ConfigMap\""
            + ".*\\}\\}\n\\{\"type\":\"MODIFIED\",\"object\":\\{.*\\}\\}\n"},
        {"-o=yaml", "object:\n  apiVersion: v1\n(?s:.*)type: ADDED\n---\nobject:\n(?s:.*)type: MODIFIED\n"},
        {"-o=jsonpath={.type} {.object.metadata.name}{\"\\n\"}", "ADDED a\nMODIFIED a\n"},
        {"-o=name", "configmap/a\nconfigmap/a\n"},
    };
    int n = 1;
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("--kubeconfig=" + kubeconfig, "-n", ns, "cm", "-w",
          "--output-watch-events"));
      if (!c[0].isEmpty()) args.add(c[0]);
      CommandRun.Running run = CommandRun.start(new GetCommand(), args.toArray(String[]::new));
      Fixtures.waitUntil(30, () -> !run.out().isEmpty() && run.out().endsWith("\n")
          && (c[0].equals("-o=yaml") ? run.out().contains("type: ADDED") : true), () -> run.out() + run.err());
      String before = run.out();
      configMap(ns, "a", Integer.toString(++n));
      Fixtures.waitUntil(30, () -> run.out().length() > before.length() && run.out().endsWith("\n")
          && (!c[0].equals("-o=yaml") || run.out().endsWith("type: MODIFIED\n")), () -> run.out() + run.err());
      CommandRun r = run.stop();
      assertTrue(r.out().matches(c[1]), c[0] + ":\n" + r);
    }
    CommandRun refused = CommandRun.run(new GetCommand(), "--kubeconfig=" + kubeconfig, "-n", ns, "cm",
        "--output-watch-events");
    assertEquals(2, refused.code(), refused.toString());
    assertEquals("error: --output-watch-events option can only be used with --watch or --watch-only\n",
        refused.err());
  }

  /**
   * The watch is gone (410 as an ERROR event, then as an HTTP answer; made up by a proxy that holds each watch until
   * the test has changed what it wants): the list that follows prints what changed meanwhile (a deletion, a change,
   * an addition) and nothing that was printed already; then it watches again from that list.
   */
  @Test
  void aWatchGoneMeanwhileListsAgainAndPrintsOnlyWhatChanged() throws Exception {
    String ns = "watch-gone";
    Fixtures.createNamespace(client, ns);
    for (String n : List.of("a", "b", "c")) configMap(ns, n, "1");
    try (HttpProxy proxy = new HttpProxy(client)) {
      proxy.rule(r -> r.isWatch() ? HttpProxy.HOLD : HttpProxy.FORWARD);
      CommandRun.Running run = CommandRun.start(new GetCommand(), "--kubeconfig=" + proxy.kubeconfig(ns), "cm", "-w",
          "-o", "name");
      HttpProxy.Held watch = proxy.awaitHeld(HttpProxy.Request::isWatch);
      assertEquals("configmap/a\nconfigmap/b\nconfigmap/c\n", run.out());
      configMap(ns, "b", "2");
      client.configMaps().inNamespace(ns).withName("c").delete();
      configMap(ns, "d", "1");
      watch.release(HttpProxy.watchError(410, "Expired", "too old resource version: 1 (2)"));
      watch = proxy.awaitHeld(HttpProxy.Request::isWatch); // listed again, printed, watching again
      String printed = "configmap/a\nconfigmap/b\nconfigmap/c\n" + "configmap/c\nconfigmap/b\nconfigmap/d\n";
      assertEquals(printed, run.out(), "deleted c, changed b, added d; a not again");
      watch.release(HttpProxy.status(410, "Expired", "too old resource version: 1 (2)", null));
      proxy.awaitHeld(HttpProxy.Request::isWatch);
      assertEquals(printed, run.out(), "nothing changed: nothing printed");
      List<String> requests = proxy.seen().stream().filter(q -> q.path().contains("/configmaps"))
          .map(q -> q.isWatch() ? "watch" : "list").toList();
      assertEquals(List.of("list", "watch", "list", "watch", "list", "watch"), requests);
      CommandRun r = run.stop();
      assertEquals(printed, r.out(), r.toString());
    }
  }

  void configMap(String ns, String name, String k) {
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .endMetadata().addToData("k", k).build()).serverSideApply();
  }

  // --- secrets

  @Test
  void secretValuesAreRedactedUnlessAskedFor() {
    CommandRun yaml = get("secret/creds", "-o", "yaml");
    assertTrue(yaml.out().contains("data:\n  password: <redacted>\n"), yaml.out());
    assertFalse(yaml.out().contains("aHVudGVyMg=="), yaml.out());
    CommandRun json = get("secrets", "-o", "json");
    assertTrue(json.out().contains("\"password\": \"\\u003credacted\\u003e\""), json.out());
    assertFalse(json.out().contains("aHVudGVyMg=="), json.out());
    // a value the template names one by one is printed, as kubectl prints it; a whole {.data} is not
    assertEquals("aHVudGVyMg==", get("secret", "creds", "-o", "jsonpath={.data.password}").out());
    assertEquals("{\"password\":\"\\u003credacted\\u003e\"}", get("secret", "creds", "-o", "jsonpath={.data}").out());
    assertEquals("{\"password\":\"aHVudGVyMg==\"}", get("secret", "creds", "-o", "jsonpath={.data}", "--show-secrets")
        .out());
    CommandRun table = get("secret", "creds");
    assertTrue(table.out().matches("NAME {4}TYPE {5}DATA {3}AGE\ncreds {3}Opaque {3}1 {6}(\\d+[smhd])+\n"), table.out());
  }

  // --- output file

  @Test
  void writesTheOutputFileWithItsParentsAndQuietKeepsStdoutEmpty() throws Exception {
    Path file = tmp.resolve("outputs/driver/data");
    CommandRun r = getIn("jobs", "sparkapp/spark-pi", "-o", "jsonpath={.status.driverInfo.podName}", "--output-file",
        file.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals("spark-pi-driver", r.out());
    assertEquals("spark-pi-driver", Files.readString(file));
    Path quiet = tmp.resolve("q/name");
    CommandRun q = get("cm/settings", "-o", "name", "--output-file", quiet.toString(), "-q");
    assertEquals("", q.out());
    assertEquals("configmap/settings\n", Files.readString(quiet));
  }

  @Test
  void anUnreachableServerIsExitFiveInOneLine() throws Exception {
    String dead = kubeconfigYaml.replaceAll("server: https://127.0.0.1:\\d+", "server: https://127.0.0.1:1");
    CommandRun r = CommandRun.run(new GetCommand(), "--kubeconfig=" + Kubeconfigs.write(dead), "cm/x", "--timeout=1s");
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: cannot connect to the API server at https://127.0.0.1:1/: "), r.err());
  }

  /** Lists in chunks (--chunk-size, limit and continue as kubectl's pager) print exactly what one request prints. */
  @Test
  void chunkedListsPrintWhatOneRequestPrints() {
    Fixtures.createNamespace(client, "chunks");
    for (int i = 0; i < 7; i++) {
      client.configMaps().inNamespace("chunks").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName("cm-" + i).addToLabels("set", "a").endMetadata().addToData("i", "" + i).build())
          .create();
    }
    for (List<String> format : List.<List<String>>of(List.of("-o", "name"), List.of("-o", "json"), List.of("-o", "yaml"),
        List.of(), List.of("-o", "jsonpath={range .items[*]}{.metadata.name}{\"\\n\"}{end}"),
        List.of("-o", "jsonpath={.items[*].metadata.name}"), List.of("-o", "jsonpath-as-json={range .items[*]}{.data}{end}"))) {
      List<String> one = new ArrayList<>(List.of("cm", "-l", "set=a", "--chunk-size", "0"));
      one.addAll(format);
      List<String> chunked = new ArrayList<>(List.of("cm", "-l", "set=a", "--chunk-size", "2"));
      chunked.addAll(format);
      CommandRun whole = getIn("chunks", one.toArray(String[]::new));
      CommandRun parts = getIn("chunks", chunked.toArray(String[]::new));
      assertEquals(0, parts.code(), parts.toString());
      // AGE may tick between the two runs
      assertEquals(whole.out().replaceAll("(?m)(\\d+[smhd])+$", "AGE"), parts.out().replaceAll("(?m)(\\d+[smhd])+$", "AGE"),
          "format " + format);
    }
    assertEquals(7, getIn("chunks", "cm", "-l", "set=a", "-o", "name", "--chunk-size", "3").out().lines().count());
    // printed chunk by chunk (name, a range over the items), an empty list still says so as kubectl does
    CommandRun none = getIn("chunks", "cm", "-l", "set=none", "-o", "name", "--chunk-size", "3");
    assertEquals("", none.out());
    assertEquals("No resources found in chunks namespace.\n", none.err());
    assertEquals(2, getIn("chunks", "cm", "--chunk-size", "-1").code());
  }
}
