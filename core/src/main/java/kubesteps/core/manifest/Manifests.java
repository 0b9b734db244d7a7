package kubesteps.core.manifest;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads manifests as kubectl takes them: files ({@code -f}, repeatable; {@code -} is stdin; a folder is its
 * {@code .yaml}, {@code .yml} and {@code .json} files in name order) or text; YAML with several documents, JSON, and
 * {@code kind: List} flattened into objects; empty documents skipped. YAML is read with snakeyaml-engine (the library
 * fabric8's serialization uses), objects are plain trees, their metadata checked against fabric8's ObjectMeta.
 * Every error is one line naming file, line and column, exit code 2.
 */
public final class Manifests {
  public static final String STDIN = "<stdin>";
  /** ObjectMeta's fields a manifest usually has, in the order fabric8 writes them (alphabetical). */
  private static final List<String> PLAIN_FIELDS =
      List.of("annotations", "generateName", "labels", "name", "namespace");

  /** The text of one input, before parsing (so that {@code --set} can work on it). */
  public record Text(String name, String content) {}

  private Manifests() {}

  /** Reads and parses {@code -f} arguments. */
  public static List<Manifest> read(List<String> pathsOrDash, InputStream stdin) {
    List<Manifest> out = new ArrayList<>();
    for (Text t : texts(pathsOrDash, stdin)) out.addAll(parse(t.content(), t.name()));
    return out;
  }

  /** The texts behind {@code -f} arguments, in order: files, folders (their manifest files in name order), stdin. */
  public static List<Text> texts(List<String> pathsOrDash, InputStream stdin) {
    return texts(pathsOrDash, stdin, false);
  }

  /**
   * {@link #texts(List, InputStream)}; with {@code recursive} (kubectl's {@code -R}), the manifest files of a
   * folder's subfolders too, depth first in name order as kubectl walks them.
   */
  public static List<Text> texts(List<String> pathsOrDash, InputStream stdin, boolean recursive) {
    List<Text> out = new ArrayList<>();
    boolean stdinRead = false;
    for (String p : pathsOrDash) {
      if (p == null || p.isEmpty()) throw StepException.invalid("-f: empty file name");
      if (p.equals("-")) {
        if (stdinRead) throw StepException.invalid("-f -: standard input can be read only once");
        stdinRead = true;
        try {
          out.add(new Text(STDIN, new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new StepException(ExitCode.INVALID_INPUT, "cannot read standard input: " + e.getMessage(), e);
        }
        continue;
      }
      Path path = Path.of(p);
      if (Files.isDirectory(path)) {
        List<Path> files = new ArrayList<>();
        folder(path, recursive, files);
        if (files.isEmpty()) throw StepException.invalid(p + ": no .yaml, .yml or .json files in this folder");
        for (Path f : files) out.add(new Text(f.toString(), readFile(f)));
      } else {
        out.add(new Text(p, readFile(path)));
      }
    }
    return out;
  }

  /** The manifest files of a folder in name order, with {@code recursive} its subfolders' at their place. */
  private static void folder(Path dir, boolean recursive, List<Path> files) {
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.sorted().toList();
    } catch (IOException e) {
      throw new StepException(ExitCode.INVALID_INPUT, "cannot read folder " + dir + ": " + e.getMessage(), e);
    }
    for (Path f : entries) {
      if (Files.isDirectory(f)) {
        if (recursive) folder(f, true, files);
      } else if (Files.isRegularFile(f) && isManifestFile(f)) {
        files.add(f);
      }
    }
  }

  static boolean isManifestFile(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private static String readFile(Path f) {
    if (!Files.exists(f)) throw StepException.invalid("the path \"" + f + "\" does not exist");
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StepException(ExitCode.INVALID_INPUT, "cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  /** The objects in one text (YAML, several documents, or JSON), {@code kind: List} flattened. */
  public static List<Manifest> parse(String text, String sourceName) {
    LoadSettings settings = LoadSettings.builder().setLabel(sourceName).setAllowDuplicateKeys(false)
        .setUseMarks(true).setSchema(new CoreSchema()).build();
    List<Manifest> out = new ArrayList<>();
    int document = 0;
    try {
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        addDocument(node, sourceName, document++, settings, out);
      }
    } catch (MarkedYamlEngineException e) {
      Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
      String problem = e.getProblem() == null ? e.getContext() : e.getProblem();
      throw StepException.invalid(where(sourceName, m) + ": invalid YAML: " + oneLine(problem));
    } catch (YamlEngineException e) {
      throw StepException.invalid(sourceName + ": invalid YAML: " + oneLine(e.getMessage()));
    } catch (StackOverflowError e) {
      throw StepException.invalid(sourceName + ": nested too deeply to read (more levels than a manifest has)");
    }
    return out;
  }

  private static void addDocument(Node node, String source, int document, LoadSettings settings, List<Manifest> out) {
    if (node == null || isNull(node)) return; // an empty document
    if (!(node instanceof MappingNode map)) {
      throw StepException.invalid(where(source, node) + ": expected an object (apiVersion, kind, metadata...), found "
          + (node instanceof SequenceNode ? "a list" : "a value"));
    }
    if (map.getValue().isEmpty()) return; // {} is empty too
    Object tree = new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
    Map<?, ?> obj = (Map<?, ?>) tree;
    if ("List".equals(obj.get("kind")) && obj.get("items") instanceof List<?> items) {
      SequenceNode itemNodes = (SequenceNode) valueNode(map, "items");
      for (int i = 0; i < items.size(); i++) {
        Node itemNode = itemNodes.getValue().get(i);
        if (isNull(itemNode)) continue;
        if (!(items.get(i) instanceof Map<?, ?> item)) {
          throw StepException.invalid(where(source, itemNode) + ": expected an object in the List's items");
        }
        out.add(toManifest(item, source, document, itemNode));
      }
      return;
    }
    out.add(toManifest(obj, source, document, node));
  }

  private static Manifest toManifest(Map<?, ?> obj, String source, int document, Node node) {
    for (Object key : obj.keySet()) {
      if (!(key instanceof String)) {
        throw StepException.invalid(where(source, node) + ": object keys must be strings, found " + key);
      }
    }
    requireString(obj, "apiVersion", source, node);
    requireString(obj, "kind", source, node);
    Object metadata = obj.get("metadata");
    if (metadata != null && !(metadata instanceof Map)) {
      throw StepException.invalid(where(source, node) + ": metadata must be an object");
    }
    Map<String, Object> object = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : obj.entrySet()) object.put((String) e.getKey(), e.getValue());
    if (metadata != null) {
      // metadata in the shape the server takes (a label written as a number is its text, as fabric8 sends it);
      // one that does not fit ObjectMeta is the input's fault, said here rather than by the server
      try {
        Map<String, Object> plain = plainMetadata((Map<?, ?>) metadata);
        object.put("metadata", plain != null ? plain
            : ObjectMaps.of(ObjectMaps.serialization().convertValue(metadata, ObjectMeta.class)));
      } catch (RuntimeException e) {
        throw StepException.invalid(where(source, node) + ": " + obj.get("kind") + ": " + metadataError(e));
      }
    }
    Mark m = node.getStartMark().orElse(null);
    return new Manifest(object, source, document, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1);
  }

  /**
   * The metadata as fabric8's ObjectMeta would give it back, without Jackson, when it holds only the fields manifests
   * usually have in their plain form (names as strings, labels and annotations as maps of strings): those fields in
   * ObjectMeta's order, empty maps left out. Null for anything else, which goes through ObjectMeta itself.
   */
  static Map<String, Object> plainMetadata(Map<?, ?> metadata) {
    for (Map.Entry<?, ?> e : metadata.entrySet()) {
      Object k = e.getKey();
      Object v = e.getValue();
      if (!PLAIN_FIELDS.contains(k)) return null;
      if (k.equals("labels") || k.equals("annotations")) {
        if (!(v instanceof Map<?, ?> m)) return null;
        for (Map.Entry<?, ?> x : m.entrySet()) {
          if (!(x.getKey() instanceof String) || !(x.getValue() instanceof String)) return null;
        }
      } else if (!(v instanceof String)) {
        return null;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String f : PLAIN_FIELDS) {
      Object v = metadata.get(f);
      if (v == null || v instanceof Map<?, ?> m && m.isEmpty()) continue;
      out.put(f, v instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : v);
    }
    return out;
  }

  /** {@code metadata.labels does not have the type ...}: the field Jackson names, what it says, without class names. */
  private static String metadataError(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof tools.jackson.databind.DatabindException d && !d.getPath().isEmpty()) {
        StringBuilder field = new StringBuilder("metadata");
        for (var ref : d.getPath()) {
          field.append(ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]");
        }
        String what = d.getOriginalMessage() == null ? "" : d.getOriginalMessage().replaceAll("`[^`]*`", "").strip();
        // "Cannot deserialize value of type `...` from Array value (token ...)": what was found
        String found = what.contains(" from ") ? what.substring(what.indexOf(" from ") + 6).replaceAll("\\s*\\(token.*", "")
            .replace(" value", "").toLowerCase(Locale.ROOT) : null;
        return field + ": wrong type" + (found == null || found.isBlank() ? "" : " (found " + found + ")");
      }
    }
    return oneLine(e.getMessage());
  }

  private static void requireString(Map<?, ?> obj, String field, String source, Node node) {
    Object v = obj.get(field);
    if (v == null || (v instanceof String s && s.isBlank())) {
      throw StepException.invalid(where(source, node) + ": " + field + " not set");
    }
    if (!(v instanceof String)) throw StepException.invalid(where(source, node) + ": " + field + " must be a string");
  }

  private static Node valueNode(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode s && key.equals(s.getValue())) return t.getValueNode();
    }
    return null;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue());
  }

  private static String where(String source, Node node) {
    return where(source, node == null ? null : node.getStartMark().orElse(null));
  }

  private static String where(String source, Mark m) {
    return m == null ? source : source + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  private static String oneLine(String s) {
    if (s == null) return "unreadable";
    return s.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
