package kubesteps.core.wait;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.ApiWatch;
import kubesteps.core.resource.ListPager;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.RelistPause;
import kubesteps.core.resource.Target;
import kubesteps.core.retry.Retries;
import kubesteps.core.status.Outcome;
import kubesteps.core.status.Trees;
import kubesteps.core.time.Deadline;

/**
 * Watches, does not poll: one list for the current state, then a watch from its resourceVersion, evaluating every
 * change. Whenever the watch ends (410 Gone in any form, closed by the server, a reset connection, the server
 * restarting), the state is listed afresh and watched from there, so no transition is missed, within the deadline.
 * Where RBAC forbids watch (or list), it polls with {@code pollInterval} instead and says so once.
 */
final class TargetWaiter {
  /**
   * How long an unreachable API server is retried when the wait has no --timeout: a long wait should outlive a control
   * plane restart, which its watch does too (fabric8 reconnects it without limit).
   */
  static final Duration UNBOUNDED_RETRY = Duration.ofMinutes(5);
  /** While the server cannot be reached, how far apart the tries to list are at most: it is seen back soon. */
  static final Duration RETRY_AT_MOST = Duration.ofSeconds(1);
  /** How long the server keeps one watch open (client-go picks 5 to 10 minutes); then it is listed again. */
  static final int WATCH_SECONDS = 300;

  /** How the wait for one target ended, the objects as last seen, and each one's outcome. */
  record Result(WaitEnd end, Map<String, Map<String, Object>> objects, Map<String, Outcome> outcomes,
      java.util.Set<String> seen) {}

  /** Lists and gets: plain requests, bounded by --request-timeout (a watch is fabric8's). */
  private final ApiRequests api;
  private final Target target;
  private final ConditionEvaluator evaluator;
  private final Deadline deadline;
  private final Duration pollInterval;
  private final WaitProgress progress;

  private final Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
  /** The keys of every object seen during the wait (kubectl says nothing of an object deleted before it looked). */
  private final java.util.Set<String> seen = new java.util.HashSet<>();
  private final Map<String, String> firstUids = new HashMap<>();
  private Map<String, Outcome> outcomes = new LinkedHashMap<>();
  private boolean poll;
  private boolean getByName;
  /** Objects per list request (--chunk-size; 0: all in one); 0 after an expired continue token. */
  private long chunkSize = 500;
  private final RelistPause relistPause = new RelistPause();
  private java.util.function.Consumer<Map<String, Object>> onObject = o -> { };

  TargetWaiter(ApiRequests api, Target target, ConditionEvaluator evaluator, Deadline deadline, Duration pollInterval,
      WaitProgress progress) {
    this.api = api.within(deadline);
    this.target = target;
    this.evaluator = evaluator;
    this.deadline = deadline;
    this.pollInterval = pollInterval;
    this.progress = progress;
  }

  /** Lists in chunks of this many objects (0: one request). */
  TargetWaiter chunkSize(long n) {
    this.chunkSize = n;
    return this;
  }

  /**
   * Called with each object as it is seen: all of them after every list, the one that changed after every watch
   * event (not all of them again: with many objects that would be a pod lookup per object per event).
   */
  TargetWaiter onObject(java.util.function.Consumer<Map<String, Object>> listener) {
    this.onObject = listener;
    return this;
  }

  Result run() throws InterruptedException {
    while (true) {
      String resourceVersion;
      try {
        resourceVersion = fetch();
      } catch (StepException e) {
        // the deadline passed while the server did not answer the list: a timeout as any other (what was last seen
        // is the state reported; --delete-on=timeout applies)
        if (e.code() == ExitCode.TIMEOUT && deadline.expired()) return result(Outcome.State.IN_PROGRESS);
        throw e;
      }
      objects.values().forEach(onObject);
      Outcome.State state = evaluate();
      if (state != Outcome.State.IN_PROGRESS) return result(state);
      if (deadline.expired()) return result(Outcome.State.IN_PROGRESS);
      if (poll) {
        sleepUntilNextPoll();
        continue;
      }
      Outcome.State watched = watchFrom(resourceVersion);
      if (watched != null) return result(watched);
    }
  }

