package kubesteps.core.status;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.StepException;

/**
 * A CEL expression over one Kubernetes object, with the variables Flux gives its {@code healthCheckExprs}: the
 * object's top-level fields {@code apiVersion}, {@code kind}, {@code metadata}, {@code spec} and {@code status}
 * ({@code {}} where the object has none), the standard macros, optional types ({@code status.?phase.orValue('')}),
 * and the strings and lists extensions. Compiled once; a bad expression is an input error naming its line and
 * column, before any API call. An evaluation error (a missing field) makes it false.
 */
public final class CelExpression {
  private static volatile Cel cel;

  private final CelRuntime.Program program;

  private CelExpression(CelRuntime.Program program) {
    this.program = program;
  }

  /** The environment, made on first use only: a wait without CEL does not pay for it. */
  private static Cel cel() {
    Cel c = cel;
    if (c == null) {
      synchronized (CelExpression.class) {
        c = cel;
        if (c == null) {
          c = CelFactory.standardCelBuilder()
              .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
              .addVar("apiVersion", SimpleType.DYN).addVar("kind", SimpleType.DYN)
              .addVar("metadata", SimpleType.DYN).addVar("spec", SimpleType.DYN).addVar("status", SimpleType.DYN)
              .addCompilerLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.lists())
              .addRuntimeLibraries(CelExtensions.optional(), CelExtensions.strings(), CelExtensions.lists())
              .setResultType(SimpleType.BOOL)
              .build();
          cel = c;
        }
      }
    }
    return c;
  }

  /**
   * Compiles {@code source}; {@code where} names it in the error ({@code --for cel=...}, {@code rules.yaml: failed of
   * ray.io/RayJob}): {@code error: WHERE: 1:25: undeclared reference to 'x'}.
   */
  public static CelExpression compile(String source, String where) {
    if (source == null || source.isBlank()) throw StepException.invalid(where + ": empty CEL expression");
    try {
      Cel c = cel();
      return new CelExpression(c.createProgram(c.compile(source).getAst()));
    } catch (CelValidationException e) {
      String first = e.getMessage().lines().findFirst().orElse(e.getMessage());
      throw StepException.invalid(where + ": " + first.replaceFirst("^ERROR: <input>:", "").strip());
    } catch (CelEvaluationException e) {
      throw StepException.invalid(where + ": " + e.getMessage());
    }
  }

  /** Whether it holds for the object; false when it cannot be evaluated (e.g. a field that is not there). */
  public boolean test(Map<String, Object> obj) {
    try {
      return Boolean.TRUE.equals(program.eval(variables(obj)));
    } catch (CelEvaluationException | RuntimeException e) {
      return false;
    }
  }

  static Map<String, Object> variables(Map<String, Object> obj) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("apiVersion", obj.getOrDefault("apiVersion", ""));
    vars.put("kind", obj.getOrDefault("kind", ""));
    for (String f : List.of("metadata", "spec", "status")) {
      Object v = obj.get(f);
      vars.put(f, v instanceof Map<?, ?> ? cel(v) : Map.of());
    }
    return vars;
  }

  /** JSON numbers as CEL has them (int64, double); maps and lists copied with them. */
  private static Object cel(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof BigInteger b) return b.bitLength() < 64 ? b.longValue() : b.doubleValue();
    if (v instanceof Float f) return f.doubleValue();
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> {
        if (x != null) out.put(String.valueOf(k), cel(x));
      });
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object x : l) out.add(x == null ? dev.cel.common.values.NullValue.NULL_VALUE : cel(x));
      return out;
    }
    return v;
  }
}
