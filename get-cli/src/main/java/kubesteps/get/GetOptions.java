package kubesteps.get;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.cli.ConnectionOptions;
import kubesteps.core.cli.Environment;
import kubesteps.core.cli.OutputFileOption;
import kubesteps.core.cli.Session;
import kubesteps.core.error.ErrorText;
import kubesteps.core.jsonpath.GoJson;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.manifest.Manifests;
import kubesteps.core.output.ObjectText;
import kubesteps.core.output.OutputFormat;
import kubesteps.core.output.Redaction;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.ApiWatch;
import kubesteps.core.resource.ListPager;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.resource.RelistPause;
import kubesteps.core.resource.ResourceRef;
import kubesteps.core.resource.ResourceType;
import kubesteps.core.resource.Target;
import kubesteps.core.resource.Targets;
import kubesteps.core.retry.Retries;
import kubesteps.core.status.Trees;
import kubesteps.core.time.Deadline;

/**
 * What a k8s-get run needs, checked before any API call ({@link #validate}), and the run itself: resolve the types,
 * fetch, redact secrets, print; with {@code watch}, print again on every change until the deadline.
 */
final class GetOptions {
  final List<ResourceRef> refs;
  final List<Path> files;
  final OutputFormat format;
  final boolean allowMissingKeys;
  final String labelSelector;
  final String fieldSelector;
  final boolean allNamespaces;
  final boolean ignoreNotFound;
  final boolean watch;
  /** --watch-only: the watch without the first print. */
  final boolean watchOnly;
  /** Set by Main: a watch ends with exit 0 on Ctrl-C or SIGTERM, as kubectl's. */
  final boolean handleSignals;
  final boolean showSecrets;
  final boolean showManagedFields;
  final boolean noHeaders;
  final boolean quiet;
  final long chunkSize;
  final Deadline deadline;
  /** --sort-by, or null. */
  final SortBy sortBy;
  /** -L: label keys shown as columns of the table. */
  final List<String> labelColumns;
  final boolean showKind;
  /** --subresource (status, scale): read that of each named object, or null. */
  final String subresource;
  /** --output-watch-events: each change printed as a watch event (its type and the object). */
  final boolean outputWatchEvents;
  private final InputStream stdin;
  /**
   * The Secret keys a JSONPath template or custom column names one by one ({@code {.data.password}}): their values
   * are printed, as kubectl prints them, since the user asked for them by name; json, yaml, whole {@code {.data}} and
   * wildcards stay redacted (output a pipeline keeps in its logs), unless --show-secrets.
   */
  private final java.util.Set<String> namedSecretKeys;
  /** Column widths per type (null: custom columns), kept across a watch as kubectl's tabwriter keeps them. */
  private final Map<ResourceType, TextTable> tables = new HashMap<>();

  @SuppressWarnings("checkstyle:ParameterNumber")
  GetOptions(List<ResourceRef> refs, List<Path> files, OutputFormat format, boolean allowMissingKeys,
      String labelSelector, String fieldSelector, boolean allNamespaces, boolean ignoreNotFound, boolean watch,
      boolean showSecrets, boolean showManagedFields, boolean noHeaders, boolean quiet, long chunkSize, Deadline deadline,
      InputStream stdin, SortBy sortBy, List<String> labelColumns, boolean showKind, boolean watchOnly,
      boolean handleSignals, String subresource, boolean outputWatchEvents) {
    this.subresource = subresource;
    this.outputWatchEvents = outputWatchEvents;
    this.watchOnly = watchOnly;
    this.handleSignals = handleSignals;
    this.sortBy = sortBy;
    java.util.Set<String> named = new java.util.TreeSet<>();
    List<kubesteps.core.jsonpath.JsonPathTemplate> templates = format instanceof OutputFormat.JsonPath jp
        ? List.of(jp.template()) : format instanceof OutputFormat.CustomColumns cc
        ? cc.columns().stream().map(OutputFormat.Column::path).toList() : List.of();
    for (var t : templates) {
      named.addAll(t.namedKeysAfter("data"));
      named.addAll(t.namedKeysAfter("stringData"));
    }
    if (format instanceof OutputFormat.GoTemplateOutput gt) named.addAll(goTemplateSecretKeys(gt.template().text()));
    this.namedSecretKeys = java.util.Set.copyOf(named);
    this.labelColumns = List.copyOf(labelColumns);
    this.showKind = showKind;
    this.refs = refs;
    this.files = files;
    this.format = format;
    this.allowMissingKeys = allowMissingKeys;
    this.labelSelector = labelSelector;
    this.fieldSelector = fieldSelector;
    this.allNamespaces = allNamespaces;
    this.ignoreNotFound = ignoreNotFound;
    this.watch = watch;
    this.showSecrets = showSecrets;
    this.showManagedFields = showManagedFields;
    this.noHeaders = noHeaders;
    this.quiet = quiet;
    this.chunkSize = chunkSize;
    this.deadline = deadline;
    this.stdin = stdin;
  }

