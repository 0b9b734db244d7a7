package kubesteps.core.resource;

import java.util.ArrayList;
import java.util.List;
import kubesteps.core.cli.Session;
import kubesteps.core.error.StepException;
import kubesteps.core.manifest.Manifest;

/**
 * Turns what a command was given into {@link Target}s, the same for every tool: objects of {@code -f} manifests (by
 * kind, name and namespace; each must have a name) and {@code TYPE[/NAME]} references (a name, or a selector or
 * {@code --all} for many). Namespaces as kubectl: an object's own (refused when {@code -n} says another), else
 * {@code -n}, the context's, the pod's, {@code default}; none for cluster-scoped types and with
 * {@code -A/--all-namespaces}.
 */
public final class Targets {
  private Targets() {}

  /** Refuses a manifest object without a name: there is nothing to read or wait on. Before any API call. */
  public static void requireNames(List<Manifest> manifests) {
    for (Manifest m : manifests) {
      if (m.name() == null || m.name().isEmpty()) {
        throw StepException.invalid(m.where() + ": the " + m.kind() + " has no metadata.name (pass the manifest the"
            + " server returned, e.g. k8s-apply --output-manifest, which has the generated name)");
      }
    }
  }

  /** The targets of these manifests' objects, then of these references (a reference without name gets the selector). */
  public static List<Target> of(Session session, List<Manifest> manifests, List<ResourceRef> refs, String selector,
      boolean allNamespaces) {
    requireNames(manifests);
    Discovery discovery = session.discovery();
    List<Target> targets = new ArrayList<>();
    for (Manifest m : manifests) {
      ResourceType type = discovery.forKind(m.apiVersion(), m.kind());
      targets.add(new Target(type, type.namespaced() ? session.namespaceFor(m.namespace()) : null, m.name(), null));
    }
    for (ResourceRef ref : refs) {
      // a category (all, or a custom resource's) before a type, as kubectl's category expander goes first
      List<ResourceType> types = ref.name() == null ? discovery.category(ref.type()) : List.of();
      if (types.isEmpty()) types = List.of(discovery.resolve(ref.type()));
      for (ResourceType type : types) {
        String ns = !type.namespaced() || allNamespaces ? null : session.namespace();
        targets.add(new Target(type, ns, ref.name(), ref.name() == null ? selector : null));
      }
    }
    return targets;
  }
}