  /**
   * Watches until done (the state), the deadline (IN_PROGRESS) or the watch ends (null: list again). Whatever ended
   * it (410 Gone as an answer or as an event, the server closing it, a reset connection, the server gone), the caller
   * lists again, from the current state, and watches from that list's resourceVersion: a change made meanwhile is
   * in the new list. Where watch ends again at once, the next list waits a little (up to a second) first.
   */
  private Outcome.State watchFrom(String resourceVersion) throws InterruptedException {
    String query = ListPager.query(target.selector(), target.name() == null ? null : "metadata.name=" + target.name(),
        0, null, "watch=true", "resourceVersion=" + ApiRequests.encode(resourceVersion), "allowWatchBookmarks=true",
        "timeoutSeconds=" + WATCH_SECONDS);
    boolean changed = false;
    long started = System.nanoTime();
    try (ApiWatch watch = api.watch(target.type().path(target.namespace()) + query)) {
      while (true) {
        long wait = Math.min(deadline.remaining().toMillis(), progress.millisToTick());
        ApiWatch.Event ev = watch.poll(wait);
        if (ev == null) {
          if (deadline.expired()) return Outcome.State.IN_PROGRESS;
          progress.tick();
          continue;
        }
        if (ev.ended()) {
          KubernetesClientException e = ev.error();
          if (ev.end() == ApiWatch.End.REFUSED && e.getCode() == 403) {
            poll = true;
            progress.note("watching " + target.type().qualifiedPlural() + " is not allowed (" + firstLine(e)
                + "): polling every " + kubesteps.core.time.Durations.format(pollInterval));
            return null;
          }
          if (ev.end() == ApiWatch.End.REFUSED && !Retries.isTransient(e) && e.getCode() != 500) throw e;
          long pause = relistPause.afterWatch(changed, started, System.nanoTime());
          Thread.sleep(Math.max(0, Math.min(pause, deadline.remaining().toMillis())));
          return null; // list again
        }
        changed = true;
        if ("BOOKMARK".equals(ev.type())) continue;
        Map<String, Object> object = ev.object();
        String key = key(object);
        if ("DELETED".equals(ev.type())) objects.remove(key);
        else {
          objects.put(key, object);
          seen.add(key);
        }
        if (objects.containsKey(key)) onObject.accept(objects.get(key));
        Outcome.State state = evaluate();
        if (state != Outcome.State.IN_PROGRESS) return state;
      }
    }
  }

  /** The current state of the target, replacing what was known; returns the list's resourceVersion. */
  /**
   * The target's objects in chunks of {@code chunkSize} (0: one request), as kubectl's pager: one consistent
   * snapshot, whose resourceVersion (the first chunk's) the watch starts from; an expired continue token (410) lists
   * all once more in one request. Replaces what was known; returns that resourceVersion.
   */
  private String listInChunks() {
    ListPager.Listed<Map<String, Object>> listed = ListPager.list(chunkSize, (limit, token) -> {
      String query = ListPager.query(target.selector(), target.name() == null ? null : "metadata.name=" + target.name(),
          limit, token);
      Map<String, Object> list = ObjectMaps.parseJson(Retries.callThroughStalls(deadline, UNBOUNDED_RETRY, RETRY_AT_MOST,
          () -> api.get(target.type().path(target.namespace()) + query, ApiRequests.JSON, false)));
      return ListPager.Page.of(list, target.type().items(list));
    });
    if (listed.listedWhole()) chunkSize = 0;
    objects.clear();
    for (Map<String, Object> r : listed.items()) objects.put(key(r), r);
    seen.addAll(objects.keySet());
    return listed.resourceVersion();
  }

