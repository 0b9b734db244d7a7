package kubesteps.components;

import java.util.List;
import java.util.function.Supplier;
import kubesteps.core.cli.ComponentInput;
import kubesteps.core.cli.ComponentInputs;
import kubesteps.core.cli.Environment;
import picocli.CommandLine;

/** The three tools as the images run them: image name, main class, and the picocli command behind it. */
record Tool(String name, String main, Supplier<Object> command) {
  static final List<Tool> ALL = List.of(
      new Tool("k8s-apply", "kubesteps.apply.Main", kubesteps.apply.ApplyCommand::new),
      new Tool("k8s-get", "kubesteps.get.Main", kubesteps.get.GetCommand::new),
      new Tool("k8s-wait", "kubesteps.wait.Main", kubesteps.wait.WaitCommand::new));

  /** The tool a command line runs: its last element before the args is the main class (the image's entrypoint). */
  static Tool byMain(String main) {
    return ALL.stream().filter(t -> t.main.equals(main)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tool has main class " + main));
  }

  static Tool byName(String name) {
    return ALL.stream().filter(t -> t.name.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tool " + name));
  }

  /**
   * The tool's command as it runs in a step's pod: POD_NAME set, the pod's namespace file where the test puts it
   * (k8s-apply's --owner-from-pod reads both), nothing on stdin.
   */
  Object inPod(String podName, java.nio.file.Path podNamespaceFile) {
    Object c = command.get();
    Environment pod = Environment.pod(podName, podNamespaceFile);
    if (c instanceof kubesteps.apply.ApplyCommand a) a.environment = pod;
    else if (c instanceof kubesteps.get.GetCommand g) g.environment = pod;
    else if (c instanceof kubesteps.wait.WaitCommand w) w.environment = pod;
    return c;
  }

  /** The tool's table of its component's inputs (what --executor-input turns into arguments). */
  List<ComponentInput> componentInputs() {
    return ((ComponentInputs) command.get()).componentInputs();
  }

  /** Whether the tool has this option (a long or short name, without any =value). */
  boolean hasOption(String name) {
    return new CommandLine(command.get()).getCommandSpec().findOption(name) != null;
  }

}
