package kubesteps.core.manifest;

import java.util.Map;
import kubesteps.core.status.Trees;

/**
 * One object read from a manifest, with where it came from, so that errors can point at it.
 *
 * @param object the object as written (after {@code --set} substitution), a plain tree (see ObjectMaps): maps,
 *     lists and scalars, its metadata in the shape the API server takes (see {@code Manifests})
 * @param source the file name, {@code <stdin>} or {@code --manifest}
 * @param document the document's index in its source (0-based; the items of a {@code kind: List} share it)
 * @param line where the object starts in its source (1-based)
 * @param column where the object starts on that line (1-based)
 */
public record Manifest(Map<String, Object> object, String source, int document, int line, int column) {

  /** {@code file:line:col}, as errors print it. */
  public String where() {
    return source + ":" + line + ":" + column;
  }

  /** The same place, another object (e.g. the manifest's object as the server returned it). */
  public Manifest with(Map<String, Object> other) {
    return new Manifest(other, source, document, line, column);
  }

  public String apiVersion() {
    return Trees.string(object, "apiVersion");
  }

  public String kind() {
    return Trees.string(object, "kind");
  }

  /** The name, or null when the object has none (e.g. it has a generateName). */
  public String name() {
    return Trees.string(object, "metadata", "name");
  }

  public String generateName() {
    return Trees.string(object, "metadata", "generateName");
  }

  public String namespace() {
    return Trees.string(object, "metadata", "namespace");
  }

  /** {@code Kind/name} or {@code Kind/generateName*} for messages. */
  public String describe() {
    String n = name() != null && !name().isEmpty() ? name()
        : generateName() != null && !generateName().isEmpty() ? generateName() + "*" : "<no name>";
    return kind() + "/" + n;
  }
}
