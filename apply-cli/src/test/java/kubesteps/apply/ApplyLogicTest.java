package kubesteps.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import kubesteps.core.error.StepException;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.manifest.Manifests;
import kubesteps.core.output.OutputFormat;
import kubesteps.core.output.Redaction;
import kubesteps.core.status.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of k8s-apply: flags, ordering, redaction, selection, printing, CRD matching. */
class ApplyLogicTest {
  static List<Manifest> parse(String yaml) {
    return Manifests.parse(yaml, "t.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      team=data                       | ok
      pipelines.kubeflow.org/run=r-1  | ok
      a=                              | ok
      =x                              | error: --label =x: expected KEY=VALUE
      novalue                         | error: --label novalue: expected KEY=VALUE
      team=has space                  | error: --label team=has space: invalid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)
      Bad_Prefix/x=1                  | error: --label Bad_Prefix/x: invalid key (an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)
      -lead=1                         | error: --label -lead: invalid key (an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)
      """)
  void labelFlags(String kv, String expected) {
    String got;
    try {
      KeyValues.labels("--label", List.of(kv));
      got = "ok";
    } catch (StepException e) {
      got = "error: " + e.getMessage();
    }
    assertEquals(expected, got);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      `A=1`                          | [A=1]
      `A=1\\nB=two words\\n`            | [A=1, B=two words]
      `A=1\\r\\nB=2\\r\\n`                | [A=1, B=2]
      `# comment\\n\\n  A=x=y\\n   \\n`   | [A=x=y]
      `A=trailing  `                 | [A=trailing  ]
      ``                             | []
      `novalue`                      | [novalue]
      """)
  void setLinesSplitsIntoSets(String text, String expected) {
    assertEquals(expected, KeyValues.lines(text.translateEscapes()).toString());
  }

  @Test
  void annotationValuesMayBeAnything() {
    assertEquals(Map.of("note", "hello world: = ok"), KeyValues.parse("--annotation", List.of("note=hello world: = ok")));
  }

  @Test
  void namespacesThenCrdsThenTheRestAsWritten() {
    List<Manifest> in = parse("""
        {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
        ---
        {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: c}}
        ---
        {apiVersion: example.com/v1, kind: Widget, metadata: {name: w}}
        ---
        {apiVersion: v1, kind: Namespace, metadata: {name: n}}
        ---
        {apiVersion: v1, kind: Secret, metadata: {name: s}}
        """);
    assertEquals(List.of("Namespace/n", "CustomResourceDefinition/c", "ConfigMap/a", "Widget/w", "Secret/s"),
        Ordering.order(in).stream().map(Manifest::describe).toList());
  }

  @Test
  void secretsAreRedactedOtherObjectsNot() {
    Map<String, Object> secret = parse("""
        apiVersion: v1
        kind: Secret
        metadata:
          name: s
          annotations: {kubectl.kubernetes.io/last-applied-configuration: '{"data":{"k":"c2VjcmV0"}}', keep: me}
        data: {k: c2VjcmV0}
        stringData: {p: secret}
        """).get(0).object();
    Map<String, Object> r = ApplyOptions.shown(secret, false);
    Map<?, ?> annotations = (Map<?, ?>) ((Map<?, ?>) r.get("metadata")).get("annotations");
    assertEquals(Map.of("k", "<redacted>"), r.get("data"));
    assertEquals(Map.of("p", "<redacted>"), r.get("stringData"));
    assertEquals("<redacted>", annotations.get(Redaction.LAST_APPLIED));
    assertEquals("me", annotations.get("keep"));
    assertEquals("c2VjcmV0", Trees.at(secret, "data", "k"), "the original is left alone");
    Map<String, Object> cm = parse("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: v}}").get(0)
        .object();
    assertEquals("v", ((Map<?, ?>) ApplyOptions.shown(cm, false).get("data")).get("k"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ConfigMap/a                                          | 0
      configmap/b                                          | 1
      sparkapplication.sparkoperator.k8s.io/spark-pi-      | 2
      SparkApplication/spark-pi-                           | 2
      """)
  void selectByKindAndNameOrGenerateName(String select, int index) {
    List<Manifest> in = parse("""
        {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
        ---
        {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
        ---
        {apiVersion: sparkoperator.k8s.io/v1beta2, kind: SparkApplication, metadata: {generateName: spark-pi-}}
        """);
    assertEquals(index, Selection.indexIn(Selection.parse(select), in));
  }

  @Test
  void selectRefusesWhatItCannotFind() {
    List<Manifest> in = parse("{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}");
    assertEquals(0, Selection.indexIn(null, in));
    assertThrows(StepException.class, () -> Selection.indexIn(Selection.parse("Secret/a"), in));
    assertThrows(StepException.class, () -> Selection.parse("a"));
    assertThrows(StepException.class, () -> Selection.parse("a/b/c"));
  }

  @Test
  void printsAsKubectl() {
    Map<String, Object> app = parse("""
        {apiVersion: sparkoperator.k8s.io/v1beta2, kind: SparkApplication, metadata: {name: spark-pi-x7k2p}}
        """).get(0).object();
    assertEquals("sparkapplication.sparkoperator.k8s.io/spark-pi-x7k2p created",
        Printer.line(app, "created", DryRun.NONE));
    assertEquals("sparkapplication.sparkoperator.k8s.io/spark-pi-x7k2p serverside-applied (server dry run)",
        Printer.line(app, "serverside-applied", DryRun.SERVER));
    assertEquals("configmap", Printer.typeOf("v1", "ConfigMap"));
    assertEquals("job.batch", Printer.typeOf("batch/v1", "Job"));
    String two = OutputFormat.parse("json").print(List.of(ApplyOptions.shown(app, false),
        ApplyOptions.shown(app, false)), false, true);
    assertTrue(two.startsWith("{\n  \"apiVersion\" : \"v1\",\n  \"kind\" : \"List\"") || two.contains("\"List\""), two);
    assertFalse(Printer.documents(List.of(ApplyOptions.shown(app, false))).isBlank());
    assertEquals(DryRun.CLIENT, DryRun.parse("client"));
    assertThrows(StepException.class, () -> DryRun.parse("maybe"));
  }

  @Test
  void aCrdDefinesItsKindInItsServedVersions() {
    List<Manifest> in = parse("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets}
          versions:
          - {name: v1, served: true}
          - {name: v0, served: false}
        ---
        {apiVersion: example.com/v1, kind: Widget, metadata: {name: a}}
        ---
        {apiVersion: example.com/v0, kind: Widget, metadata: {name: b}}
        ---
        {apiVersion: example.com/v1, kind: Gadget, metadata: {name: c}}
        ---
        {apiVersion: other.com/v1, kind: Widget, metadata: {name: d}}
        """);
    Manifest crd = in.get(0);
    assertEquals(List.of(true, false, false, false), in.subList(1, 5).stream().map(m -> Applier.defines(crd, m)).toList());
  }

  @Test
  void establishedReadsTheCondition() {
    assertTrue(Applier.established(parse("""
        {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: x},
         status: {conditions: [{type: NamesAccepted, status: "True"}, {type: Established, status: "True"}]}}
        """).get(0).object()));
    assertFalse(Applier.established(parse("""
        {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: x},
         status: {conditions: [{type: Established, status: "False"}]}}
        """).get(0).object()));
    assertFalse(Applier.established(null));
  }
}
