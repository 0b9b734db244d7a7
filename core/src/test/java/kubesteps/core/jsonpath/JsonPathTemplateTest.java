package kubesteps.core.jsonpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kubectl JSONPath suite: every case of jsonpath/cases.json, whose expected text the real kubectl printed for the
 * same fixture and template (regenerate it with jsonpath/verify-with-kubectl.py).
 */
class JsonPathTemplateTest {
  private static final Map<String, Object> FIXTURES = new HashMap<>();

  static String resource(String name) {
    try (InputStream in = JsonPathTemplateTest.class.getResourceAsStream("/jsonpath/" + name)) {
      if (in == null) throw new IllegalStateException("no test resource jsonpath/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Object fixture(String name) {
    return FIXTURES.computeIfAbsent(name, n -> ObjectMaps.parse(resource(n)));
  }

  @SuppressWarnings("unchecked")
  @TestFactory
  Stream<DynamicTest> matchesKubectl() {
    Map<String, Object> file = ObjectMaps.parse(resource("cases.json"));
    List<Map<String, Object>> cases = (List<Map<String, Object>>) file.get("cases");
    assertTrue(cases.size() > 100, "cases: " + cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("fixture") + " " + c.get("template")
        + (Boolean.FALSE.equals(c.get("allowMissingKeys")) ? " (no missing keys)" : ""), () -> check(c)));
  }

  private static void check(Map<String, Object> c) {
    String template = (String) c.get("template");
    boolean allow = (Boolean) c.get("allowMissingKeys");
    Object root = fixture((String) c.get("fixture"));
    String kubectlError = (String) c.get("kubectlError");
    if (kubectlError != null) {
      if (kubectlError.startsWith("error: error parsing jsonpath")) {
        StepException e = assertThrows(StepException.class, () -> JsonPathTemplate.parse(template), kubectlError);
        assertEquals(ExitCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage().startsWith("error parsing jsonpath " + template + ": "), e.getMessage());
      } else {
        // kubectl finds these when it runs the template; we may find some (unknown identifiers) when parsing
        StepException e = assertThrows(StepException.class,
            () -> JsonPathTemplate.parse(template).execute(root, allow), kubectlError);
        String problem = kubectlError.replaceFirst(".*Error executing template: ", "")
            .replaceFirst("\\. Printing more information.*", "");
        assertTrue(e.getMessage().contains(problem) || problem.endsWith("cannot be filtered"),
            e.getMessage() + " vs kubectl: " + problem);
      }
      return;
    }
    String expected = (String) c.get("expected");
    String actual = JsonPathTemplate.parse(template).execute(root, allow);
    if (Boolean.FALSE.equals(c.get("ordered"))) {
      assertEquals(words(expected), words(actual), "as a multiset of words");
    } else {
      assertEquals(expected, actual);
    }
  }

  private static List<String> words(String s) {
    List<String> w = new ArrayList<>(Arrays.asList(s.split(" ")));
    Collections.sort(w);
    return w;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{.metadata.name|unclosed action at position 16",
      "{.a[}|unterminated array at position 6",
      "x{.a[x]}|invalid array index x at position 5",
      "{.a....b}|invalid multiple recursive descent at position 6",
      "{.a ! }|unrecognized character in action: U+0021 '!' at position 5",
      "{metadata.name}|unrecognized identifier metadata at position 1",
      "{end}|not in range, nothing to end at position 1",
      "{.a[?(@.b=\"x\")]}|unrecognized filter operator = at position 4",
  })
  void badSyntaxNamesTheProblemAndItsPosition(String template, String problem) {
    StepException e = assertThrows(StepException.class, () -> JsonPathTemplate.parse(template));
    assertEquals(ExitCode.INVALID_INPUT, e.code());
    assertEquals("error parsing jsonpath " + template + ": " + problem, e.getMessage());
  }

  @Test
  void aMissingKeyIsNotFoundWhenMissingKeysAreNotAllowed() {
    StepException e = assertThrows(StepException.class,
        () -> JsonPathTemplate.parse("{.status.driverInfo.podName}").execute(Map.of("status", Map.of()), false));
    assertEquals(ExitCode.NOT_FOUND, e.code());
    assertEquals("error executing jsonpath \"{.status.driverInfo.podName}\": driverInfo is not found", e.getMessage());
    assertEquals("", JsonPathTemplate.parse("{.status.driverInfo.podName}").execute(Map.of("status", Map.of()), true));
  }

  @Test
  void valuesAreTheFlattenedResultsWithoutLiteralText() {
    Object pod = fixture("pod.yaml");
    assertEquals(List.of("False"),
        JsonPathTemplate.parse("{.status.conditions[?(@.type==\"Ready\")].status}").values(pod));
    assertEquals(List.of("app", "sidecar"), JsonPathTemplate.parse("names: {.spec.containers[*].name}").values(pod));
    assertEquals(List.of(Map.of("containerPort", 80, "name", "http")),
        JsonPathTemplate.parse("{range .spec.containers[*]}{.ports[0]}{end}").values(pod));
    assertEquals(List.of(), JsonPathTemplate.parse("{.status.absent}").values(pod));
    assertEquals(List.of(3), JsonPathTemplate.parse("{.status.containerStatuses[1].restartCount}").values(pod));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "status.phase", ".status.phase", "{status.phase}", "{.status.phase}"})
  void relaxedFormsAreKubectlsCustomColumnForms(String expression) {
    JsonPathTemplate t = JsonPathTemplate.parseRelaxed(expression);
    assertEquals("Running", t.execute(fixture("pod.yaml"), true));
    assertEquals(expression, t.template());
  }

  @Test
  void strictParsingKeepsTextOutsideBracesLiteralAsKubectlDoes() {
    assertEquals(".status.phase", JsonPathTemplate.parse(".status.phase").execute(fixture("pod.yaml"), true));
    assertThrows(StepException.class, () -> JsonPathTemplate.parseRelaxed("{.a}{.b}"));
  }

  @Test
  void indentedJsonIsGoIndentedJson() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("kind", "ConfigMap");
    m.put("data", Map.of("a", "<1>"));
    m.put("items", List.of());
    m.put("n", 1.5);
    assertEquals("{\n    \"data\": {\n        \"a\": \"\\u003c1\\u003e\"\n    },\n    \"items\": [],\n"
        + "    \"kind\": \"ConfigMap\",\n    \"n\": 1.5\n}", GoJson.indent(m, "    "));
  }

  @Test
  void aTemplateThatIsOneRangeOverTheItemsCanBePrintedChunkByChunk() {
    assertTrue(JsonPathTemplate.parse("{range .items[*]}{.metadata.name}{\"\\n\"}{end}").rangesOverItems());
    assertFalse(JsonPathTemplate.parse("{.items[*].metadata.name}").rangesOverItems());
    assertFalse(JsonPathTemplate.parse("x{range .items[*]}{.metadata.name}{end}").rangesOverItems());
    assertFalse(JsonPathTemplate.parse("{range .items[0:2]}{.metadata.name}{end}").rangesOverItems());
    assertFalse(JsonPathTemplate.parse("{range .items[*]}{.metadata.name}").rangesOverItems(), "no end");
  }
}
