package kubesteps.apply;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.cli.Environment;
import kubesteps.core.cli.OutputFileOption;
import kubesteps.core.cli.Session;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.io.OutputFiles;
import kubesteps.core.manifest.Manifest;
import kubesteps.core.manifest.Manifests;
import kubesteps.core.manifest.Substitutions;
import kubesteps.core.output.ObjectText;
import kubesteps.core.output.OutputFormat;
import kubesteps.core.output.Redaction;
import kubesteps.core.resource.Target;
import kubesteps.core.resource.Targets;
import kubesteps.core.status.Trees;
import kubesteps.core.time.Deadline;
import kubesteps.core.wait.WaitEngine;
import kubesteps.core.wait.WaitFlags;
import kubesteps.core.wait.WaitRequest;

/**
 * What a k8s-apply run needs, built from the flags: the objects (read, substituted, labelled, ordered) and the
 * settings. {@link #validate()} checks everything that needs no cluster; {@link #run} applies and reports.
 */
final class ApplyOptions {
  List<Manifest> objects;
  Map<String, String> labels;
  Map<String, String> annotations;
  ApplyMode mode;
  String fieldManager;
  boolean forceConflicts;
  DryRun dryRun;
  String owner;
  boolean ownerFromPod;
  Map.Entry<String, String> reuseLabel;
  String output;
  Path outputName;
  Path outputNamespace;
  Path outputUid;
  Path outputKind;
  Path outputManifest;
  Selection select;
  int selected;
  boolean showSecrets;
  Duration timeout;
  /** Requests in flight at most (--concurrency). */
  int concurrency;
  Environment environment;
  Deadline deadline;
  /** -o parsed; null: kubectl's lines. */
  OutputFormat format;
  /** --wait's flags, checked; null without --wait. */
  WaitFlags.Checked wait;
  boolean handleSignals;

  private ApplyOptions() {}

  static ApplyOptions from(ApplyCommand c, Environment environment) {
    ApplyOptions o = new ApplyOptions();
    o.mode = c.mode;
    o.fieldManager = c.fieldManager;
    o.forceConflicts = c.forceConflicts;
    o.dryRun = DryRun.parse(c.dryRun);
    o.owner = c.owner;
    o.ownerFromPod = c.ownerFromPod;
    o.output = c.output;
    o.outputName = c.outputName;
    o.outputNamespace = c.outputNamespace;
    o.outputUid = c.outputUid;
    o.outputKind = c.outputKind;
    o.outputManifest = c.outputManifest;
    o.showSecrets = c.showSecrets;
    o.concurrency = c.concurrency;
    o.timeout = c.timeout != null ? c.timeout : c.waitForObjects ? Duration.ZERO : Duration.ofMinutes(2);
    o.deadline = Deadline.after(o.timeout);
    o.handleSignals = c.handleSignals;
    List<String> waitOnly = c.waitFlags.given();
    if (!c.waitForObjects && !waitOnly.isEmpty()) {
      throw StepException.invalid(String.join(", ", waitOnly) + " goes with --wait");
    }
    if (c.waitForObjects) o.wait = c.waitFlags.check();
    o.environment = environment;
    o.labels = KeyValues.labels("--label", c.labels);
    o.annotations = KeyValues.parse("--annotation", c.annotations);
    if (c.reuseIfLabeled != null) {
      o.reuseLabel = KeyValues.labels("--reuse-if-labeled", List.of(c.reuseIfLabeled)).entrySet().iterator().next();
    }
    o.select = Selection.parse(c.select);
    List<String> sets = new ArrayList<>(c.sets);
    for (String text : c.setLines) sets.addAll(KeyValues.lines(text));
    if (Boolean.FALSE.equals(c.serverSide)) {
      throw StepException.invalid("--server-side=false: k8s-apply always applies server-side (client-side apply keeps"
          + " the whole object in an annotation; see README, Differences from kubectl)");
    }
    o.objects = read(c.filenames, c.manifests, sets, environment.stdin(), c.recursive);
    return o;
  }

  /** -f and --manifest texts, --set applied to each, parsed; every key of --set must have been used. */
  static List<Manifest> read(List<String> files, List<String> texts, List<String> sets, InputStream stdin) {
    return read(files, texts, sets, stdin, false);
  }

