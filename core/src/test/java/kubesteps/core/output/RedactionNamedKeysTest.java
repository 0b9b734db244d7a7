package kubesteps.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import kubesteps.core.jsonpath.JsonPathTemplate;
import org.junit.jupiter.api.Test;

/** A Secret's values stay redacted, except those a template names one by one. */
class RedactionNamedKeysTest {
  private static final Map<String, Object> SECRET = Map.of("apiVersion", "v1", "kind", "Secret",
      "metadata", Map.of("name", "s"), "data", Map.of("password", "aHVudGVy", "user", "YWRtaW4="));

  @Test
  void theKeysATemplateNamesAreShownTheOthersNot() {
    Map<String, Object> out = Redaction.apply(SECRET, Set.of("password"));
    assertEquals(Map.of("password", "aHVudGVy", "user", Redaction.REDACTED), out.get("data"));
    assertEquals(Map.of("password", Redaction.REDACTED, "user", Redaction.REDACTED),
        Redaction.apply(SECRET).get("data"));
  }

  @Test
  void namedKeysAreThoseRightAfterTheField() {
    assertEquals(Set.of("password"), JsonPathTemplate.parse("{.data.password}").namedKeysAfter("data"));
    assertEquals(Set.of("a", "b"), JsonPathTemplate.parse("{.items[*].data['a','b']}").namedKeysAfter("data"));
    assertEquals(Set.of("x"), JsonPathTemplate.parse("{range .items[*]}{.data.x}{end}").namedKeysAfter("data"));
    for (String whole : List.of("{.data}", "{.data.*}", "{..password}", "{.data[*]}")) {
      assertEquals(Set.of(), JsonPathTemplate.parse(whole).namedKeysAfter("data"), whole);
    }
  }
}
