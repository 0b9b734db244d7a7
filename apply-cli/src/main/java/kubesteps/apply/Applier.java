package kubesteps.apply;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kubesteps.core.cli.Session;
import kubesteps.core.error.ErrorText;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.output.OutputFormat;
import kubesteps.core.resource.Discovery;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.retry.Retries;
import kubesteps.core.status.Trees;
import kubesteps.core.time.Deadline;

/**
 * Talks to the cluster: checks every object before anything is written (kind known to the server, or defined by a
 * CRD in the same input; namespace; owner), then applies them with up to {@code --concurrency} requests in flight,
 * in three rounds (Namespaces, then CustomResourceDefinitions, then the rest; an object whose kind a CRD of the input
 * defines waits for it to be Established), and prints one line per object in input order as they are done.
 * Objects are plain trees from the manifest to the server and back (ObjectRequests).
 */
final class Applier {
  /** Set on objects created from generateName, so that a retried POST can tell whether the first one landed. */
  static final String REQUEST_ANNOTATION = "kube-steps.io/apply-request";
  static final String CRD_API = "apiextensions.k8s.io/v1";
  /** From this many objects of one type in one namespace, their versions come from one list (knownVersions). */
  static final int LIST_VERSIONS_FROM = 20;
  /**
   * That list is read only where the namespace holds at most this many times as many objects of the type (at least
   * LIST_AT_LEAST): 25 objects into a namespace of 20,000 ConfigMaps would otherwise list all 20,000.
   */
  static final int LIST_AT_MOST_TIMES = 4;
  static final int LIST_AT_LEAST = 500;
  /** Tries of the managed-fields upgrade when the object changes under it (kubectl's maxPatchRetry). */
  static final int MAX_UPGRADE_ATTEMPTS = 5;

  record Result(Manifest source, Map<String, Object> object, String action) {}

  /** One object ready to apply: its type (null until its CRD from the input is established) and namespace. */
  private static final class Planned {
    final Manifest manifest;
    /** The object to send: the manifest's, with its own top level and metadata (this run changes only those). */
    final Map<String, Object> object;
    final Map<String, Object> metadata;
    ResourceType type;
    Manifest definingCrd;
    boolean namespaced;
    String namespace;
    /** The object's resourceVersion before this run, from a list of its type ("" none); null: not looked up yet. */
    String knownVersion;

    Planned(Manifest manifest) {
      this.manifest = manifest;
      this.object = new LinkedHashMap<>(manifest.object());
      this.metadata = new LinkedHashMap<>(Trees.map(manifest.object().get("metadata")));
      object.put("metadata", metadata);
    }

    String name() {
      return (String) metadata.get("name");
    }

    boolean generated() {
      return name() == null || name().isEmpty();
    }
  }

  private record Owner(Map<String, Object> ref, String namespace, String describe) {}

  private final Session session;
  private final ApplyOptions o;
  private final Deadline deadline;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Discovery discovery;
  private final ObjectRequests requests;
  /** Types served once their CRD from the input was Established, by apiVersion and kind. */
  private final Map<String, ResourceType> establishedTypes = new HashMap<>();

  Applier(Session session, ApplyOptions o, Deadline deadline, PrintWriter out, PrintWriter err) {
    this.session = session;
    this.o = o;
    this.deadline = deadline;
    this.out = out;
    this.err = err;
    this.discovery = session.discovery();
    this.requests = new ObjectRequests(session.requests());
  }