  static GetOptions validate(GetCommand c, Environment environment) {
    if (!c.files.isEmpty() && !c.resources.isEmpty()) {
      throw StepException.invalid("give resources either as arguments or with -f, not both");
    }
    List<ResourceRef> refs = c.files.isEmpty() ? ResourceRef.parse(c.resources) : List.of();
    OutputFormat format = OutputFormat.parse(c.output);
    if (c.showLabels && format instanceof OutputFormat.Table t) format = new OutputFormat.Table(t.wide(), true);
    boolean named = !c.files.isEmpty() || refs.stream().anyMatch(r -> r.name() != null);
    if (named && (c.selector != null || c.fieldSelector != null)) {
      throw StepException.invalid("name cannot be provided when a selector is specified");
    }
    if (named && c.allNamespaces) {
      throw StepException.invalid("a resource cannot be retrieved by name across all namespaces");
    }
    if ((c.watch || c.watchOnly) && refs.stream().map(ResourceRef::type).distinct().count() > 1) {
      throw StepException.invalid("watch is only supported on one resource type at a time");
    }
    if (c.chunkSize < 0) throw StepException.invalid("--chunk-size must not be negative (0: one request)");
    if (c.outputWatchEvents && !(c.watch || c.watchOnly)) {
      throw StepException.invalid("--output-watch-events option can only be used with --watch or --watch-only");
    }
    String subresource = c.subresource == null || c.subresource.isEmpty() ? null : c.subresource;
    if (subresource != null && !named) {
      throw StepException.invalid("subresource cannot be used when bulk resources are specified");
    }
    if (subresource != null && (c.watch || c.watchOnly)) {
      throw StepException.invalid("--subresource cannot be used with --watch or --watch-only");
    }
    if (c.quiet && c.outputFile.file() == null) {
      throw StepException.invalid("-q/--quiet prints nothing: give --output-file to keep the result");
    }
    return new GetOptions(refs, List.copyOf(c.files), format, c.allowMissingTemplateKeys, c.selector, c.fieldSelector,
        c.allNamespaces, c.ignoreNotFound, c.watch || c.watchOnly, c.showSecrets, c.showManagedFields, c.noHeaders,
        c.quiet, c.chunkSize,
        Deadline.after(c.timeout), environment.stdin(), c.sortBy == null || c.sortBy.isEmpty() ? null
            : SortBy.parse(c.sortBy), c.labelColumns.stream().map(String::strip).filter(l -> !l.isEmpty()).toList(),
        c.showKind, c.watchOnly, c.handleSignals, subresource, c.outputWatchEvents);
  }

  private static final java.util.regex.Pattern GO_TEMPLATE_KEY = java.util.regex.Pattern.compile(
      "\\.(?:data|stringData)\\.([A-Za-z0-9_]+)|index\\s+\\.(?:data|stringData)\\s+\"([^\"]+)\"");

  /**
   * The Secret keys a go-template names one by one: {@code .data.password}, {@code index .data "tls.crt"} (as for
   * JSONPath, what the user asked for by name is printed).
   */
  static java.util.Set<String> goTemplateSecretKeys(String template) {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    var m = GO_TEMPLATE_KEY.matcher(template);
    while (m.find()) keys.add(m.group(1) != null ? m.group(1) : m.group(2));
    return keys;
  }

  /**
   * fabric8's HTTP client alone, for reads and watches alike (ApiRequests, ApiWatch): k8s-get never needs the whole
   * client, whose jars its image leaves out (get-cli/pom.xml).
   */
  Session session(ConnectionOptions connection, Environment environment) {
    return Session.forReads(connection, environment, deadline);
  }

