package kubesteps.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0", "500ms, 500", "30s, 30000", "5m, 300000", "1h30m, 5400000", "1h30m15s, 5415000",
      "1.5h, 5400000", "1.5s, 1500", ".5s, 500", "2m500ms, 120500", "-1s, -1000", "+3s, 3000", "1500us, 1",
      "1000000ns, 1"})
  void parsesKubectlDurations(String text, long millis) {
    assertEquals(millis, Durations.parse(text).toMillis());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "s", "1x", "1 s", "1S", "m5", "1h-1m", "abc", "1d"})
  void refusesOthersNamingTheValue(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "30", "1.5"})
  void aBareNumberNeedsAUnit(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertTrue(e.getMessage().startsWith("missing unit in duration"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "500, 500ms", "30000, 30s", "5400000, 1h30m0s", "61500, 1m1.5s"})
  void formatsAsGoDoes(long millis, String text) {
    assertEquals(text, Durations.format(Duration.ofMillis(millis)));
  }

  @org.junit.jupiter.api.Test
  void converterTurnsErrorsIntoUsageErrors() {
    assertThrows(TypeConversionException.class, () -> new Durations.Converter().convert("10"));
    assertEquals(Duration.ofMinutes(2), new Durations.Converter().convert("2m"));
  }
}