  /**
   * Applies every object, Namespaces first, then CRDs, then the rest, each round with up to {@code --concurrency}
   * requests in flight, and prints each object's line in input order as soon as it and those before it are done.
   * The first failure (in input order) ends the run: nothing more is started once a worker has seen a failure (see
   * Dispatch), what is in flight is finished and printed, and that failure is thrown.
   */
  List<Result> run() throws InterruptedException {
    List<Planned> plan = plan();
    Result[] results = new Result[plan.size()];
    int workers = Math.max(1, Math.min(o.concurrency, plan.size()));
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "k8s-apply");
      t.setDaemon(true);
      return t;
    });
    Throwable failure = null;
    try {
      int from = 0;
      while (from < plan.size() && failure == null) {
        int round = round(plan.get(from));
        int to = from;
        while (to < plan.size() && round(plan.get(to)) == round) to++;
        knownVersions(plan.subList(from, to));
        Dispatch dispatch = new Dispatch(from, to);
        for (int w = 0; w < Math.min(workers, to - from); w++) {
          pool.execute(() -> work(plan, dispatch));
        }
        for (int i = from; i < to; i++) {
          try {
            results[i] = dispatch.done(i).get();
          } catch (ExecutionException e) {
            if (failure == null) failure = e.getCause();
          } catch (InterruptedException e) {
            dispatch.stop();
            throw e;
          }
          if (results[i] != null) print(results[i]);
        }
        from = to;
      }
    } finally {
      pool.shutdownNow();
    }
    if (failure instanceof InterruptedException) throw new StepException(ExitCode.INTERRUPTED, "interrupted", failure);
    if (failure instanceof RuntimeException r) throw r;
    if (failure instanceof Error e) throw e;
    if (failure != null) throw new IllegalStateException(failure);
    return List.of(results);
  }

  /**
   * One worker: takes the next object of the round until there is none or a failure stopped the round. A failure
   * stops the round first, before it is explained (which may ask the server what is missing), so that no worker
   * starts an object once this one has seen it.
   */
  private void work(List<Planned> plan, Dispatch dispatch) {
    for (int i = dispatch.take(); i >= 0; i = dispatch.take()) {
      Planned p = plan.get(i);
      try {
        if (p.type == null) p.type = waitForType(p);
        Result r;
        try {
          r = apply(p);
        } catch (KubernetesClientException e) {
          dispatch.stop();
          dispatch.done(i).completeExceptionally(explain(e, p));
          continue;
        }
        dispatch.done(i).complete(r);
      } catch (Exception | Error e) {
        dispatch.stop();
        dispatch.done(i).completeExceptionally(e);
      }
    }
  }

  /**
   * A round's objects, handed to the workers one at a time in input order. Taking the next object and stopping hold
   * the same lock: once a failure has stopped the round, no object is started, whatever the threads' schedule; the
   * objects not started are done with no result (null), the ones in flight finish.
   */
  static final class Dispatch {
    private final int from;
    private final int to;
    private final java.util.concurrent.CompletableFuture<Result>[] done;
    private int next;
    private boolean stopped;

    @SuppressWarnings("unchecked")
    Dispatch(int from, int to) {
      this.from = from;
      this.to = to;
      this.next = from;
      this.done = new java.util.concurrent.CompletableFuture[to - from];
      for (int i = 0; i < done.length; i++) done[i] = new java.util.concurrent.CompletableFuture<>();
    }

    /** The index of the next object to start, or -1: none left, or the round stopped. */
    synchronized int take() {
      return stopped || next >= to ? -1 : next++;
    }

    /** No object is started after this; those never started are done with no result. */
    synchronized void stop() {
      if (stopped) return;
      stopped = true;
      for (int i = next; i < to; i++) done[i - from].complete(null);
      next = to;
    }

    /** The object's result: set when it is applied or failed, or null when it was never started. */
    java.util.concurrent.CompletableFuture<Result> done(int i) {
      return done[i - from];
    }
  }

  /**
   * Where a round server-side applies many objects of one type into one namespace, their current versions in one
   * metadata list, so that telling "unchanged" costs one request, not one per object; not where the namespace holds
   * many more objects of that type than the input (then one read each, as for a few objects).
   */
  private void knownVersions(List<Planned> round) {
    if (o.mode != ApplyMode.apply || o.dryRun != DryRun.NONE || o.reuseLabel != null) return;
    Map<String, List<Planned>> groups = new LinkedHashMap<>();
    for (Planned p : round) {
      if (p.type != null && !p.generated()) {
        groups.computeIfAbsent(p.type.qualifiedPlural() + "/" + p.namespace, k -> new ArrayList<>()).add(p);
      }
    }
    for (List<Planned> group : groups.values()) {
      if (group.size() < LIST_VERSIONS_FROM) continue;
      Planned first = group.get(0);
      int limit = Math.max(LIST_AT_LEAST, LIST_AT_MOST_TIMES * group.size());
      Map<String, String> versions = Retries.call(deadline,
          () -> requests.resourceVersions(first.type, first.namespace, limit));
      if (versions == null) continue;
      for (Planned p : group) {
        p.knownVersion = versions.getOrDefault(p.name(), "");
      }
    }
  }

  /** Namespaces, CustomResourceDefinitions, the rest: the rounds, in the order Ordering put the objects in. */
  private static int round(Planned p) {
    return Ordering.isNamespace(p.manifest) ? 0 : Ordering.isCrd(p.manifest) ? 1 : 2;
  }

  private void print(Result r) {
    if (o.format == null) out.println(Printer.line(r.object(), r.action(), o.dryRun));
    else if (o.format instanceof OutputFormat.Name && o.wait == null) out.println(Printer.name(r.object()));
    out.flush();
  }

  // ---------------------------------------------------------------- checks before anything is written

  private List<Planned> plan() {
    List<Manifest> crds = o.objects.stream().filter(Ordering::isCrd).toList();
    List<Planned> plan = new ArrayList<>();
    for (Manifest m : o.objects) {
      Planned p = new Planned(m);
      try {
        p.type = discovery.forKind(m.apiVersion(), m.kind());
        p.namespaced = p.type.namespaced();
      } catch (StepException e) {
        p.definingCrd = crds.stream().filter(c -> defines(c, m)).findFirst().orElse(null);
        if (p.definingCrd == null) throw StepException.invalid(m.where() + ": " + e.getMessage());
        p.namespaced = "Namespaced".equals(Trees.at(p.definingCrd.object(), "spec", "scope"));
      }
      if (p.namespaced) {
        try {
          p.namespace = session.namespaceFor(m.namespace());
        } catch (StepException e) {
          throw StepException.invalid(m.where() + ": " + m.describe() + ": " + e.getMessage());
        }
        p.metadata.put("namespace", p.namespace);
      } else {
        p.metadata.remove("namespace");
      }
      plan.add(p);
    }
    Owner owner = o.owner != null ? ownerByName() : o.ownerFromPod ? ownerFromPod() : null;
    if (owner != null) {
      for (Planned p : plan) setOwner(p, owner);
    }
    return plan;
  }

  /** Whether the CRD manifest {@code crd} defines the kind of {@code m}. */
  static boolean defines(Manifest crd, Manifest m) {
    Map<String, Object> c = crd.object();
    String apiVersion = m.apiVersion();
    int slash = apiVersion.indexOf('/');
    if (slash < 0) return false;
    String group = apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    if (!group.equals(Trees.at(c, "spec", "group")) || !m.kind().equals(Trees.at(c, "spec", "names", "kind"))) {
      return false;
    }
    if (version.equals(Trees.at(c, "spec", "version"))) return true; // v1beta1
    if (Trees.at(c, "spec", "versions") instanceof List<?> versions) {
      for (Object v : versions) {
        if (v instanceof Map<?, ?> vm && version.equals(vm.get("name")) && !Boolean.FALSE.equals(vm.get("served"))) {
          return true;
        }
      }
    }
    return false;
  }

  private Owner ownerByName() {
    int slash = o.owner.indexOf('/');
    if (slash <= 0 || slash == o.owner.length() - 1) throw StepException.invalid("--owner " + o.owner + ": expected KIND/NAME");
    ResourceType type = discovery.resolve(o.owner.substring(0, slash));
    String name = o.owner.substring(slash + 1);
    String ns = type.namespaced() ? session.namespace() : null;
    Map<String, Object> obj = Retries.call(deadline, () -> requests.get(type, ns, name));
    if (obj == null) {
      throw new StepException(ExitCode.NOT_FOUND, "--owner: " + type.qualifiedPlural() + " \"" + name + "\" not found"
          + (ns == null ? "" : " in namespace \"" + ns + "\""));
    }
    return owner(type.apiVersion(), type.kind(), name, Trees.string(obj, "metadata", "uid"), ns);
  }

  private Owner ownerFromPod() {
    String pod = o.environment.podName();
    if (pod == null) {
      throw StepException.invalid("--owner-from-pod: cannot tell which pod this is: set POD_NAME (or HOSTNAME)");
    }
    String ns = session.podNamespace();
    ResourceType pods = new ResourceType("", "v1", "Pod", "pods", "pod", List.of("po"), true, List.of());
    Map<String, Object> p = Retries.call(deadline, () -> requests.get(pods, ns, pod));
    if (p == null) {
      throw new StepException(ExitCode.NOT_FOUND, "--owner-from-pod: pods \"" + pod + "\" not found in namespace \""
          + ns + "\"");
    }
    if (Trees.at(p, "metadata", "ownerReferences") instanceof List<?> refs) {
      for (Object r : refs) {
        if (Boolean.TRUE.equals(Trees.at(r, "controller"))) {
          return owner(Trees.string(r, "apiVersion"), Trees.string(r, "kind"), Trees.string(r, "name"),
              Trees.string(r, "uid"), ns);
        }
      }
    }
    return owner("v1", "Pod", pod, Trees.string(p, "metadata", "uid"), ns);
  }

  private static Owner owner(String apiVersion, String kind, String name, String uid, String ns) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("apiVersion", apiVersion);
    ref.put("blockOwnerDeletion", false);
    ref.put("kind", kind);
    ref.put("name", name);
    ref.put("uid", uid);
    return new Owner(ref, ns, Printer.typeOf(apiVersion, kind) + "/" + name);
  }

  private void setOwner(Planned p, Owner owner) {
    if (owner.namespace() != null) {
      if (!p.namespaced) {
        warn(p.manifest.describe() + " is cluster-scoped: not owned by " + owner.describe() + " (namespace "
            + owner.namespace() + ")");
        return;
      }
      if (!owner.namespace().equals(p.namespace)) {
        warn(p.manifest.describe() + " is in namespace " + p.namespace + ": not owned by " + owner.describe()
            + " (namespace " + owner.namespace() + ")");
        return;
      }
    }
    List<Object> refs = new ArrayList<>(p.metadata.get("ownerReferences") instanceof List<?> l ? l : List.of());
    if (refs.stream().noneMatch(r -> Objects.equals(Trees.at(r, "uid"), owner.ref().get("uid")))) refs.add(owner.ref());
    p.metadata.put("ownerReferences", refs);
  }

  private void warn(String text) {
    synchronized (err) {
      err.println("warning: " + text);
      err.flush();
    }
  }

  // ---------------------------------------------------------------- applying (on the pool's threads)

  /** One object's requests, its type known; an API error is thrown as it came (work() explains it). */
  private Result apply(Planned p) {
    boolean typeFromInput = p.definingCrd != null && o.dryRun != DryRun.NONE; // its CRD was not created
    if (typeFromInput && o.dryRun == DryRun.SERVER) {
      warn(p.manifest.describe() + ": its CustomResourceDefinition is only in the input, so the server did not check"
          + " it (" + p.manifest.where() + ")");
    }
    if (o.dryRun == DryRun.CLIENT || typeFromInput) return new Result(p.manifest, p.object, clientAction(p));
    if (o.reuseLabel != null) {
      Map<String, Object> found = reusable(p);
      if (found != null) return new Result(p.manifest, found, "unchanged");
    }
    return switch (o.mode) {
      case apply -> p.generated() ? create(p) : serverSideApply(p);
      case create -> create(p);
      case replace -> replace(p);
    };
  }

  private String clientAction(Planned p) {
    return o.mode == ApplyMode.apply && !p.generated() ? "serverside-applied"
        : o.mode == ApplyMode.replace ? "replaced" : "created";
  }

  private boolean serverDryRun() {
    return o.dryRun == DryRun.SERVER;
  }

  /**
   * PATCH (server-side apply), after learning the object's version (from the list knownVersions read, else from the
   * API server's cache): the same version after the apply is "unchanged" (kubectl's word for a no-op; a stale cache
   * can only make a no-op read as applied).
   */
  private Result serverSideApply(Planned p) {
    String before = serverDryRun() ? null : p.knownVersion != null ? p.knownVersion
        : Retries.call(deadline, () -> requests.cachedResourceVersion(p.type, p.namespace, p.name()));
    Map<String, Object> after;
    try {
      after = applyPatch(p, o.forceConflicts);
    } catch (KubernetesClientException e) {
      after = afterConflict(p, e);
    }
    if (!serverDryRun()) after = upgradedFromClientSideApply(p, after);
    boolean unchanged = before != null && !before.isEmpty()
        && before.equals(Trees.string(after, "metadata", "resourceVersion"));
    return new Result(p.manifest, after, unchanged ? "unchanged" : "serverside-applied");
  }

  private Map<String, Object> applyPatch(Planned p, boolean force) {
    return Retries.call(deadline, () -> {
      try {
        return requests.serverSideApply(p.type, p.namespace, p.object, o.fieldManager, force, serverDryRun());
      } catch (KubernetesClientException e) {
        throw notTransient(e);
      }
    });
  }

  /**
   * A conflict that only client-side {@code kubectl apply} is party to (its fields, named in the last-applied
   * annotation, with other values in this manifest) is no conflict for kubectl's own {@code --server-side}: the API
   * server lets kubectl's field manager take them, and kubectl then upgrades the object's managed fields. Here the
   * managed fields are upgraded first (ClientSideApplyUpgrade) and the apply sent again; in a server dry run, which
   * cannot store the upgrade, the apply is sent again with force, which gives the same object. Any other conflict is
   * thrown as it came, nothing changed (explain() names it).
   */
  private Map<String, Object> afterConflict(Planned p, KubernetesClientException e) {
    if (!conflict(e) || o.forceConflicts) throw e;
    Set<String> managers = ClientSideApplyUpgrade.conflictingManagers(
        e.getStatus().getDetails().getCauses().stream().map(StatusCause::getMessage).toList());
    if (managers == null) throw e;
    Map<String, Object> current = Retries.call(deadline, () -> requests.metadata(p.type, p.namespace, p.name()));
    if (current == null) throw e;
    Set<String> appliers = ClientSideApplyUpgrade.clientSideAppliers(Trees.at(current, "metadata", "managedFields"));
    if (!appliers.containsAll(managers)) throw e;
    if (serverDryRun()) return applyPatch(p, true);
    upgrade(p, current, appliers);
    return applyPatch(p, false);
  }

  /**
   * After an apply (as kubectl does after each): where a client-side applier still has fields, the managed fields are
   * upgraded and the apply sent again, so that what the last-applied annotation had and this manifest leaves out is
   * removed, as the next client-side apply would have. A failure here is a warning: the object was applied.
   */
  private Map<String, Object> upgradedFromClientSideApply(Planned p, Map<String, Object> applied) {
    Set<String> appliers = ClientSideApplyUpgrade.clientSideAppliers(Trees.at(applied, "metadata", "managedFields"));
    if (appliers.isEmpty()) return applied;
    try {
      upgrade(p, applied, appliers);
      return applyPatch(p, o.forceConflicts);
    } catch (KubernetesClientException e) {
      warn(p.manifest.describe() + ": the fields of client-side kubectl apply (" + String.join(", ", appliers)
          + ") stay theirs: " + ErrorText.oneLine(e) + " (" + p.manifest.where() + ")");
      return applied;
    }
  }

  /** The managed-fields patch, read again and retried (up to 5 times, as kubectl) when the object changed between. */
  private void upgrade(Planned p, Map<String, Object> object, Set<String> appliers) {
    Map<String, Object> current = object;
    for (int attempt = 1; ; attempt++) {
      List<Object> fields = ClientSideApplyUpgrade.upgraded(Trees.at(current, "metadata", "managedFields"), appliers,
          o.fieldManager);
      if (fields == null) return;
      List<Object> patch = ClientSideApplyUpgrade.patch(fields, Trees.string(current, "metadata", "resourceVersion"));
      try {
        Retries.call(deadline, () -> requests.jsonPatch(p.type, p.namespace, p.name(), patch));
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == MAX_UPGRADE_ATTEMPTS) throw e;
      }
      current = Retries.call(deadline, () -> requests.metadata(p.type, p.namespace, p.name()));
      if (current == null) return;
    }
  }

  private static boolean conflict(KubernetesClientException e) {
    return e.getCode() == 409 && e.getStatus() != null && e.getStatus().getDetails() != null
        && e.getStatus().getDetails().getCauses() != null && !e.getStatus().getDetails().getCauses().isEmpty();
  }

  /**
   * POST. A retry after a failure that may have landed first looks for the object: by name, or, for generateName,
   * by the request annotation this run put on it.
   */
  private Result create(Planned p) {
    String request = UUID.randomUUID().toString();
    if (p.generated() && !serverDryRun()) {
      Map<String, Object> annotations = new LinkedHashMap<>(Trees.map(p.metadata.get("annotations")));
      annotations.put(REQUEST_ANNOTATION, request);
      p.metadata.put("annotations", annotations);
    }
    AtomicInteger attempt = new AtomicInteger();
    Map<String, Object> created = Retries.call(deadline, () -> {
      if (attempt.getAndIncrement() > 0 && !serverDryRun()) {
        Map<String, Object> landed = p.generated() ? findByRequest(p, request)
            : requests.get(p.type, p.namespace, p.name());
        if (landed != null) return landed;
      }
      return requests.create(p.type, p.namespace, p.object, serverDryRun());
    });
    return new Result(p.manifest, created, "created");
  }

  /** The object this run's request created, found by the request annotation, or null when there is none. */
  private Map<String, Object> findByRequest(Planned p, String request) {
    String name = requests.nameAnnotated(p.type, p.namespace, REQUEST_ANNOTATION, request);
    return name == null ? null : requests.get(p.type, p.namespace, name);
  }

  /** PUT over the current version; create when absent. */
  private Result replace(Planned p) {
    Map<String, Object> before = Retries.call(deadline, () -> requests.get(p.type, p.namespace, p.name()));
    if (before == null) return create(p);
    Map<String, Object> after = Retries.call(deadline, () -> {
      Map<String, Object> current = requests.get(p.type, p.namespace, p.name());
      if (current == null) return requests.create(p.type, p.namespace, p.object, serverDryRun());
      p.metadata.put("resourceVersion", Trees.at(current, "metadata", "resourceVersion"));
      return requests.replace(p.type, p.namespace, p.object, serverDryRun());
    });
    boolean unchanged = Objects.equals(Trees.at(before, "metadata", "resourceVersion"),
        Trees.at(after, "metadata", "resourceVersion"));
    return new Result(p.manifest, after, unchanged ? "unchanged" : "replaced");
  }

  /** --reuse-if-labeled: an object of the same type, name (or generateName prefix), with the label; oldest first. */
  private Map<String, Object> reusable(Planned p) {
    String name = p.name();
    String prefix = (String) p.metadata.get("generateName");
    String selector = o.reuseLabel.getKey() + "=" + o.reuseLabel.getValue();
    List<Map<String, Object>> found = Retries.call(deadline, () -> requests.list(p.type, p.namespace, selector));
    return found.stream()
        .filter(r -> !p.generated() ? name.equals(Trees.string(r, "metadata", "name"))
            : Trees.string(r, "metadata", "name").startsWith(prefix))
        .min(Comparator.comparing((Map<String, Object> r) -> Trees.string(r, "metadata", "creationTimestamp"))
            .thenComparing(r -> Trees.string(r, "metadata", "name")))
        .orElse(null);
  }

  /**
   * Waits until the CRD from the input that defines this object's kind is Established and discovery serves it.
   * One thread at a time: the others with the same kind find it served.
   */
  private synchronized ResourceType waitForType(Planned p) throws InterruptedException {
    String key = p.manifest.apiVersion() + "/" + p.manifest.kind();
    ResourceType known = establishedTypes.get(key);
    if (known != null) return known;
    ResourceType type = establish(p);
    establishedTypes.put(key, type);
    return type;
  }

  private ResourceType establish(Planned p) throws InterruptedException {
    Manifest crd = p.definingCrd;
    String crdName = crd.name();
    if (o.dryRun != DryRun.NONE) {
      // nothing was created: describe the type from the CRD in the input
      return new ResourceType(Trees.string(crd.object(), "spec", "group"), p.manifest.apiVersion().substring(
          p.manifest.apiVersion().indexOf('/') + 1), p.manifest.kind(),
          Trees.string(crd.object(), "spec", "names", "plural"), p.manifest.kind().toLowerCase(java.util.Locale.ROOT),
          List.of(), p.namespaced, List.of());
    }
    try {
      session.client().genericKubernetesResources(CRD_API, "CustomResourceDefinition").withName(crdName)
          .waitUntilCondition(r -> established(ObjectMaps.of(r)), Math.max(1, deadline.remaining().toMillis()),
              TimeUnit.MILLISECONDS);
    } catch (KubernetesClientException e) {
      if (ErrorText.exitCode(e) == ExitCode.TIMEOUT || deadline.expired()) throw crdTimeout(crdName);
      throw e;
    }
    // Established at the first look, but the run's time is spent: --timeout bounds the whole run, so stop here
    if (deadline.expired()) throw crdTimeout(crdName);
    while (true) {
      discovery.forget(p.manifest.apiVersion());
      try {
        return discovery.forKind(p.manifest.apiVersion(), p.manifest.kind());
      } catch (StepException e) {
        if (deadline.expired()) throw crdTimeout(crdName);
        Thread.sleep(200);
      }
    }
  }

  /**
   * Older API servers (1.20) answer an apply whose fields do not match the schema with 500 "failed to create typed
   * patch object", which is not worth retrying: it is the input's fault.
   */
  static KubernetesClientException notTransient(KubernetesClientException e) {
    if (e.getCode() == 500 && e.getStatus() != null && e.getStatus().getMessage() != null
        && e.getStatus().getMessage().contains("failed to create typed patch object")) {
      e.getStatus().setCode(422);
      e.getStatus().setReason("Invalid");
      return new KubernetesClientException(e.getStatus().getMessage(), e, 422, e.getStatus(), null);
    }
    return e;
  }

  private StepException crdTimeout(String crdName) {
    return new StepException(ExitCode.TIMEOUT, "timed out after " + o.timeout.toString().substring(2).toLowerCase()
        + " waiting for CustomResourceDefinition \"" + crdName + "\" to be Established");
  }

  static boolean established(Map<String, Object> crd) {
    if (!(Trees.at(crd, "status", "conditions") instanceof List<?> conditions)) return false;
    return conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m && "Established".equals(m.get("type"))
        && "True".equals(m.get("status")));
  }

  // ---------------------------------------------------------------- errors

  /** Forbidden: which verbs are missing; conflict: the fields, the other manager, and --force-conflicts. */
  private RuntimeException explain(KubernetesClientException e, Planned p) {
    String at = " (" + p.manifest.where() + ")";
    if (e.getCode() == 403) {
      String line = ErrorText.oneLine(e);
      Set<String> missing = missingVerbs(p);
      return new StepException(ExitCode.API_ERROR, line
          + (missing.isEmpty() ? "" : "; missing permissions: " + String.join(", ", missing) + " "
          + p.type.qualifiedPlural() + (p.namespaced ? " in namespace \"" + p.namespace + "\"" : ""))
          + at, e);
    }
    if (o.mode == ApplyMode.apply && conflict(e) && e.getStatus().getMessage() != null) {
      return new StepException(ExitCode.API_ERROR, conflictLine(e.getStatus().getMessage(), Printer.name(p.object),
          p.manifest.where()), e);
    }
    if (e.getCode() > 0) return new StepException(ErrorText.exitCode(e), ErrorText.oneLine(e) + at, e);
    return e;
  }

  /**
   * A conflict in one line: the server's message as kubectl prints its first line (the fields one after another
   * where kubectl puts one a line), the object and where it was written, and what resolves it, as kubectl's advice
   * after the message says.
   */
  static String conflictLine(String serverMessage, String object, String where) {
    return ClientSideApplyUpgrade.oneLine(serverMessage) + " (" + object + ", " + where + "); rerun with"
        + " --force-conflicts to take these fields over, or leave them out of the manifest (or give them their current"
        + " values) to keep their managers";
  }

  /** The verbs this apply needs that SelfSubjectAccessReview says the user lacks (empty if that cannot be told). */
  private Set<String> missingVerbs(Planned p) {
    Set<String> needed = new LinkedHashSet<>();
    if (o.reuseLabel != null) needed.add("list");
    switch (o.mode) {
      case apply -> needed.addAll(p.generated() ? List.of("create") : List.of("get", "create", "patch"));
      case create -> needed.add("create");
      case replace -> needed.addAll(List.of("get", "create", "update"));
    }
    Set<String> missing = new LinkedHashSet<>();
    try {
      for (String verb : needed) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
            .withVerb(verb).withGroup(p.type.group()).withResource(p.type.plural())
            .withNamespace(p.namespaced ? p.namespace : null).endResourceAttributes().endSpec().build();
        SelfSubjectAccessReview answer = Retries.call(deadline,
            () -> session.client().authorization().v1().selfSubjectAccessReview().create(review));
        if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) missing.add(verb);
      }
    } catch (KubernetesClientException ignored) {
      return Set.of();
    }
    return missing;
  }
}
