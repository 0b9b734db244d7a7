package kubesteps.core.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import kubesteps.core.error.StepException;

/**
 * What "done" and "failed" mean for kinds, as data: rules in Flux's {@code healthCheckExprs} shape (a list of
 * {@code apiVersion}, {@code kind}, and CEL strings {@code inProgress}, {@code failed}, {@code current}). The
 * built-in catalogue ({@code kubesteps/status/catalogue.yaml}) comes first, then each {@code --rules FILE} in turn;
 * a later rule for the same kind replaces an earlier one. {@code apiVersion} is {@code group/version}, or
 * {@code group/*} for every version ({@code v1} for the core group).
 *
 * <p>An object is judged: in progress while it is being deleted or its status describes an older generation
 * ({@code status.observedGeneration} behind {@code metadata.generation}), then {@code inProgress}, then
 * {@code failed}, then {@code current}; none true: in progress. The catalogue's expressions are compiled when a
 * kind first needs them; a rules file's all at once, when it is read, so that a bad one is an input error before any
 * API call.
 */
public final class HealthRules {
  static final String CATALOGUE = "/kubesteps/status/catalogue.yaml";

  /** One rule as written, and where: {@code catalogue} or the file. */
  public record Rule(String apiVersion, String kind, String inProgress, String failed, String current, String source) {
    String group() {
      int slash = apiVersion.indexOf('/');
      return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    String version() {
      int slash = apiVersion.indexOf('/');
      return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    /** {@code group/Kind} ({@code Kind} for the core group), as KindRules and kstatus key kinds. */
    public String groupKind() {
      return group().isEmpty() ? kind : group() + "/" + kind;
    }

    boolean matches(String objectApiVersion, String objectKind) {
      if (!kind.equals(objectKind) || objectApiVersion == null) return false;
      int slash = objectApiVersion.indexOf('/');
      String g = slash < 0 ? "" : objectApiVersion.substring(0, slash);
      String v = slash < 0 ? objectApiVersion : objectApiVersion.substring(slash + 1);
      return group().equals(g) && (version().equals("*") || version().equals(v));
    }
  }

  private record Compiled(CelExpression inProgress, CelExpression failed, CelExpression current) {}

  private static volatile List<Rule> catalogue;

  /** The rules of --rules files and texts, later ones first: the first match wins; then the catalogue's. */
  private final List<Rule> given;
  private final Map<Rule, Compiled> compiled = new ConcurrentHashMap<>();

  private HealthRules(List<Rule> given) {
    this.given = given;
  }

  /** The built-in catalogue alone. */
  public static HealthRules builtIn() {
    return new HealthRules(List.of());
  }

  /**
   * The built-ins, then these files in order, then these texts (each read and compiled now). The catalogue itself is
   * read when a kind first needs it: a wait with --for, or on a kind with a Java rule, never reads it.
   */
  public static HealthRules builtInAnd(List<Path> files, List<String> texts) {
    List<Rule> given = new ArrayList<>();
    for (Path f : files) given.addAll(read(f));
    for (int i = 0; i < texts.size(); i++) {
      given.addAll(parse(texts.get(i), texts.size() == 1 ? "--rules-text" : "--rules-text[" + (i + 1) + "]"));
    }
    HealthRules h = new HealthRules(reversed(given));
    given.forEach(h::compile);
    return h;
  }

  /** The catalogue's rules, in file order. */
  public static List<Rule> catalogue() {
    List<Rule> c = catalogue;
    if (c == null) {
      try (InputStream in = HealthRules.class.getResourceAsStream(CATALOGUE)) {
        if (in == null) throw new IllegalStateException("no " + CATALOGUE + " on the class path");
        c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "catalogue");
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + CATALOGUE, e);
      }
      catalogue = c;
    }
    return c;
  }