  /** {@link #read(List, List, List, InputStream)}; {@code recursive}: -R, subfolders of -f folders too. */
  static List<Manifest> read(List<String> files, List<String> texts, List<String> sets, InputStream stdin,
      boolean recursive) {
    if (files.isEmpty() && texts.isEmpty()) {
      throw StepException.invalid("must specify one of -f and --manifest");
    }
    Substitutions subs = Substitutions.parse(sets);
    List<Manifests.Text> all = new ArrayList<>(Manifests.texts(files, stdin, recursive));
    for (int i = 0; i < texts.size(); i++) {
      all.add(new Manifests.Text(texts.size() == 1 ? "--manifest" : "--manifest[" + (i + 1) + "]", texts.get(i)));
    }
    List<Manifest> out = new ArrayList<>();
    for (Manifests.Text t : all) out.addAll(Manifests.parse(subs.apply(t.content()), t.name()));
    subs.requireAllUsed();
    return out;
  }

  /** The -o formats, as kubectl apply lists them when another is asked for (no tables: apply prints no table). */
  static final List<String> FORMATS = List.of("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json",
      "jsonpath-file", "name", "template", "templatefile", "yaml");

  ApplyOptions validate() {
    if (output != null) {
      String kind = output.contains("=") ? output.substring(0, output.indexOf('=')) : output;
      if (!FORMATS.contains(kind)) {
        throw StepException.invalid("unable to match a printer suitable for the output format \"" + output
            + "\", allowed formats are: " + String.join(",", FORMATS));
      }
      format = OutputFormat.parse(output);
    }
    if (wait != null && dryRun != DryRun.NONE) throw StepException.invalid("--wait cannot wait for a dry run");
    if (owner != null && ownerFromPod) throw StepException.invalid("--owner and --owner-from-pod cannot be combined");
    if (fieldManager == null || fieldManager.isBlank()) throw StepException.invalid("--field-manager must not be empty");
    if (forceConflicts && mode != ApplyMode.apply) {
      throw StepException.invalid("--force-conflicts only applies to --mode=apply (server-side apply)");
    }
    if (concurrency < 1) throw StepException.invalid("--concurrency must be 1 or more, not " + concurrency);
    if (objects.isEmpty()) throw StepException.invalid("no objects passed to apply");
    for (Manifest m : objects) {
      boolean named = m.name() != null && !m.name().isEmpty();
      boolean generated = m.generateName() != null && !m.generateName().isEmpty();
      if (!named && !generated) {
        throw StepException.invalid(m.where() + ": " + m.kind() + ": metadata.name or metadata.generateName is required");
      }
      if (!named && mode == ApplyMode.replace) {
        throw StepException.invalid(m.where() + ": " + m.describe() + ": --mode=replace needs metadata.name"
            + " (an object with only generateName can only be created)");
      }
    }
    objects = Ordering.order(objects.stream().map(this::decorate).toList());
    selected = Selection.indexIn(select, objects);
    return this;
  }

  /** The object with --label, --annotation and the --reuse-if-labeled label added (the manifest's left alone). */
  private Manifest decorate(Manifest m) {
    if (labels.isEmpty() && annotations.isEmpty() && reuseLabel == null) return m;
    Map<String, Object> r = new LinkedHashMap<>(m.object());
    Map<String, Object> meta = new LinkedHashMap<>(Trees.map(r.get("metadata")));
    Map<String, Object> l = new LinkedHashMap<>(Trees.map(meta.get("labels")));
    l.putAll(labels);
    if (reuseLabel != null) l.put(reuseLabel.getKey(), reuseLabel.getValue());
    if (!l.isEmpty()) meta.put("labels", l);
    Map<String, Object> a = new LinkedHashMap<>(Trees.map(meta.get("annotations")));
    a.putAll(annotations);
    if (!a.isEmpty()) meta.put("annotations", a);
    r.put("metadata", meta);
    return m.with(r);
  }

