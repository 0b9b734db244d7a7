package kubesteps.get;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.StepException;
import kubesteps.core.resource.ObjectMaps;

/**
 * The objects a manifest names ({@code -f}): multi-document YAML, JSON, {@code kind: List}. Kept small and private to
 * k8s-get until core has a shared manifest reader; only what get needs (apiVersion, kind, name, namespace).
 */
final class ManifestRefs {
  record Ref(String apiVersion, String kind, String name, String namespace, String where) {}

  private ManifestRefs() {}

  static List<Ref> read(Path file) {
    String text;
    try {
      text = file.toString().equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          : Files.readString(file);
    } catch (NoSuchFileException e) {
      throw StepException.invalid("the path \"" + file + "\" does not exist");
    } catch (IOException e) {
      throw StepException.invalid("cannot read " + file + ": " + e.getMessage());
    }
    List<Ref> refs = new ArrayList<>();
    int line = 1;
    for (String doc : documents(text)) {
      int docLine = line;
      line += (int) doc.chars().filter(c -> c == '\n').count() + 1;
      if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) continue;
      Map<String, Object> obj;
      try {
        obj = ObjectMaps.parse(doc);
      } catch (RuntimeException e) {
        throw StepException.invalid(file + ":" + docLine + ": cannot parse the document: " + firstLine(e.getMessage()));
      }
      if (obj == null) continue;
      collect(obj, file + ":" + docLine, refs);
    }
    if (refs.isEmpty()) throw StepException.invalid("no objects passed to get in " + file);
    return refs;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Map<String, Object> obj, String where, List<Ref> out) {
    Object kind = obj.get("kind");
    if (kind instanceof String k && k.endsWith("List") && obj.get("items") instanceof List<?> items) {
      for (Object i : items) {
        if (i instanceof Map<?, ?> m) collect((Map<String, Object>) m, where, out);
      }
      return;
    }
    Object apiVersion = obj.get("apiVersion");
    String name = Printers.metadata(obj, "name");
    if (!(apiVersion instanceof String) || !(kind instanceof String)) {
      throw StepException.invalid(where + ": the object has no apiVersion or kind");
    }
    if (name == null || name.isEmpty()) throw StepException.invalid(where + ": the " + kind + " has no metadata.name");
    out.add(new Ref((String) apiVersion, (String) kind, name, Printers.metadata(obj, "namespace"), where));
  }

  /** YAML documents split at "---" lines (a JSON file is one document). */
  static List<String> documents(String text) {
    List<String> docs = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String l : text.split("\n", -1)) {
      if (l.equals("---") || l.startsWith("--- ") || l.equals("---\r")) {
        docs.add(cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(l).append('\n');
    }
    docs.add(cur.toString());
    return docs;
  }

  private static String firstLine(String m) {
    if (m == null) return "invalid document";
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