  /** A rules file: a YAML list of rules; anything else is an input error naming the file. */
  public static List<Rule> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw StepException.invalid("--rules " + file + ": cannot read it (" + e.getMessage() + ")");
    }
    return parse(text, file.toString());
  }

  @SuppressWarnings("unchecked")
  static List<Rule> parse(String yaml, String source) {
    Object doc;
    try {
      // snakeyaml-engine alone: no Jackson mapper to set up for a few rules (start-up of a wait)
      doc = new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().setLabel(source)
          .build()).loadFromString(yaml);
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      throw StepException.invalid(source + ": not YAML: " + m.lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
    }
    if (doc == null) return List.of();
    if (!(doc instanceof List<?> items)) {
      throw StepException.invalid(source + ": expected a list of rules (- apiVersion: ..., kind: ..., current: ...)");
    }
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String where = source + ": rule " + (i + 1);
      if (!(items.get(i) instanceof Map<?, ?> m)) throw StepException.invalid(where + ": not a map");
      for (Object k : m.keySet()) {
        if (!List.of("apiVersion", "kind", "inProgress", "failed", "current").contains(String.valueOf(k))) {
          throw StepException.invalid(where + ": unknown field \"" + k
              + "\" (a rule has apiVersion, kind, inProgress, failed, current)");
        }
      }
      String apiVersion = text(m, "apiVersion");
      String kind = text(m, "kind");
      if (apiVersion == null || kind == null) throw StepException.invalid(where + ": needs apiVersion and kind");
      Rule r = new Rule(apiVersion, kind, text(m, "inProgress"), text(m, "failed"), text(m, "current"), source);
      if (r.current() == null && r.failed() == null && r.inProgress() == null) {
        throw StepException.invalid(where + " (" + r.groupKind() + "): needs at least one of current, failed, inProgress");
      }
      out.add(r);
    }
    return out;
  }

  private static String text(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? null : String.valueOf(v);
  }

  private static List<Rule> reversed(List<Rule> rules) {
    List<Rule> r = new ArrayList<>(rules);
    java.util.Collections.reverse(r);
    return r;
  }

  /** The rule for this object's apiVersion and kind: the last one given, else the catalogue's. */
  public Optional<Rule> find(Map<String, Object> obj) {
    Optional<Rule> own = findGiven(obj);
    if (own.isPresent()) return own;
    String apiVersion = Trees.string(obj, "apiVersion");
    String kind = Trees.string(obj, "kind");
    List<Rule> builtIn = catalogue();
    for (int i = builtIn.size() - 1; i >= 0; i--) {
      if (builtIn.get(i).matches(apiVersion, kind)) return Optional.of(builtIn.get(i));
    }
    return Optional.empty();
  }

  private Optional<Rule> findGiven(Map<String, Object> obj) {
    String apiVersion = Trees.string(obj, "apiVersion");
    String kind = Trees.string(obj, "kind");
    return given.stream().filter(r -> r.matches(apiVersion, kind)).findFirst();
  }

  /** Whether a rules file or text (not the catalogue) has a rule for this object. */
  public boolean userRuleFor(Map<String, Object> obj) {
    return findGiven(obj).isPresent();
  }

  /** The object judged by its rule; empty when no rule matches. */
  public Optional<Outcome> evaluate(Map<String, Object> obj) {
    Optional<Rule> rule = find(obj);
    if (rule.isEmpty()) return Optional.empty();
    Rule r = rule.get();
    // being deleted, or a status for an older generation: in progress, as for every kind (kstatus's order)
    Outcome generic = StatusRules.generic(obj);
    if (generic != null) return Optional.of(generic);
    Compiled c = compile(r);
    String seen = summary(obj);
    if (c.inProgress() != null && c.inProgress().test(obj)) return Optional.of(Outcome.inProgress(seen));
    if (c.failed() != null && c.failed().test(obj)) {
      return Optional.of(Outcome.failed(seen, seen + " (the " + r.groupKind() + " rule of " + r.source() + ")"));
    }
    if (c.current() != null && c.current().test(obj)) return Optional.of(Outcome.succeeded(seen, "done"));
    return Optional.of(Outcome.inProgress(seen));
  }

  private Compiled compile(Rule r) {
    return compiled.computeIfAbsent(r, x -> {
      String where = x.source() + ": " + x.groupKind();
      return new Compiled(x.inProgress() == null ? null : CelExpression.compile(x.inProgress(), where + " inProgress"),
          x.failed() == null ? null : CelExpression.compile(x.failed(), where + " failed"),
          x.current() == null ? null : CelExpression.compile(x.current(), where + " current"));
    });
  }

  /** Compiles every rule now, the catalogue's too (for tests of the catalogue). */
  public void compileAll() {
    given.forEach(this::compile);
    catalogue().forEach(this::compile);
  }

  /** What a person would look at in the status: phase, state, the Ready/Succeeded condition; "(no status)". */
  static String summary(Map<String, Object> obj) {
    for (String[] path : new String[][] {{"status", "phase"}, {"status", "state"},
        {"status", "applicationState", "state"}, {"status", "jobStatus"}, {"status", "jobStatus", "state"},
        {"status", "lifecycleState"}, {"status", "jobDeploymentStatus"}}) {
      if (Trees.at(obj, path) instanceof String v && !v.isEmpty()) return v;
    }
    for (String type : List.of("Ready", "Succeeded", "Complete", "Completed", "Failed", "Available")) {
      var c = Trees.condition(obj, type);
      if (c.isPresent()) return type + "=" + c.get().get("status");
    }
    return obj.get("status") == null ? "(no status)" : "(status without phase or conditions)";
  }

  /** Every kind with a rule, {@code group/Kind}, the catalogue's then the given ones, once each. */
  public List<String> kinds() {
    Map<String, Boolean> seen = new LinkedHashMap<>();
    catalogue().forEach(r -> seen.put(r.groupKind(), true));
    for (int i = given.size() - 1; i >= 0; i--) seen.put(given.get(i).groupKind(), true);
    return new ArrayList<>(seen.keySet());
  }
}