  int run(Session session, OutputFileOption outputFile, PrintWriter stdout, PrintWriter err)
      throws InterruptedException {
    // --output-file gets exactly what is printed: the lines, the objects, the condition-met lines
    java.io.StringWriter printed = new java.io.StringWriter();
    PrintWriter out = outputFile.file() == null ? stdout : new PrintWriter(new java.io.Writer() {
      @Override
      public void write(char[] buf, int off, int len) {
        stdout.write(buf, off, len);
        printed.write(buf, off, len);
      }

      @Override
      public void flush() {
        stdout.flush();
      }

      @Override
      public void close() {
        stdout.flush();
      }
    }, true);
    int code = apply(session, out, err);
    out.flush();
    outputFile.write(printed.toString());
    return code;
  }

  private int apply(Session session, PrintWriter out, PrintWriter err) throws InterruptedException {
    List<Applier.Result> results = new Applier(session, this, deadline, out, err).run();
    List<Map<String, Object>> applied = results.stream().map(r -> shown(r.object(), showSecrets)).toList();
    // what was applied, whatever the wait brings
    writeOutputFiles(results.get(selected).object(), applied);
    if (wait == null) {
      if (format != null && !(format instanceof OutputFormat.Name)) print(applied, out);
      return ExitCode.OK.number;
    }
    List<Manifest> objects = results.stream().map(r -> r.source().with(r.object())).toList();
    List<Target> targets = Targets.of(session, objects, List.of(), null, false);
    WaitRequest request = new WaitRequest(targets, wait, timeout, null, null, false, handleSignals, format == null);
    WaitEngine.Result result = new WaitEngine(request).run(session.requests(), session::client, deadline, out, err);
    if (format != null) print(result.objects().values().stream().map(o -> shown(o, showSecrets)).toList(), out);
    return result.exitCode();
  }

  /** Prints the objects in the -o format (one object as itself, several as kubectl apply's List). */
  private void print(List<Map<String, Object>> objects, PrintWriter out) {
    if (objects.size() > 1 && format instanceof OutputFormat.Json) out.print(jsonList(objects));
    else out.print(format.print(objects.size() == 1 ? objects : List.of(list(objects)), true, true));
    out.flush();
  }

  /** {@link #list} as kubectl apply -o json writes it: the List's own fields in Go's order, each item as -o json. */
  static String jsonList(List<Map<String, Object>> objects) {
    StringBuilder sb = new StringBuilder("{\n    \"kind\": \"List\",\n    \"apiVersion\": \"v1\",\n"
        + "    \"metadata\": {},\n    \"items\": [\n");
    for (int i = 0; i < objects.size(); i++) {
      String item = kubesteps.core.output.ObjectText.json(objects.get(i)).stripTrailing();
      sb.append("        ").append(item.replace("\n", "\n        ")).append(i < objects.size() - 1 ? ",\n" : "\n");
    }
    return sb.append("    ]\n}\n").toString();
  }

  /**
   * Several objects as kubectl apply prints them: a List with empty metadata, in JSON its fields in the order of Go's
   * List type ({@code kind}, {@code apiVersion}, {@code metadata}, {@code items}; YAML sorts them). kubectl get's
   * List (k8s-get's) has {@code metadata.resourceVersion: ""}.
   */
  static Map<String, Object> list(List<Map<String, Object>> objects) {
    Map<String, Object> list = new java.util.LinkedHashMap<>();
    list.put("kind", "List");
    list.put("apiVersion", "v1");
    list.put("metadata", Map.of());
    list.put("items", new java.util.ArrayList<Object>(objects));
    return list;
  }

  /** An object as the tools show it: without metadata.managedFields (as kubectl), a Secret's values redacted. */
  static Map<String, Object> shown(Map<String, Object> object, boolean showSecrets) {
    Map<String, Object> tree = ObjectText.withoutManagedFields(object);
    return showSecrets ? tree : Redaction.apply(tree);
  }

  private void writeOutputFiles(Map<String, Object> chosen, List<Map<String, Object>> shown) {
    if (outputName != null) OutputFiles.write(outputName, nonNull(Trees.string(chosen, "metadata", "name")));
    if (outputNamespace != null) OutputFiles.write(outputNamespace, nonNull(Trees.string(chosen, "metadata", "namespace")));
    if (outputUid != null) OutputFiles.write(outputUid, nonNull(Trees.string(chosen, "metadata", "uid")));
    if (outputKind != null) OutputFiles.write(outputKind, Trees.string(chosen, "kind"));
    if (outputManifest != null) OutputFiles.write(outputManifest, Printer.documents(shown));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
