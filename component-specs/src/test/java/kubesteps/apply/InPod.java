package kubesteps.apply;

import java.nio.file.Path;
import java.util.Map;

/** An ApplyCommand as it runs in a step's pod: POD_NAME set, the pod's namespace file where the test puts it. */
public final class InPod {
  private InPod() {}

  public static ApplyCommand command(String podName, Path podNamespaceFile) {
    ApplyCommand c = new ApplyCommand();
    c.environment = podName == null ? Map.of() : Map.of("POD_NAME", podName);
    c.podNamespaceFile = podNamespaceFile;
    return c;
  }
}
