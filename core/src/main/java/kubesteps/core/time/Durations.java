package kubesteps.core.time;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as kubectl (Go's time.ParseDuration) writes them: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h30m}, {@code 1.5h}, {@code 0}. Units: ns, us (µs), ms, s, m, h. A bare number other than 0 is refused:
 * "5" could mean seconds or minutes, and a pipeline that guesses wrong waits for the wrong time.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("([-+]?)((?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null) throw new IllegalArgumentException("empty duration");
    String s = text.strip();
    if (s.equals("0") || s.equals("+0") || s.equals("-0")) return Duration.ZERO;
    if (!WHOLE.matcher(s).matches()) {
      if (s.matches("[-+]?\\d+(\\.\\d+)?")) {
        throw new IllegalArgumentException("missing unit in duration \"" + text + "\" (write e.g. " + s + "s or " + s + "m)");
      }
      throw new IllegalArgumentException(
          "invalid duration \"" + text + "\" (expected e.g. 500ms, 30s, 5m, 1h30m; units ns, us, ms, s, m, h)");
    }
    boolean negative = s.startsWith("-");
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(s);
    while (m.find()) {
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    Duration d = Duration.ofNanos(nanos.longValueExact());
    return negative ? d.negated() : d;
  }

  /** Go's String() form: {@code 1h30m0s}, {@code 500ms}, {@code 0s}. */
  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    if (d.isNegative()) return "-" + format(d.negated());
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      long n = d.toNanos();
      if (n % 1_000_000 == 0) return (n / 1_000_000) + "ms";
      if (n % 1_000 == 0) return (n / 1_000) + "us";
      return n + "ns";
    }
    StringBuilder b = new StringBuilder();
    long h = d.toHours();
    long m = d.toMinutesPart();
    if (h > 0) b.append(h).append('h');
    if (h > 0 || m > 0) b.append(m).append('m');
    BigDecimal secs = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9));
    b.append(secs.stripTrailingZeros().toPlainString()).append('s');
    return b.toString();
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException(unit);
    };
  }

  /** picocli converter: a bad value is a usage error naming the value. */
  public static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
