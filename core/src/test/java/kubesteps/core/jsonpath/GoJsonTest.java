package kubesteps.core.jsonpath;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON as Go's encoding/json writes it (kubectl's output, k8s-apply's request bodies). */
class GoJsonTest {
  @Test
  void keysAreSortedTextAndKeepTheirValues() {
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1, 2.5, true));
    m.put(1, "a"); // YAML's 1: a
    m.put("a<", null);
    assertEquals("{\"1\":\"a\",\"a\\u003c\":null,\"b\":[1,2.5,true]}", GoJson.compact(m));
    assertEquals("{\n  \"1\": \"a\",\n  \"a\\u003c\": null,\n  \"b\": [\n    1,\n    2.5,\n    true\n  ]\n}",
        GoJson.indent(m, "  "));
  }
}