  private String fetch() {
    if (!getByName) {
      try {
        return listInChunks();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403 || target.name() == null) throw e;
        getByName = true;
        poll = true;
        progress.note("listing " + target.type().qualifiedPlural() + " is not allowed (" + firstLine(e)
            + "): polling with get every " + kubesteps.core.time.Durations.format(pollInterval));
      }
    }
    String body = Retries.callThroughStalls(deadline, UNBOUNDED_RETRY, RETRY_AT_MOST,
        () -> api.get(target.type().path(target.namespace(), target.name()), ApiRequests.JSON, true));
    objects.clear();
    if (body != null) {
      Map<String, Object> one = ObjectMaps.parseJson(body);
      objects.put(key(one), one);
      seen.add(key(one));
    }
    return null;
  }

  private Outcome.State evaluate() {
    Map<String, Outcome> now = new LinkedHashMap<>();
    if (target.name() != null) {
      String key = keyOf(target.namespace(), target.name());
      Map<String, Object> obj = objects.get(key);
      now.put(key, evaluateOne(key, obj));
    } else {
      objects.forEach((key, obj) -> now.put(key, evaluateOne(key, obj)));
    }
    for (String key : outcomes.keySet()) {
      if (!now.containsKey(key)) progress.gone(display(key));
    }
    if (now.values().stream().anyMatch(Outcome::guessed)) {
      progress.note("no rule knows " + target.type().qualifiedPlural() + ": guessing from its status (phase, state,"
          + " Ready/Stalled/Reconciling conditions); say what done means with --for, or with --rules"
          + " (k8s-wait --known-kinds lists the kinds it knows)");
    }
    now.forEach((key, o) -> progress.observed(display(key), o));
    outcomes = now;
    return evaluator.overall(now.values());
  }

  private Outcome evaluateOne(String key, Map<String, Object> obj) {
    if (obj != null) {
      Object meta = obj.get("metadata");
      Object uid = meta instanceof Map<?, ?> m ? m.get("uid") : null;
      if (uid != null) firstUids.putIfAbsent(key, uid.toString());
    }
    return evaluator.evaluate(obj, firstUids.get(key));
  }

  private void sleepUntilNextPoll() throws InterruptedException {
    long until = Math.min(pollInterval.toMillis(), deadline.remaining().toMillis());
    long end = System.currentTimeMillis() + until;
    while (System.currentTimeMillis() < end) {
      Thread.sleep(Math.max(1, Math.min(end - System.currentTimeMillis(), progress.millisToTick())));
      progress.tick();
    }
  }

  /** A result once the state is final, or the deadline passed (IN_PROGRESS then: timed out). */
  private Result result(Outcome.State state) {
    WaitEnd end = switch (state) {
      case SUCCEEDED -> WaitEnd.SUCCEEDED;
      case FAILED -> WaitEnd.FAILED;
      case IN_PROGRESS -> WaitEnd.TIMED_OUT;
    };
    return new Result(end, new LinkedHashMap<>(objects), outcomes, java.util.Set.copyOf(seen));
  }

  private String key(Map<String, Object> r) {
    return keyOf(target.type().namespaced() ? Trees.string(r, "metadata", "namespace") : null,
        Trees.string(r, "metadata", "name"));
  }

  private String keyOf(String namespace, String name) {
    return target.type().namespaced() && namespace != null ? namespace + "/" + name : name;
  }

  /** kubectl's name for the object; with the namespace only when waiting across namespaces. */
  String display(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    String shown = target.display(name);
    return target.namespace() == null && slash >= 0 ? key.substring(0, slash) + "/" + shown : shown;
  }

  /** The server's message of an API error (its Status), first line: what RBAC refused, for one note. */
  static String firstLine(KubernetesClientException e) {
    String m = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    int nl = m == null ? -1 : m.indexOf('\n');
    return nl < 0 ? String.valueOf(m) : m.substring(0, nl);
  }
}
