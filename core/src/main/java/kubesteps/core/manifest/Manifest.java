package kubesteps.core.manifest;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * One object read from a manifest, with where it came from, so that errors can point at it.
 *
 * @param object the object as written (after {@code --set} substitution)
 * @param source the file name, {@code <stdin>} or {@code --manifest}
 * @param document the document's index in its source (0-based; the items of a {@code kind: List} share it)
 * @param line where the object starts in its source (1-based)
 * @param column where the object starts on that line (1-based)
 */
public record Manifest(GenericKubernetesResource object, String source, int document, int line, int column) {

  /** {@code file:line:col}, as errors print it. */
  public String where() {
    return source + ":" + line + ":" + column;
  }

  public String apiVersion() {
    return object.getApiVersion();
  }

  public String kind() {
    return object.getKind();
  }

  /** The name, or null when the object has none (e.g. it has a generateName). */
  public String name() {
    return object.getMetadata() == null ? null : object.getMetadata().getName();
  }

  public String generateName() {
    return object.getMetadata() == null ? null : object.getMetadata().getGenerateName();
  }

  public String namespace() {
    return object.getMetadata() == null ? null : object.getMetadata().getNamespace();
  }

  /** {@code Kind/name} or {@code Kind/generateName*} for messages. */
  public String describe() {
    String n = name() != null && !name().isEmpty() ? name()
        : generateName() != null && !generateName().isEmpty() ? generateName() + "*" : "<no name>";
    return kind() + "/" + n;
  }
}
