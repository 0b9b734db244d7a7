package kubesteps.components;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubeflow Pipelines backends a component must run on, each turning a task of a compiled pipeline into the
 * container's command line as that backend does (the rules, and the files and functions they were read from, are in
 * {@link KfpV1Compiler}, {@link KfpV2Launcher} and {@link KfpV2Driver}; the compiled form in {@link KfpV2Compiler}).
 * A construct the backend cannot resolve throws {@link TaskFailed}.
 */
public enum KfpBackend {
  /** KFP v1 on Argo: everything resolved when the SDK v1 compiles the pipeline. Runs component-kfp-v1.yaml. */
  V1("component-kfp-v1.yaml"),
  /** KFP v2 backends up to 2.16: the launcher alone (defaults, then string replacement). Runs component.yaml. */
  V2_UP_TO_2_16("component.yaml"),
  /** KFP v2 backends from 2.17: the driver (IfPresent, the task's own inputs), then the launcher. */
  V2_FROM_2_17("component.yaml");

  /** Where KFP v1 on Argo has a step write an output, and where the v2 driver puts it. */
  public static final String V1_OUTPUTS = "/tmp/outputs";
  public static final String V2_OUTPUTS = "/tmp/kfp/outputs";

  private final String specFile;

  KfpBackend(String specFile) {
    this.specFile = specFile;
  }

  /** The spec file of a tool this backend runs ({@code component-specs/TOOL/FILE}). */
  public Path spec(Path root, String tool) {
    return root.resolve("component-specs").resolve(tool).resolve(specFile);
  }

  public String specFile() {
    return specFile;
  }

  /** The file an output goes to under {@code outputsRoot} (the backend's folder, or a test's stand-in for it). */
  public Path outputFile(Path outputsRoot, String output) {
    return this == V1 ? outputsRoot.resolve(output).resolve("data") : outputsRoot.resolve(output);
  }

  /** A short name for test names and messages: v1, v2<=2.16, v2>=2.17. */
  public String label() {
    return switch (this) {
      case V1 -> "v1";
      case V2_UP_TO_2_16 -> "v2<=2.16";
      case V2_FROM_2_17 -> "v2>=2.17";
    };
  }

  /** A name usable in Kubernetes object names: v1, v2-216, v2-217. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace("_up_to_2_16", "-216").replace("_from_2_17", "-217");
  }

  /**
   * The command line (command then args) of a task running this component with these inputs (typed as a pipeline
   * passes them: String, Boolean, Long, Double), its outputs written under {@code outputsRoot}.
   */
  public List<String> commandLine(ComponentSpec spec, Map<String, ?> taskInputs, Path outputsRoot, Path scratch) {
    Map<String, Path> outputs = new LinkedHashMap<>();
    for (String o : spec.outputs().keySet()) outputs.put(o, outputFile(outputsRoot, o));
    if (this == V1) return KfpV1Compiler.resolve(spec, taskInputs, outputs, scratch);

    return commandLine(KfpV2Compiler.compile(spec), taskInputs, outputsRoot);
  }

  /** A v2 backend's command line for a component as the SDK v2 compiled it (from a spec, or from a pipeline's IR). */
  public List<String> commandLine(KfpV2Compiler.CompiledComponent c, Map<String, ?> taskInputs, Path outputsRoot) {
    if (this == V1) throw new IllegalArgumentException("KFP v1 runs the component spec, not the compiled form");
    Map<String, Object> given = new LinkedHashMap<>(taskInputs);
    for (var e : c.inputs().entrySet()) {
      // the SDK refuses a task without a required input; it never gets to a backend
      if (!given.containsKey(e.getKey()) && !e.getValue().optional()) {
        throw new IllegalArgumentException(c.name() + ": input " + e.getKey() + " is required");
      }
    }
    for (String n : given.keySet()) {
      if (!c.inputs().containsKey(n)) throw new IllegalArgumentException(c.name() + " has no input " + n);
    }
    List<String> line = new ArrayList<>(c.command());
    line.addAll(c.args());
    if (this == V2_FROM_2_17) {
      // initPodSpecPatch resolves the command and the args separately
      line = new ArrayList<>(KfpV2Driver.resolve(c.command(), given));
      line.addAll(KfpV2Driver.resolve(c.args(), given));
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (String o : c.outputs()) files.put(o, outputFile(outputsRoot, o).toString());
    Map<String, Object> executorInput = KfpV2Launcher.executorInput(c, given, files,
        outputsRoot.resolve("output_metadata.json").toString());
    return KfpV2Launcher.resolve(line, executorInput);
  }
}
