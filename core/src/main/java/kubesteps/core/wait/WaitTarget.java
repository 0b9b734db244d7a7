package kubesteps.core.wait;

import kubesteps.core.resource.ResourceType;

/**
 * What to wait on: one object by name, or every object of a type matching a label selector ({@code --all}: no
 * selector). {@code namespace} null: all namespaces, or a cluster-scoped type.
 */
public record WaitTarget(ResourceType type, String namespace, String name, String selector) {

  /** kubectl's name of an object of this type: {@code sparkapplication.sparkoperator.k8s.io/spark-pi}. */
  public String display(String objectName) {
    return type.typeName() + "/" + objectName;
  }

  public String describe() {
    if (name != null) return display(name);
    String what = type.qualifiedPlural() + (selector == null ? "" : " matching " + selector);
    return what + (namespace == null ? "" : " in namespace " + namespace);
  }
}
