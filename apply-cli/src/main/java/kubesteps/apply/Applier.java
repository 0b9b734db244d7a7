package kubesteps.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kubesteps.core.cli.Session;
import kubesteps.core.error.ErrorText;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.output.OutputFormat;
import kubesteps.core.resource.Discovery;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.resource.Target;
import kubesteps.core.retry.Retries;
import kubesteps.core.time.Deadline;

/**
 * Talks to the cluster: checks every object before anything is written (kind known to the server, or defined by a
 * CRD in the same input; namespace; owner), then applies them in order, waiting for CRDs to be Established before
 * their objects, and prints one line per object as it goes.
 */
final class Applier {
  /** Set on objects created from generateName, so that a retried POST can tell whether the first one landed. */
  static final String REQUEST_ANNOTATION = "kube-steps.io/apply-request";
  static final String CRD_API = "apiextensions.k8s.io/v1";

  record Result(Manifest source, GenericKubernetesResource object, String action) {}

  /** One object ready to apply: its type (null until its CRD from the input is established) and namespace. */
  private static final class Planned {
    final Manifest manifest;
    GenericKubernetesResource object;
    ResourceType type;
    Manifest definingCrd;
    boolean namespaced;
    String namespace;

    Planned(Manifest manifest) {
      this.manifest = manifest;
      this.object = ApplyOptions.copy(manifest.object());
    }
  }

  private record Owner(OwnerReference ref, String namespace, String describe) {}

  private final KubernetesClient client;
  private final Session session;
  private final ApplyOptions o;
  private final Deadline deadline;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Discovery discovery;

  Applier(Session session, ApplyOptions o, Deadline deadline, PrintWriter out, PrintWriter err) {
    this.client = session.client();
    this.session = session;
    this.o = o;
    this.deadline = deadline;
    this.out = out;
    this.err = err;
    this.discovery = session.discovery();
  }

  List<Result> run() {
    List<Planned> plan = plan();
    List<Result> results = new ArrayList<>();
    for (Planned p : plan) {
      Result r = apply(p);
      results.add(r);
      if (o.format == null) out.println(Printer.line(r.object(), r.action(), o.dryRun));
      else if (o.format instanceof OutputFormat.Name && o.wait == null) out.println(Printer.name(r.object()));
      out.flush();
    }
    return results;
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
        p.namespaced = "Namespaced".equals(p.definingCrd.object().get("spec", "scope"));
      }
      if (p.namespaced) {
        try {
          p.namespace = session.namespaceFor(m.namespace());
        } catch (StepException e) {
          throw StepException.invalid(m.where() + ": " + m.describe() + ": " + e.getMessage());
        }
        p.object.getMetadata().setNamespace(p.namespace);
      } else {
        p.object.getMetadata().setNamespace(null);
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
    GenericKubernetesResource c = crd.object();
    String apiVersion = m.apiVersion();
    int slash = apiVersion.indexOf('/');
    if (slash < 0) return false;
    String group = apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    if (!group.equals(c.get("spec", "group")) || !m.kind().equals(c.get("spec", "names", "kind"))) return false;
    if (version.equals(c.get("spec", "version"))) return true; // v1beta1
    if (c.get("spec", "versions") instanceof List<?> versions) {
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
    Target target = new Target(type, ns, name, null);
    GenericKubernetesResource obj = Retries.call(deadline, () -> target.named(client).get());
    if (obj == null) {
      throw new StepException(ExitCode.NOT_FOUND, "--owner: " + type.qualifiedPlural() + " \"" + name + "\" not found"
          + (ns == null ? "" : " in namespace \"" + ns + "\""));
    }
    return owner(obj.getApiVersion(), obj.getKind(), name, obj.getMetadata().getUid(), ns);
  }

  private Owner ownerFromPod() {
    String pod = o.environment.podName();
    if (pod == null) {
      throw StepException.invalid("--owner-from-pod: cannot tell which pod this is: set POD_NAME (or HOSTNAME)");
    }
    String ns = session.podNamespace();
    String podName = pod;
    var p = Retries.call(deadline, () -> client.pods().inNamespace(ns).withName(podName).get());
    if (p == null) {
      throw new StepException(ExitCode.NOT_FOUND, "--owner-from-pod: pods \"" + podName + "\" not found in namespace \""
          + ns + "\"");
    }
    if (p.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference r : p.getMetadata().getOwnerReferences()) {
        if (Boolean.TRUE.equals(r.getController())) return owner(r.getApiVersion(), r.getKind(), r.getName(), r.getUid(), ns);
      }
    }
    return owner("v1", "Pod", podName, p.getMetadata().getUid(), ns);
  }

