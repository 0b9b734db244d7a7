package kubesteps.e2e;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.components.ComponentSpec;
import kubesteps.components.KfpBackend;

/**
 * A Kubeflow Pipelines v2 component ({@code component-specs/TOOL/component.yaml}) turned into a container's command
 * line as a KFP v2 backend from 2.17 does (driver, then launcher: {@link KfpBackend}), outputs under
 * {@code /tmp/outputs}, where the step pod's sidecar reads them.
 */
record Component(String name, String image, List<String> command, List<String> args) {
  static final String OUTPUTS = "/tmp/outputs";
  static final KfpBackend BACKEND = KfpBackend.V2_FROM_2_17;

  static Path file(String tool) {
    return BACKEND.spec(LocalNode.ROOT, tool);
  }

  /**
   * The component's command line for these inputs, given as text the way a pipeline writes them (a Boolean input's
   * {@code "true"} is the Boolean a pipeline passes).
   */
  static Component resolve(String tool, Map<String, String> inputs) {
    ComponentSpec spec = ComponentSpec.read(file(tool));
    Map<String, Object> typed = new LinkedHashMap<>();
    inputs.forEach((k, v) -> {
      ComponentSpec.Input in = spec.inputs().get(k);
      typed.put(k, in != null && "Boolean".equals(in.type()) ? (Object) Boolean.parseBoolean(v) : v);
    });
    List<String> line = BACKEND.commandLine(spec, typed, Path.of(OUTPUTS), Path.of(System.getProperty("java.io.tmpdir")));
    int n = spec.command().size();
    return new Component(spec.name(), spec.image(), line.subList(0, n), line.subList(n, line.size()));
  }

  /** Where the backend has the step write an output. */
  static String outputPath(String output) {
    return BACKEND.outputFile(Path.of(OUTPUTS), output).toString();
  }
}
