package kubesteps.wait;

import kubesteps.core.resource.ResourceType;

/**
 * What to wait on: one object by name, or every object of a type matching a label selector ({@code --all}: no
 * selector). {@code namespace} null: all namespaces, or a cluster-scoped type.
 */
record Target(ResourceType type, String namespace, String name, String selector) {

  /** kubectl's name of an object of this type: {@code sparkapplication.sparkoperator.k8s.io/spark-pi}. */
  String display(String objectName) {
    return type.typeName() + "/" + objectName;
  }

  String describe() {
    if (name != null) return display(name);
    String what = type.qualifiedPlural() + (selector == null ? "" : " matching " + selector);
    return what + (namespace == null ? "" : " in namespace " + namespace);
  }
}