  int run(Session session, OutputFileOption outputFile, PrintWriter out, PrintWriter err) {
    List<Target> targets = targets(session);
    ApiReader api = new ApiReader(session.requests(), deadline);
    Output output = new Output(out, outputFile, quiet);
    if (streams(targets)) return stream(api, targets, output, err);
    List<String> notFound = new ArrayList<>();
    Fetched fetched = fetch(api, targets, notFound);
    String text = watchOnly ? "" : outputWatchEvents && !(format instanceof OutputFormat.Table)
        ? initialEvents(fetched) : print(fetched, targets);
    // a watch prints one line per change for jsonpath: the first print too
    if (watch && format instanceof OutputFormat.JsonPath && !text.isEmpty() && !text.endsWith("\n")) text += "\n";
    output.print(text);
    boolean onlyLists = targets.stream().allMatch(t -> t.name() == null);
    if (text.isEmpty() && onlyLists && notFound.isEmpty() && !watchOnly
        && !(format instanceof OutputFormat.Json || format instanceof OutputFormat.Yaml)) {
      noResources(targets.get(0), err);
    }
    if (!notFound.isEmpty()) {
      // as kubectl: each "Error from server (NotFound): ..." line as it is, after what was found
      for (String line : notFound) err.println(line);
      err.flush();
      output.finish();
      return ExitCode.NOT_FOUND.number;
    }
    if (watch) {
      // Ctrl-C or SIGTERM ends a watch as kubectl's: what was printed stays, exit 0 (not the JVM's 130)
      Thread hook = handleSignals ? new Thread(() -> {
        out.flush();
        Runtime.getRuntime().halt(ExitCode.OK.number);
      }, "k8s-get-watch-interrupted") : null;
      if (hook != null) Runtime.getRuntime().addShutdownHook(hook);
      try {
        watch(session.requests(), api, targets.get(0), fetched, output);
      } finally {
        if (hook != null) {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // the hook runs
          }
        }
      }
    }
    output.finish();
    return ExitCode.OK.number;
  }

  /**
   * Whether the output is printed chunk by chunk as the lists come, not once the whole is read, so that memory does
   * not grow with the list: lists only, no watch, and a format whose text for a list is its text for each part one
   * after another (name; a JSONPath template that is one {@code {range .items[*]}...{end}}).
   */
  private boolean streams(List<Target> targets) {
    if (watch || sortBy != null || targets.stream().anyMatch(t -> t.name() != null)) return false;
    return format instanceof OutputFormat.Name
        || format instanceof OutputFormat.JsonPath jp && jp.template().rangesOverItems();
  }

  private int stream(ApiReader api, List<Target> targets, Output output, PrintWriter err) {
    boolean[] printed = new boolean[1];
    for (Target t : targets) {
      api.listEach(t.type(), t.namespace(), labelSelector, fieldSelector, chunkSize, items -> {
        if (items.isEmpty()) return;
        List<Map<String, Object>> shown = items.stream().map(this::redact).toList();
        String text = format.print(shown, false, allowMissingKeys);
        printed[0] |= !text.isEmpty();
        output.print(text);
      });
    }
    if (!printed[0]) noResources(targets.get(0), err);
    output.finish();
    return ExitCode.OK.number;
  }

  /** kubectl's note on stderr for lists that came back empty. */
  private static void noResources(Target t, PrintWriter err) {
    err.println(t.namespace() == null ? "No resources found" : "No resources found in " + t.namespace() + " namespace.");
    err.flush();
  }

  /** What to fetch: objects by name or lists (name null); namespace null for all namespaces or cluster-scoped. */
  private List<Target> targets(Session session) {
    List<Manifest> manifests = files.isEmpty() ? List.of()
        : Manifests.read(files.stream().map(Path::toString).toList(), stdin);
    if (!files.isEmpty() && manifests.isEmpty()) throw StepException.invalid("no objects passed to get in " + files);
    List<Target> targets = Targets.of(session, manifests, refs, null, allNamespaces);
    if (watch && targets.stream().map(Target::type).distinct().count() > 1) {
      throw StepException.invalid("watch is only supported on one resource type at a time");
    }
    for (Target t : targets) {
      ResourceType type = t.type();
      if (!type.verbs().isEmpty() && !type.verbs().contains(t.name() == null ? "list" : "get")) {
        throw StepException.invalid("the server does not allow this method on the requested resource: "
            + type.qualifiedPlural());
      }
    }
    return targets;
  }

  private boolean table() {
    return format instanceof OutputFormat.Table;
  }

  /** What was fetched: objects (named ones and list items) or, for the table, one Table per target. */
  record Fetched(List<Map<String, Object>> objects, List<Map<String, Object>> tables, List<Target> tableTargets,
      String resourceVersion) {}

  private Fetched fetch(ApiReader api, List<Target> targets, List<String> notFound) {
    List<Map<String, Object>> objects = new ArrayList<>();
    List<Map<String, Object>> tables = new ArrayList<>();
    List<Target> tableTargets = new ArrayList<>();
    String rv = null;
    for (Target t : targets) {
      if (t.name() != null && subresource != null) {
        // the server's own words when there is no such object or subresource, as kubectl prints them
        Map<String, Object> got;
        try {
          got = api.subresource(t.type(), t.namespace(), t.name(), subresource, table());
          if (table() && !"Table".equals(got.get("kind"))) got = Printers.defaultTable(got, java.time.Instant.now());
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) throw e;
          if (!ignoreNotFound) {
            notFound.add("Error from server (NotFound): " + (e.getStatus() != null && e.getStatus().getMessage()
                != null ? e.getStatus().getMessage() : "the server could not find the requested resource"));
          }
          continue;
        }
        if (table()) {
          tables.add(got);
          tableTargets.add(t);
        } else {
          objects.add(redact(got));
        }
      } else if (t.name() != null) {
        Map<String, Object> got = api.get(t.type(), t.namespace(), t.name(), table(), sortBy != null);
        if (got == null) {
          if (!ignoreNotFound) {
            notFound.add("Error from server (NotFound): " + t.type().qualifiedPlural() + " \"" + t.name()
                + "\" not found");
          }
          continue;
        }
        if (table()) {
          tables.add(got);
          tableTargets.add(t);
          rv = tableResourceVersion(got, true);
        } else {
          objects.add(redact(got));
          rv = Printers.metadata(got, "resourceVersion");
        }
      } else {
        Map<String, Object> list = api.list(t.type(), t.namespace(), labelSelector, fieldSelector, table(), chunkSize,
            sortBy != null);
        rv = Printers.metadata(list, "resourceVersion");
        if (table()) {
          tables.add(list);
          tableTargets.add(t);
        } else if (list.get("items") instanceof List<?> items) {
          for (Object i : items) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) i;
            objects.add(redact(item));
          }
        }
      }
    }
    return new Fetched(objects, tables, tableTargets, rv);
  }

  @SuppressWarnings("unchecked")
  private static String tableResourceVersion(Map<String, Object> table, boolean single) {
    if (single && table.get("rows") instanceof List<?> rows && !rows.isEmpty()
        && ((Map<String, Object>) rows.get(0)).get("object") instanceof Map<?, ?> o) {
      return Printers.metadata((Map<String, Object>) o, "resourceVersion");
    }
    return Printers.metadata(table, "resourceVersion");
  }

  /** What every printer sees: secrets redacted, and (for json and yaml, as kubectl) no managedFields. */
  private Map<String, Object> redact(Map<String, Object> obj) {
    Map<String, Object> o = showSecrets ? obj : Redaction.apply(obj, namedSecretKeys);
    if (!showManagedFields && (format instanceof OutputFormat.Json || format instanceof OutputFormat.Yaml)) {
      o = ObjectText.withoutManagedFields(o);
    }
    return o;
  }

  private String print(Fetched f, List<Target> targets) {
    boolean single = targets.size() == 1 && targets.get(0).name() != null && f.objects().size() == 1;
    if (format instanceof OutputFormat.Table t) {
      Map<ResourceType, List<Integer>> byType = new LinkedHashMap<>();
      for (int i = 0; i < f.tables().size(); i++) {
        byType.computeIfAbsent(f.tableTargets().get(i).type(), k -> new ArrayList<>()).add(i);
      }
      long types = targets.stream().map(Target::type).distinct().count();
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<ResourceType, List<Integer>> e : byType.entrySet()) {
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i : e.getValue()) parts.add(f.tables().get(i));
        // --sort-by orders a type's rows (of all its tables: named objects and lists) by the objects they carry
        if (sortBy != null) parts = List.of(sortedRows(parts));
        List<List<String>> rows = new ArrayList<>();
        boolean header = !noHeaders;
        for (Map<String, Object> part : parts) {
          List<List<String>> printed = withEvent(Printers.tableRows(part, t, header, allNamespaces,
              types > 1 || showKind ? kindName(e.getKey()) : null, labelColumns), header, Watcher.Action.ADDED);
          if (!printed.isEmpty() && header) header = false;
          rows.addAll(printed);
        }
        if (rows.isEmpty()) continue;
        if (sb.length() > 0) sb.append('\n');
        sb.append(tables.computeIfAbsent(e.getKey(), k -> new TextTable()).render(rows));
      }
      return sb.toString();
    }
    List<Map<String, Object>> objs = sortBy == null ? f.objects() : sortBy.sort(f.objects(), o -> o);
    if (format.printsObjects()) return format.print(objs, single, allowMissingKeys);
    OutputFormat.CustomColumns cc = (OutputFormat.CustomColumns) format;
    List<List<String>> rows = new ArrayList<>();
    if (!noHeaders && !objs.isEmpty()) rows.add(Printers.customHeader(cc));
    for (Map<String, Object> o : objs) rows.add(Printers.customRow(cc, o));
    return rows.isEmpty() ? "" : tables.computeIfAbsent(null, k -> new TextTable()).render(rows);
  }

  /** --output-watch-events: the objects as they are first, each as an ADDED event (kubectl's initial events). */
  private String initialEvents(Fetched f) {
    StringBuilder sb = new StringBuilder();
    boolean[] printedYaml = {false};
    Fetched none = new Fetched(List.of(), List.of(), List.of(), null);
    for (Map<String, Object> o : sortBy == null ? f.objects() : sortBy.sort(f.objects(), x -> x)) {
      sb.append(eventText(null, null, o, Watcher.Action.ADDED, null, none, printedYaml));
    }
    return sb.toString();
  }

  /** One table of the rows of {@code tables} (one type's), in --sort-by's order of the objects the rows carry. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> sortedRows(List<Map<String, Object>> tables) {
    List<Object> rows = new ArrayList<>();
    for (Map<String, Object> t : tables) {
      if (t.get("rows") instanceof List<?> l) rows.addAll(l);
    }
    Map<String, Object> one = new LinkedHashMap<>(tables.get(0));
    one.put("rows", sortBy.sort(rows, r -> r instanceof Map<?, ?> m ? m.get("object") : null));
    return one;
  }

  private static String kindName(ResourceType t) {
    return t.typeName();
  }

  // --- watch

  /**
   * Prints every change after the first print, until the deadline. Whenever the watch ends (410 Gone in any form,
   * closed by the server, a reset connection, the server restarting), the target is listed again and watched from
   * that list's resourceVersion: what changed meanwhile is printed from the list (added, changed, or deleted as its
   * last version), nothing that was printed already and has not changed since.
   */
  private void watch(ApiRequests requests, ApiReader api, Target t, Fetched initial, Output output) {
    Map<String, Map<String, Object>> shown = new LinkedHashMap<>();
    for (Map<String, Object> o : initial.objects()) shown.put(key(o), o);
    for (Map<String, Object> table : initial.tables()) {
      if (table.get("rows") instanceof List<?> rows) {
        for (Object row : rows) {
          if (Trees.map(row).get("object") instanceof Map<?, ?> o) shown.put(key(Trees.map(o)), Trees.map(o));
        }
      }
    }
    Map<String, List<Object>> lastRows = new HashMap<>();
    boolean[] printedYaml = {!initial.objects().isEmpty()};
    String rv = initial.resourceVersion();
    RelistPause relistPause = new RelistPause();
    while (true) {
      String query = ListPager.query(labelSelector, t.name() != null ? "metadata.name=" + t.name() : fieldSelector,
          0, null, "watch=true", "resourceVersion=" + ApiRequests.encode(rv), "allowWatchBookmarks=true",
          "timeoutSeconds=" + WATCH_SECONDS);
      boolean events = false;
      long started = System.nanoTime();
      try (ApiWatch w = requests.watch(t.type().path(t.namespace()) + query)) {
        while (true) {
          ApiWatch.Event e;
          try {
            e = deadline.bounded() ? w.poll(deadline.remaining().toMillis()) : w.take();
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StepException(ExitCode.INTERRUPTED, "interrupted");
          }
          if (e == null) return; // --timeout: the watch ends as asked
          if (e.ended()) {
            KubernetesClientException x = e.error();
            if (e.end() == ApiWatch.End.REFUSED && !Retries.isTransient(x) && x.getCode() != 500) {
              throw new StepException(ErrorText.exitCode(x), "the watch was refused: " + ErrorText.oneLine(x), x);
            }
            break; // list again
          }
          events = true;
          Map<String, Object> obj = redact(e.object());
          String version = Printers.metadata(obj, "resourceVersion");
          if (version != null && !version.isEmpty()) rv = version;
          if ("BOOKMARK".equals(e.type())) continue;
          Watcher.Action action = Watcher.Action.valueOf(e.type());
          if (action == Watcher.Action.DELETED) shown.remove(key(obj));
          else shown.put(key(obj), obj);
          output.print(eventText(api, t, obj, action, lastRows, initial, printedYaml));
        }
      }
      if (deadline.expired()) return;
      pause(relistPause.afterWatch(events, started, System.nanoTime()));
      try {
        rv = relist(t, api, shown, lastRows, initial, printedYaml, output);
      } catch (StepException e) {
        if (e.code() == ExitCode.TIMEOUT && deadline.expired()) return; // --timeout ends a watch, exit 0
        throw e;
      }
    }
  }

  /** How long the server keeps one watch open; then it is listed again. */
  static final int WATCH_SECONDS = 300;

  private void pause(long millis) {
    try {
      Thread.sleep(Math.max(0, Math.min(millis, deadline.remaining().toMillis())));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new StepException(ExitCode.INTERRUPTED, "interrupted");
    }
  }

  /**
   * The target listed again (retried while the server cannot be reached, within the deadline): what differs from
   * what was printed is printed as a watch would have shown it; returns the list's resourceVersion.
   */
  private String relist(Target t, ApiReader api, Map<String, Map<String, Object>> shown,
      Map<String, List<Object>> lastRows, Fetched initial, boolean[] printedYaml, Output output) {
    Map<String, Map<String, Object>> now = new LinkedHashMap<>();
    Map<String, Object> list = api.patient().list(t.type(), t.namespace(), labelSelector,
        t.name() != null ? "metadata.name=" + t.name() : fieldSelector, false, chunkSize);
    if (list.get("items") instanceof List<?> items) {
      for (Object i : items) now.put(key(Trees.map(i)), redact(Trees.map(i)));
    }
    for (Map.Entry<String, Map<String, Object>> gone : new ArrayList<>(shown.entrySet())) {
      if (!now.containsKey(gone.getKey())) {
        shown.remove(gone.getKey());
        output.print(eventText(api, t, gone.getValue(), Watcher.Action.DELETED, lastRows, initial, printedYaml));
      }
    }
    for (Map.Entry<String, Map<String, Object>> e : now.entrySet()) {
      Map<String, Object> before = shown.put(e.getKey(), e.getValue());
      if (before != null && java.util.Objects.equals(Printers.metadata(before, "resourceVersion"),
          Printers.metadata(e.getValue(), "resourceVersion"))) {
        continue;
      }
      output.print(eventText(api, t, e.getValue(), before == null ? Watcher.Action.ADDED : Watcher.Action.MODIFIED,
          lastRows, initial, printedYaml));
    }
    return Printers.metadata(list, "resourceVersion");
  }

  /** namespace/name: which object a change is of. */
  private static String key(Map<String, Object> obj) {
    return Printers.metadata(obj, "namespace") + "/" + Printers.metadata(obj, "name");
  }

  /** The text a change prints in the chosen format. */
  private String eventText(ApiReader api, Target t, Map<String, Object> obj, Watcher.Action action,
      Map<String, List<Object>> lastRows, Fetched initial, boolean[] printedYaml) {
    if (format instanceof OutputFormat.Table tf) return watchRow(api, t, tf, obj, action, lastRows);
    if (format instanceof OutputFormat.Name) return ObjectText.name(obj) + "\n";
    if (outputWatchEvents) {
      // --output-watch-events: the event, as kubectl prints a metav1.WatchEvent: JSON on one line, type first;
      // YAML with its keys in order (object, type); templates and columns read the event ({.type}, {.object...})
      if (format instanceof OutputFormat.Json) {
        return "{\"type\":" + GoJson.compact(action.name()) + ",\"object\":" + GoJson.compact(obj) + "}\n";
      }
      Map<String, Object> event = new LinkedHashMap<>();
      if (format instanceof OutputFormat.Yaml) {
        event.put("object", obj);
        event.put("type", action.name());
      } else {
        event.put("type", action.name());
        event.put("object", obj);
      }
      obj = event;
    }
    if (format instanceof OutputFormat.Json) return ObjectText.json(obj);
    if (format instanceof OutputFormat.Yaml) {
      String text = (printedYaml[0] ? "---\n" : "") + ObjectText.yaml(obj);
      printedYaml[0] = true;
      return text;
    }
    if (format instanceof OutputFormat.GoTemplateOutput gt) return gt.print(obj, allowMissingKeys);
    if (format instanceof OutputFormat.JsonPath jp) {
      String text = jp.print(obj, allowMissingKeys);
      return text.endsWith("\n") ? text : text + "\n";
    }
    OutputFormat.CustomColumns cc = (OutputFormat.CustomColumns) format;
    List<List<String>> rows = new ArrayList<>();
    if (initial.objects().isEmpty() && tables.get(null) == null && !noHeaders) rows.add(Printers.customHeader(cc));
    rows.add(Printers.customRow(cc, obj));
    return tables.computeIfAbsent(null, k -> new TextTable()).render(rows);
  }

  /** With --output-watch-events, the rows with kubectl's EVENT column first (the header's, when there is one). */
  private List<List<String>> withEvent(List<List<String>> rows, boolean header, Watcher.Action action) {
    if (!outputWatchEvents || rows.isEmpty()) return rows;
    List<List<String>> with = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      List<String> row = new ArrayList<>();
      row.add(i == 0 && header ? "EVENT" : action.name());
      row.addAll(rows.get(i));
      with.add(row);
    }
    return with;
  }

  /** A table row for a changed object: the server renders it again (the last row again for a deletion). */
  @SuppressWarnings("unchecked")
  private String watchRow(ApiReader api, Target t, OutputFormat.Table tf, Map<String, Object> obj,
      Watcher.Action action, Map<String, List<Object>> lastRows) {
    String name = Printers.metadata(obj, "name");
    String ns = Printers.metadata(obj, "namespace");
    String key = ns + "/" + name;
    Map<String, Object> table = null;
    if (action != Watcher.Action.DELETED) table = api.get(t.type(), ns, name, true);
    if (table == null) {
      if (!lastRows.containsKey(key)) return "";
      table = new LinkedHashMap<>();
      table.put("columnDefinitions", lastRows.get(key).get(0));
      table.put("rows", List.of(lastRows.get(key).get(1)));
    } else if (table.get("rows") instanceof List<?> rows && !rows.isEmpty()) {
      lastRows.put(key, List.of(table.get("columnDefinitions"), rows.get(0)));
    }
    boolean header = tables.get(t.type()) == null && !noHeaders;
    List<List<String>> rows = withEvent(Printers.tableRows(table, tf, header, allNamespaces,
        showKind ? kindName(t.type()) : null, labelColumns), header, action);
    return rows.isEmpty() ? "" : tables.computeIfAbsent(t.type(), k -> new TextTable()).render(rows);
  }

  /** stdout (unless -q) and the output file, which holds everything printed so far. */
  static final class Output {
    private final PrintWriter out;
    private final OutputFileOption file;
    private final boolean quiet;
    private final StringBuilder all = new StringBuilder();
    private boolean written;

    Output(PrintWriter out, OutputFileOption file, boolean quiet) {
      this.out = out;
      this.file = file;
      this.quiet = quiet;
    }

    void print(String text) {
      if (file.file() != null) all.append(text); // only the file needs what was printed before
      if (!quiet) {
        out.print(text);
        out.flush();
      }
      if (written || !text.isEmpty()) {
        file.write(all.toString());
        written = true;
      }
    }

    void finish() {
      if (!written) file.write(all.toString());
    }
  }
}
