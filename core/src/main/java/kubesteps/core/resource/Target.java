package kubesteps.core.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * What a command reads, waits on or deletes: one object by name, or the objects of a type (matching a label selector,
 * or all: {@code selector} null). {@code namespace} null: all namespaces, or a cluster-scoped type. Made by
 * {@link Targets} from references and manifests, the same way for every tool.
 */
public record Target(ResourceType type, String namespace, String name, String selector) {

  /** kubectl's name of an object of this type: {@code sparkapplication.sparkoperator.k8s.io/spark-pi}. */
  public String display(String objectName) {
    return type.typeName() + "/" + objectName;
  }

  public String describe() {
    if (name != null) return display(name);
    String what = type.qualifiedPlural() + (selector == null ? "" : " matching " + selector);
    return what + (namespace == null ? "" : " in namespace " + namespace);
  }

  /** The client's operation on this target's type, in its namespace, or in all, or cluster-wide. */
  public FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> scope(KubernetesClient client) {
    var op = client.genericKubernetesResources(type.context());
    if (!type.namespaced()) return op;
    return namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace);
  }

  /** The one object this target names. */
  public Resource<GenericKubernetesResource> named(KubernetesClient client) {
    var op = client.genericKubernetesResources(type.context());
    return type.namespaced() ? op.inNamespace(namespace).withName(name) : op.withName(name);
  }
}