  private static Owner owner(String apiVersion, String kind, String name, String uid, String ns) {
    OwnerReference ref = new OwnerReference(apiVersion, false, null, kind, name, uid);
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
    List<OwnerReference> refs = new ArrayList<>(p.object.getMetadata().getOwnerReferences() == null ? List.of()
        : p.object.getMetadata().getOwnerReferences());
    if (refs.stream().noneMatch(r -> Objects.equals(r.getUid(), owner.ref().getUid()))) refs.add(owner.ref());
    p.object.getMetadata().setOwnerReferences(refs);
  }

  private void warn(String text) {
    err.println("warning: " + text);
    err.flush();
  }

  // ---------------------------------------------------------------- applying

  private Result apply(Planned p) {
    if (p.type == null) p.type = waitForType(p);
    boolean typeFromInput = p.definingCrd != null && o.dryRun != DryRun.NONE; // its CRD was not created
    if (typeFromInput && o.dryRun == DryRun.SERVER) {
      warn(p.manifest.describe() + ": its CustomResourceDefinition is only in the input, so the server did not check"
          + " it (" + p.manifest.where() + ")");
    }
    if (o.dryRun == DryRun.CLIENT || typeFromInput) return new Result(p.manifest, p.object, clientAction(p));
    try {
      if (o.reuseLabel != null) {
        GenericKubernetesResource found = reusable(p);
        if (found != null) return new Result(p.manifest, found, "unchanged");
      }
      boolean generated = p.object.getMetadata().getName() == null || p.object.getMetadata().getName().isEmpty();
      return switch (o.mode) {
        case apply -> generated ? create(p) : serverSideApply(p);
        case create -> create(p);
        case replace -> replace(p);
      };
    } catch (KubernetesClientException e) {
      throw explain(e, p);
    }
  }

