package kubesteps.get;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import kubesteps.core.jsonpath.GoJson;
import kubesteps.core.output.OutputFormat;

/** Pure printing of objects (plain trees), as kubectl prints them. No I/O. */
final class Printers {
  private Printers() {}

  static String metadata(Map<String, Object> obj, String field) {
    Object meta = obj.get("metadata");
    Object v = meta instanceof Map<?, ?> m ? m.get(field) : null;
    return v == null ? null : String.valueOf(v);
  }

  /** One row of custom columns: each path's results joined by ",", {@code <none>} when nothing matched. */
  static List<String> customRow(OutputFormat.CustomColumns cc, Map<String, Object> obj) {
    List<String> row = new ArrayList<>();
    for (OutputFormat.Column c : cc.columns()) {
      List<Object> values = c.path().values(obj);
      if (values.isEmpty()) {
        row.add("<none>");
        continue;
      }
      List<String> texts = new ArrayList<>();
      for (Object v : values) texts.add(goSprint(v));
      row.add(String.join(",", texts));
    }
    return row;
  }

  static List<String> customHeader(OutputFormat.CustomColumns cc) {
    return cc.columns().stream().map(OutputFormat.Column::header).toList();
  }

  /** Go's fmt.Sprint of a tree value: {@code map[k:v]} with sorted keys, {@code [a b]}, {@code <nil>}. */
  static String goSprint(Object v) {
    if (v == null) return "<nil>";
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("map[");
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) sb.append(' ');
        first = false;
        sb.append(e.getKey()).append(':').append(goSprint(e.getValue()));
      }
      return sb.append(']').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) sb.append(' ');
        sb.append(goSprint(l.get(i)));
      }
      return sb.append(']').toString();
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal || v instanceof BigInteger) {
      return GoJson.text(v);
    }
    return GoJson.text(v);
  }

  /**
   * What a printed Table row needs of the server's row: its cells and, of the object the server puts beside them
   * (PartialObjectMetadata, managed fields and all), the name, namespace, resourceVersion and labels. A long list
   * keeps only this of each row until it is printed (the table is aligned over all rows, as kubectl's).
   */
  static Map<String, Object> printedPart(Object row) {
    if (!(row instanceof Map<?, ?> r)) return Map.of();
    // compact copies (an array-backed list, immutable maps): a list of many rows keeps these until printed
    Object cells = r.get("cells") instanceof List<?> c ? Arrays.asList(c.toArray()) : null;
    Map<String, Object> meta = new java.util.LinkedHashMap<>();
    if (r.get("object") instanceof Map<?, ?> o && o.get("metadata") instanceof Map<?, ?> m) {
      // name and resourceVersion: what a watch that lists again compares with what it printed
      for (String k : List.of("name", "namespace", "resourceVersion")) {
        if (m.get(k) != null) meta.put(k, m.get(k));
      }
      if (m.get("labels") instanceof Map<?, ?> l) meta.put("labels", Map.copyOf(l));
    }
    meta = Map.copyOf(meta);
    Map<String, Object> object = Map.of("metadata", meta);
    return cells == null ? Map.of("object", object) : Map.of("cells", cells, "object", object);
  }

  /**
   * The visible columns of a server Table ({@code meta.k8s.io} Table as a tree): header and rows of text. With
   * {@code namespaceColumn} a NAMESPACE column comes first (from each row's object metadata), with {@code kindPrefix}
   * the NAME cells read {@code kind/name}; with {@code --show-labels} a LABELS column comes last (kubectl's form:
   * {@code k=v} by key, comma-separated, {@code <none>} when there are none).
   */
  @SuppressWarnings("unchecked")
  static List<List<String>> tableRows(Map<String, Object> table, OutputFormat.Table format, boolean header,
      boolean namespaceColumn, String kindPrefix) {
    return tableRows(table, format, header, namespaceColumn, kindPrefix, List.of());
  }

  /**
   * {@link #tableRows(Map, OutputFormat.Table, boolean, boolean, String)} with kubectl's {@code -L} columns: one per
   * label key, headed by the key's last part upper-cased ({@code app.kubernetes.io/name}: NAME), before LABELS.
   */
  static List<List<String>> tableRows(Map<String, Object> table, OutputFormat.Table format, boolean header,
      boolean namespaceColumn, String kindPrefix, List<String> labelColumns) {
    boolean wide = format.wide();
    List<Map<String, Object>> defs = (List<Map<String, Object>>) table.getOrDefault("columnDefinitions", List.of());
    List<Map<String, Object>> rows = (List<Map<String, Object>>) table.getOrDefault("rows", List.of());
    List<List<String>> out = new ArrayList<>();
    if (header && !rows.isEmpty()) {
      List<String> h = new ArrayList<>();
      if (namespaceColumn) h.add("NAMESPACE");
      for (Map<String, Object> d : defs) {
        if (wide || priority(d) == 0) h.add(String.valueOf(d.get("name")).toUpperCase(Locale.ROOT));
      }
      for (String l : labelColumns) h.add(l.substring(l.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT));
      if (format.showLabels()) h.add("LABELS");
      out.add(h);
    }
    for (Map<String, Object> row : rows) {
      List<Object> cells = (List<Object>) row.getOrDefault("cells", List.of());
      List<String> r = new ArrayList<>();
      if (namespaceColumn) {
        Object o = row.get("object");
        String ns = o instanceof Map<?, ?> m ? metadata((Map<String, Object>) m, "namespace") : null;
        r.add(ns == null ? "" : ns);
      }
      for (int i = 0; i < cells.size() && i < defs.size(); i++) {
        if (!wide && priority(defs.get(i)) != 0) continue;
        Object cell = cells.get(i);
        String text = cell == null ? "" : cell instanceof String s ? s : goSprint(cell);
        if (kindPrefix != null && i == 0) text = kindPrefix + "/" + text;
        r.add(text);
      }
      for (String l : labelColumns) r.add(label(row.get("object"), l));
      if (format.showLabels()) r.add(labels(row.get("object")));
      out.add(r);
    }
    return out;
  }

  /** The value of one label of the row's object, or nothing. */
  static String label(Object object, String key) {
    Object labels = object instanceof Map<?, ?> o && o.get("metadata") instanceof Map<?, ?> m ? m.get("labels") : null;
    return labels instanceof Map<?, ?> l && l.get(key) instanceof String v ? v : "";
  }

  /** kubectl's labels.FormatLabels: {@code k=v,...} sorted by key, {@code <none>} when empty. */
  static String labels(Object object) {
    Object labels = object instanceof Map<?, ?> o && o.get("metadata") instanceof Map<?, ?> m ? m.get("labels") : null;
    if (!(labels instanceof Map<?, ?> l) || l.isEmpty()) return "<none>";
    // kubectl sorts the key=value pairs, not the keys: app.kubernetes.io/name=x before app=y
    java.util.TreeSet<String> pairs = new java.util.TreeSet<>();
    for (var e : l.entrySet()) pairs.add(e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue()));
    return String.join(",", pairs);
  }

  private static int priority(Map<String, Object> def) {
    return def.get("priority") instanceof Number n ? n.intValue() : 0;
  }

  /**
   * The table kubectl prints for an answer that is not a Table (a subresource such as scale or status, which the
   * server does not render): NAME and AGE of each object, as its default printer.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> defaultTable(Map<String, Object> answer, java.time.Instant now) {
    List<Map<String, Object>> objects = new ArrayList<>();
    if (answer.get("items") instanceof List<?> items) {
      for (Object o : items) if (o instanceof Map<?, ?> m) objects.add((Map<String, Object>) m);
    } else {
      objects.add(answer);
    }
    List<Object> rows = new ArrayList<>();
    for (Map<String, Object> o : objects) {
      String created = metadata(o, "creationTimestamp");
      String age = created == null || created.isEmpty() ? "<unknown>"
          : humanDuration(java.time.Duration.between(java.time.Instant.parse(created), now));
      Map<String, Object> row = new java.util.LinkedHashMap<>();
      row.put("cells", List.of(metadata(o, "name") == null ? "" : metadata(o, "name"), age));
      row.put("object", o);
      rows.add(row);
    }
    Map<String, Object> table = new java.util.LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("columnDefinitions", List.of(Map.of("name", "Name", "type", "string", "format", "name", "priority", 0),
        Map.of("name", "Age", "type", "string", "format", "", "priority", 0)));
    table.put("rows", rows);
    return table;
  }

  /** An age as kubectl prints it (apimachinery's duration.HumanDuration): 45s, 3m20s, 5h10m, 3d4h, 2y30d. */
  static String humanDuration(java.time.Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 60 * 2) return seconds + "s";
    long minutes = seconds / 60;
    if (minutes < 10) return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    if (minutes < 60 * 3) return minutes + "m";
    long hours = minutes / 60;
    if (hours < 8) return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    if (hours < 48) return hours + "h";
    if (hours < 24 * 8) return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
    if (hours < 24 * 365 * 2) return hours / 24 + "d";
    if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }
}
