package kubesteps.core.manifest;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kubesteps.core.error.StepException;

/**
 * {@code --set KEY=VALUE}: replaces {@code ${KEY}} in manifest text before parsing. Only the keys given are replaced;
 * any other {@code ${...}} stays as written (Spark confs and scripts use {@code $}). A key that appears in no text
 * is an error ({@link #requireAllUsed()}): a typo would otherwise go unnoticed.
 */
public final class Substitutions {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private final Map<String, String> values;
  private final Set<String> used = new LinkedHashSet<>();

  private Substitutions(Map<String, String> values) {
    this.values = values;
  }

  /** From {@code KEY=VALUE} arguments; the value may contain {@code =} and may be empty. */
  public static Substitutions parse(List<String> keyValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String kv : keyValues == null ? List.<String>of() : keyValues) {
      int eq = kv.indexOf('=');
      if (eq < 0) throw StepException.invalid("--set " + kv + ": expected KEY=VALUE");
      String key = kv.substring(0, eq);
      if (!KEY.matcher(key).matches()) {
        throw StepException.invalid("--set " + kv + ": invalid key \"" + key
            + "\" (letters, digits, '_', '.', '-'; not starting with a digit)");
      }
      if (values.containsKey(key) && !values.get(key).equals(kv.substring(eq + 1))) {
        throw StepException.invalid("--set " + key + " is given twice with different values");
      }
      values.put(key, kv.substring(eq + 1));
    }
    return new Substitutions(values);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The text with {@code ${KEY}} replaced for every given key (in one pass: values are not re-read). */
  public String apply(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String value = values.get(key);
      if (value == null) {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      } else {
        used.add(key);
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Fails when a given key appeared in none of the texts {@link #apply}-ed so far. */
  public void requireAllUsed() {
    for (String key : values.keySet()) {
      if (!used.contains(key)) {
        throw StepException.invalid("--set " + key + ": ${" + key + "} appears nowhere in the manifests");
      }
    }
  }
}
