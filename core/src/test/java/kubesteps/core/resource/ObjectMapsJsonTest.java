package kubesteps.core.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ObjectMaps.parseJson makes the tree fabric8's (Jackson's) mapper makes: same values, same Java types, same order. */
class ObjectMapsJsonTest {
  static List<String> documents() throws IOException {
    List<String> docs = new ArrayList<>(List.of(
        "{}",
        "{\"a\": [], \"b\": {}, \"c\": null, \"d\": true, \"e\": false}",
        "{\"int\": 1, \"neg\": -7, \"long\": 3000000000, \"big\": 123456789012345678901234567890, \"zero\": 0}",
        "{\"f\": 1.0, \"g\": 0.5, \"h\": -2.5e3, \"i\": 1E-7, \"j\": 12345678901234567890.5, \"k\": -0.0, \"l\": 0.1}",
        "{\"s\": \"caf\\u00e9 \\\"q\\\" \\n\\t\\\\ \\ud83d\\ude00\", \"empty\": \"\"}",
        "{\"dup\": 1, \"other\": 2, \"dup\": 3}",
        "{\"deep\": [[[{\"x\": [1, [2, [3]]]}]]]}"));
    // every JSON fixture of the tests (objects with realistic status, lists, numbers)
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String text = Files.readString(f);
        if (text.stripLeading().startsWith("{")) docs.add(text);
      }
    }
    // and the YAML fixtures of the JSONPath tests, as the JSON an API server would send
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources/jsonpath"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        docs.add(ObjectMaps.serialization().asJson(ObjectMaps.parse(Files.readString(f))));
      }
    }
    return docs;
  }

  @ParameterizedTest
  @MethodSource("documents")
  void sameTreeAsTheMapper(String json) {
    Map<String, Object> theirs = ObjectMaps.parse(json);
    Map<String, Object> ours = ObjectMaps.parseJson(json);
    assertEquals(theirs, ours);
    assertEquals(types(theirs), types(ours));
    assertEquals(String.valueOf(theirs), String.valueOf(ours), "same key order");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[1]", "\"x\"", "{\"a\": }", "{} {}", "{\"a\": 1"})
  void notOneJsonObjectIsRefused(String json) {
    assertThrows(IllegalArgumentException.class, () -> ObjectMaps.parseJson(json));
  }

  /** The tree with every leaf replaced by its class name. */
  private static Object types(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, types(v)));
      return out;
    }
    if (o instanceof List<?> l) return l.stream().map(ObjectMapsJsonTest::types).toList();
    return o == null ? "null" : o.getClass().getName();
  }
}
