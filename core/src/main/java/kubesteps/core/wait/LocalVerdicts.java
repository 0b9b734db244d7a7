package kubesteps.core.wait;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import kubesteps.core.error.ExitCode;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.status.HealthRules;
import kubesteps.core.status.KindRules;
import kubesteps.core.status.Outcome;
import kubesteps.core.status.WaitCondition;

/**
 * {@code k8s-wait --local}: the wait's verdict on objects as a file has them, no API server, for people writing
 * rules and for tests: {@code TYPE/NAME: succeeded|failed|in progress: REASON}, a line per object in input order;
 * exit 0 when every one succeeded, 1 when any failed, 4 otherwise (a wait that ended now would time out).
 */
public final class LocalVerdicts {
  private LocalVerdicts() {}

  public static ExitCode judge(List<Manifest> manifests, List<WaitCondition> forConditions, List<WaitCondition> failOn,
      HealthRules rules, PrintWriter out) {
    ConditionEvaluator evaluator = new ConditionEvaluator(forConditions, failOn, rules);
    boolean failed = false;
    boolean allDone = true;
    for (Manifest m : manifests) {
      Map<String, Object> obj = m.object();
      Outcome o = evaluator.evaluate(obj, null);
      String verdict = switch (o.state()) {
        case SUCCEEDED -> "succeeded";
        case FAILED -> "failed";
        case IN_PROGRESS -> "in progress";
      };
      failed |= o.state() == Outcome.State.FAILED;
      allDone &= o.state() == Outcome.State.SUCCEEDED;
      String reason = o.message() != null && o.state() == Outcome.State.FAILED ? o.message() : o.observed();
      out.println(ResourceType.typeName(m.apiVersion(), m.kind()) + "/" + m.name() + ": " + verdict + ": " + reason);
    }
    out.flush();
    return failed ? ExitCode.FAILED_STATE : allDone ? ExitCode.OK : ExitCode.TIMEOUT;
  }

  /** Every kind with a built-in rule (the Java rules and the catalogue), {@code group/Kind}, sorted. */
  public static List<String> knownKinds() {
    TreeSet<String> kinds = new TreeSet<>(KindRules.kinds());
    kinds.addAll(HealthRules.builtIn().kinds());
    return List.copyOf(kinds);
  }
}