  private String clientAction(Planned p) {
    boolean generated = p.object.getMetadata().getName() == null;
    return o.mode == ApplyMode.apply && !generated ? "serverside-applied"
        : o.mode == ApplyMode.replace ? "replaced" : "created";
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> op(Planned p) {
    var all = client.genericKubernetesResources(p.type.context());
    return p.namespaced ? all.inNamespace(p.namespace) : all;
  }

  private boolean serverDryRun() {
    return o.dryRun == DryRun.SERVER;
  }

  private Result serverSideApply(Planned p) {
    String name = p.object.getMetadata().getName();
    GenericKubernetesResource before = serverDryRun() ? null : Retries.call(deadline, () -> op(p).withName(name).get());
    GenericKubernetesResource after = Retries.call(deadline, () -> {
      var ssa = op(p).resource(p.object).dryRun(serverDryRun()).fieldManager(o.fieldManager);
      if (o.forceConflicts) ssa = ssa.forceConflicts();
      try {
        return ssa.serverSideApply();
      } catch (KubernetesClientException e) {
        throw notTransient(e);
      }
    });
    boolean unchanged = before != null && Objects.equals(before.getMetadata().getResourceVersion(),
        after.getMetadata().getResourceVersion());
    return new Result(p.manifest, after, unchanged ? "unchanged" : "serverside-applied");
  }

  /**
   * POST. A retry after a failure that may have landed first looks for the object: by name, or, for generateName,
   * by the request annotation this run put on it.
   */
  private Result create(Planned p) {
    String name = p.object.getMetadata().getName();
    boolean generated = name == null || name.isEmpty();
    String request = UUID.randomUUID().toString();
    if (generated && !serverDryRun()) {
      p.object.getMetadata().setAnnotations(new java.util.LinkedHashMap<>(
          p.object.getMetadata().getAnnotations() == null ? Map.of() : p.object.getMetadata().getAnnotations()));
      p.object.getMetadata().getAnnotations().put(REQUEST_ANNOTATION, request);
    }
    AtomicInteger attempt = new AtomicInteger();
    GenericKubernetesResource created = Retries.call(deadline, () -> {
      if (attempt.getAndIncrement() > 0 && !serverDryRun()) {
        GenericKubernetesResource landed = generated ? findByRequest(p, request) : op(p).withName(name).get();
        if (landed != null) return landed;
      }
      return op(p).resource(p.object).dryRun(serverDryRun()).create();
    });
    return new Result(p.manifest, created, "created");
  }

  private GenericKubernetesResource findByRequest(Planned p, String request) {
    return op(p).list().getItems().stream()
        .filter(r -> r.getMetadata().getAnnotations() != null
            && request.equals(r.getMetadata().getAnnotations().get(REQUEST_ANNOTATION)))
        .findFirst().orElse(null);
  }

  /** PUT over the current version; create when absent. */
  private Result replace(Planned p) {
    String name = p.object.getMetadata().getName();
    GenericKubernetesResource before = Retries.call(deadline, () -> op(p).withName(name).get());
    if (before == null) return create(p);
    GenericKubernetesResource after = Retries.call(deadline, () -> {
      GenericKubernetesResource current = op(p).withName(name).get();
      if (current == null) return op(p).resource(p.object).dryRun(serverDryRun()).create();
      p.object.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      return op(p).resource(p.object).dryRun(serverDryRun()).update();
    });
    boolean unchanged = Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
    return new Result(p.manifest, after, unchanged ? "unchanged" : "replaced");
  }

  /** --reuse-if-labeled: an object of the same type, name (or generateName prefix), with the label; oldest first. */
  private GenericKubernetesResource reusable(Planned p) {
    String name = p.object.getMetadata().getName();
    String prefix = p.object.getMetadata().getGenerateName();
    String selector = o.reuseLabel.getKey() + "=" + o.reuseLabel.getValue();
    List<GenericKubernetesResource> found = Retries.call(deadline, () -> op(p).withLabelSelector(selector).list().getItems());
    return found.stream()
        .filter(r -> name != null && !name.isEmpty() ? name.equals(r.getMetadata().getName())
            : r.getMetadata().getName().startsWith(prefix))
        .min(Comparator.comparing((GenericKubernetesResource r) -> r.getMetadata().getCreationTimestamp())
            .thenComparing(r -> r.getMetadata().getName()))
        .orElse(null);
  }

  /** Waits until the CRD from the input that defines this object's kind is Established and discovery serves it. */
  private ResourceType waitForType(Planned p) {
    Manifest crd = p.definingCrd;
    String crdName = crd.name();
    if (o.dryRun != DryRun.NONE) {
      // nothing was created: describe the type from the CRD in the input
      return new ResourceType(crd.object().get("spec", "group"), p.manifest.apiVersion().substring(
          p.manifest.apiVersion().indexOf('/') + 1), p.manifest.kind(),
          crd.object().get("spec", "names", "plural"), p.manifest.kind().toLowerCase(java.util.Locale.ROOT),
          List.of(), p.namespaced, List.of());
    }
    try {
      client.genericKubernetesResources(CRD_API, "CustomResourceDefinition").withName(crdName)
          .waitUntilCondition(Applier::established, Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS);
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
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StepException(ExitCode.INTERRUPTED, "interrupted", ie);
        }
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

  static boolean established(GenericKubernetesResource crd) {
    if (crd == null || !(crd.get("status", "conditions") instanceof List<?> conditions)) return false;
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
    if (e.getCode() == 409 && o.mode == ApplyMode.apply && e.getStatus() != null && e.getStatus().getDetails() != null
        && e.getStatus().getDetails().getCauses() != null && !e.getStatus().getDetails().getCauses().isEmpty()) {
      List<String> fields = new ArrayList<>();
      for (StatusCause c : e.getStatus().getDetails().getCauses()) {
        fields.add(c.getField() + " (" + c.getMessage() + ")");
      }
      return new StepException(ExitCode.API_ERROR, "Apply failed with " + fields.size() + " conflict"
          + (fields.size() == 1 ? "" : "s") + " on " + Printer.name(p.object) + at + ": " + String.join(", ", fields)
          + "; rerun with --force-conflicts to take these fields over", e);
    }
    if (e.getCode() > 0) return new StepException(ErrorText.exitCode(e), ErrorText.oneLine(e) + at, e);
    return e;
  }

  /** The verbs this apply needs that SelfSubjectAccessReview says the user lacks (empty if that cannot be told). */
  private Set<String> missingVerbs(Planned p) {
    Set<String> needed = new LinkedHashSet<>();
    boolean generated = p.object.getMetadata().getName() == null;
    if (o.reuseLabel != null) needed.add("list");
    switch (o.mode) {
      case apply -> needed.addAll(generated ? List.of("create") : List.of("get", "create", "patch"));
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
            () -> client.authorization().v1().selfSubjectAccessReview().create(review));
        if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) missing.add(verb);
      }
    } catch (KubernetesClientException ignored) {
      return Set.of();
    }
    return missing;
  }
}
