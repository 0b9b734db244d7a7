package kubesteps.get;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import org.junit.jupiter.api.Test;

/** kubectl's --sort-by order (sorter.go): missing first, numbers, quantities, strings; ties keep their order. */
class SortByTest {
  private static Map<String, Object> obj(String name, Object value) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", name);
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("metadata", meta);
    if (value != null) o.put("v", value);
    return o;
  }

  private static List<String> names(List<Map<String, Object>> objs) {
    return objs.stream().map(o -> (String) ((Map<?, ?>) o.get("metadata")).get("name")).toList();
  }

  private static List<String> sorted(String field, Map<String, Object>... objs) {
    return names(SortBy.parse(field).sort(List.of(objs), o -> o));
  }

  @Test
  void numbersAsNumbersAndMissingValuesFirst() {
    assertEquals(List.of("none", "two", "ten", "hundred"),
        sorted(".v", obj("ten", 10L), obj("none", null), obj("hundred", 100L), obj("two", 2L)));
    assertEquals(List.of("a", "b"), sorted("{.v}", obj("b", 2.5), obj("a", 1L)), "int and float together");
  }

  @Test
  void quantitiesAsQuantitiesOtherStringsByteByByte() {
    assertEquals(List.of("milli", "one", "kibi", "mega", "gibi"), sorted("v", obj("gibi", "1Gi"), obj("mega", "1M"),
        obj("one", "1"), obj("milli", "500m"), obj("kibi", "1Ki")));
    assertEquals(List.of("early", "late"), sorted(".v", obj("late", "2026-12-06T10:00:00Z"),
        obj("early", "2026-01-06T10:00:00Z")), "timestamps in time order");
    assertEquals(List.of("B", "a", "b"), sorted(".metadata.name", obj("b", null), obj("a", null), obj("B", null)));
    assertEquals(0, BigDecimal.valueOf(1536).compareTo(SortBy.quantity("1.5Ki")));
    assertEquals(0, new BigDecimal("1000").compareTo(SortBy.quantity("1e3")));
    assertEquals(null, SortBy.quantity("cm-1"));
  }

  @Test
  void tiesKeepTheirOrder() {
    assertEquals(List.of("x", "y", "z", "w"), sorted(".v", obj("x", 1L), obj("y", 1L), obj("z", 1L), obj("w", 2L)));
  }

  @Test
  void aFieldNoObjectHasIsRefusedAsKubectlRefusesIt() {
    StepException e = assertThrows(StepException.class, () -> sorted(".metadata.nope", obj("a", 1L)));
    assertEquals(ExitCode.INVALID_INPUT, e.code());
    assertEquals("couldn't find any field with path \"{.metadata.nope}\" in the list of objects", e.getMessage());
    assertTrue(SortBy.parse(".x").sort(List.<Map<String, Object>>of(), o -> o).isEmpty(), "nothing to sort");
  }

  @Test
  void namedSecretKeysOfAGoTemplate() {
    assertEquals(java.util.Set.of("password", "tls.crt"), GetOptions.goTemplateSecretKeys(
        "{{.data.password | base64decode}} {{index .data \"tls.crt\"}} {{.data}}"));
  }
}
