package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.output.ObjectText;
import kubesteps.core.output.OutputFormat;
import kubesteps.core.output.Redaction;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON and YAML text compared with what kubectl printed for the same objects (see resources/printing/README.md). */
class PrintersTest {
  static String resource(String name) {
    try (InputStream in = PrintersTest.class.getResourceAsStream("/printing/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pod", "sparkapplication", "numbers", "strings"})
  void jsonAndYamlAreKubectls(String fixture) {
    String file = fixture.equals("numbers") ? "numbers.json" : fixture + ".yaml";
    Map<String, Object> obj = ObjectMaps.parse(resource(file));
    assertEquals(resource(fixture + ".kubectl.json"), ObjectText.json(obj));
    assertEquals(resource(fixture + ".kubectl.yaml"), ObjectText.yaml(obj));
  }

  @Test
  void severalObjectsAreAKubectlList() {
    Map<String, Object> a = Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "a"));
    assertEquals("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\nkind: List\n"
        + "metadata:\n  resourceVersion: \"\"\n", ObjectText.yaml(ObjectText.list(List.of(a))));
    assertEquals("configmap/a\n", ObjectText.name(a) + "\n");
    assertEquals("sparkapplication.sparkoperator.k8s.io/pi\n", ObjectText.name(Map.of("apiVersion",
        "sparkoperator.k8s.io/v1beta2", "kind", "SparkApplication", "metadata", Map.of("name", "pi"))) + "\n");
  }

  @Test
  void secretsAreRedactedKeysKept() {
    Map<String, Object> secret = ObjectMaps.parse("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\","
        + "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{...}\"}},"
        + "\"data\":{\"password\":\"aHVudGVyMg==\"},\"stringData\":{\"user\":\"bob\"},\"type\":\"Opaque\"}");
    Map<String, Object> r = Redaction.apply(secret);
    assertEquals(Map.of("password", "<redacted>"), r.get("data"));
    assertEquals(Map.of("user", "<redacted>"), r.get("stringData"));
    assertEquals("<redacted>", ((Map<?, ?>) ((Map<?, ?>) r.get("metadata")).get("annotations"))
        .get("kubectl.kubernetes.io/last-applied-configuration"));
    assertEquals("aHVudGVyMg==", ((Map<?, ?>) secret.get("data")).get("password"), "the input is left alone");
    Map<String, Object> list = Redaction.apply(ObjectText.list(List.of(secret)));
    assertEquals(Map.of("password", "<redacted>"), ((Map<?, ?>) ((List<?>) list.get("items")).get(0)).get("data"));
  }

  @Test
  void tablesAlignAsKubectlsTabwriter() {
    // Go's tabwriter (min width 6, padding 3): a column is as wide as its widest cell plus 3; the last is not padded
    assertEquals("NAME       STATUS    AGE\nspark-pi   RUNNING   5m\nx          -         \n",
        new TextTable().render(List.of(List.of("NAME", "STATUS", "AGE"), List.of("spark-pi", "RUNNING", "5m"),
            List.of("x", "-", ""))));
    assertEquals("A     B\n", new TextTable().render(List.of(List.of("A", "B"))));
  }

  /** A long list keeps of each Table row only what printing needs; the rows print the same from it. */
  @Test
  void aRowKeptForPrintingPrintsAsTheServersRow() {
    Map<String, Object> table = ObjectMaps.parseJson("""
        {"kind": "Table", "columnDefinitions": [{"name": "Name", "priority": 0}, {"name": "Data", "priority": 0},
          {"name": "Node", "priority": 1}],
         "rows": [{"cells": ["a", 1, null], "object": {"kind": "PartialObjectMetadata", "metadata": {"name": "a",
           "namespace": "ns1", "uid": "u", "labels": {"z": "1", "set": "x"}, "managedFields": [{"manager": "m",
           "fieldsV1": {"f:data": {}}}]}}},
          {"cells": ["b", 2, "n1"], "object": {"metadata": {"name": "b", "namespace": "ns2"}}},
          {"cells": ["c", 0, "n2"]}]}""");
    @SuppressWarnings("unchecked")
    List<Object> rows = (List<Object>) table.get("rows");
    Map<String, Object> kept = new LinkedHashMap<>(table);
    kept.put("rows", rows.stream().map(Printers::printedPart).toList());
    assertEquals(Map.of("cells", Arrays.asList("a", 1, null), "object", Map.of("metadata",
        Map.of("name", "a", "namespace", "ns1", "labels", Map.of("z", "1", "set", "x")))), kept.get("rows") instanceof List<?> l
        ? l.get(0) : null);
    for (boolean wide : new boolean[] {false, true}) {
      for (boolean labels : new boolean[] {false, true}) {
        var format = new OutputFormat.Table(wide, labels);
        assertEquals(Printers.tableRows(table, format, true, true, null),
            Printers.tableRows(kept, format, true, true, null));
      }
    }
  }

  /** Ages as apimachinery's duration.HumanDuration writes them (its own test table's cases). */
  @org.junit.jupiter.api.Test
  void agesAsKubectlWritesThem() {
    java.util.Map<Long, String> cases = new java.util.LinkedHashMap<>();
    cases.put(1L, "1s");
    cases.put(70L, "70s");
    cases.put(190L, "3m10s");
    cases.put(60L * 5, "5m");
    cases.put(60L * 70, "70m");
    cases.put(3600L * 5 + 600, "5h10m");
    cases.put(3600L * 5, "5h");
    cases.put(3600L * 47, "47h");
    cases.put(3600L * 49, "2d1h");
    cases.put(3600L * 24 * 3, "3d");
    cases.put(3600L * 24 * 8, "8d");
    cases.put(3600L * 24 * 367, "367d");
    cases.put(3600L * 24 * (365 * 2 + 1), "2y1d");
    cases.put(3600L * 24 * 365 * 2, "2y");
    cases.put(3600L * 24 * 365 * 9, "9y");
    cases.forEach((seconds, text) -> org.junit.jupiter.api.Assertions.assertEquals(text,
        Printers.humanDuration(java.time.Duration.ofSeconds(seconds)), seconds + "s"));
    org.junit.jupiter.api.Assertions.assertEquals("0s", Printers.humanDuration(java.time.Duration.ofMillis(-500)));
    org.junit.jupiter.api.Assertions.assertEquals("<invalid>", Printers.humanDuration(java.time.Duration.ofSeconds(-5)));
  }
}
