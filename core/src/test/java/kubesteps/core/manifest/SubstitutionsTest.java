package kubesteps.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import kubesteps.core.error.StepException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubstitutionsTest {
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      name: ${NAME}                       | NAME=pi                 | name: pi
      a: ${A}-${A}                        | A=x                     | a: x-x
      conf: ${SPARK_HOME}/bin ${RUN}      | RUN=r1                  | conf: ${SPARK_HOME}/bin r1
      v: ${A} ${B}                        | A=${B};B=b              | v: ${B} b
      v: ${A}                             | A=k=v                   | v: k=v
      v: '${A}'                           | A=                      | v: ''
      v: $A ${A                           | A=x;A=x                 | error: --set A: ${A} appears nowhere in the manifests
      v: ${run.id}                        | run.id=7                | v: 7
      v: 1                                | NOEQUALS                | error: --set NOEQUALS: expected KEY=VALUE
      v: 1                                | 1X=2                    | error: --set 1X=2: invalid key "1X" (letters, digits, '_', '.', '-'; not starting with a digit)
      v: ${A}                             | A=1;A=2                 | error: --set A is given twice with different values
      """)
  void replacesOnlyTheGivenKeys(String text, String sets, String expected) {
    List<String> kv = Arrays.asList(sets.split(";", -1));
    String got;
    try {
      Substitutions s = Substitutions.parse(kv);
      got = s.apply(text);
      s.requireAllUsed();
    } catch (StepException e) {
      got = "error: " + e.getMessage();
    }
    assertEquals(expected, got);
  }

  @Test
  void aKeyUsedInAnyOfSeveralTextsIsUsed() {
    Substitutions s = Substitutions.parse(List.of("A=1", "B=2"));
    assertEquals("1", s.apply("${A}"));
    assertEquals("2", s.apply("${B}"));
    s.requireAllUsed();
    Substitutions t = Substitutions.parse(List.of("C=1"));
    t.apply("nothing");
    assertThrows(StepException.class, t::requireAllUsed);
  }
}
