package kubesteps.e2e;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool as a pipeline engine runs a step: one pod, the tool's image as its main container (imagePullPolicy
 * Never: the node has it from {@code local-cluster.sh import-images}), the step's service account, output files
 * under {@code /tmp/outputs} on an emptyDir that a small busybox sidecar shares (as Argo's wait container does),
 * so they can be read back after the tool has exited.
 */
final class StepPods {
  static final String MAIN = "main";
  static final String OUTPUTS = "outputs";
  static final String OUTPUT_DIR = "/tmp/outputs";

  /**
   * A step's container: the image, its command (empty: the image's entrypoint) and arguments, and its memory limit
   * (null: none), as a pipeline sets it (e.g. KFP's set_memory_limit).
   */
  record Step(String tool, String image, List<String> command, List<String> args, String memoryLimit) {
    Step(String tool, String image, List<String> command, List<String> args) {
      this(tool, image, command, args, null);
    }

    Step withMemoryLimit(String limit) {
      return new Step(tool, image, command, args, limit);
    }
  }

  /** How a step ended: the main container's exit code, its log, the output files asked for. */
  record Result(String pod, int exitCode, String log, Map<String, String> outputs) {
    String describe() {
      return "pod " + pod + " exited " + exitCode + ", log:\n" + log;
    }
  }

  private final KubernetesClient client;
  private final String namespace;

  StepPods(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Creates the step's pod (not waiting). {@code owner}: the run's controller, as a Workflow owns its pods. No
   * POD_NAME: the tools find their pod by HOSTNAME, which is what a step gets from any engine.
   */
  Pod start(String name, Step step, String serviceAccount, OwnerReference owner) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).addToLabels("kube-steps-e2e/step", step.tool())
        .endMetadata();
    if (owner != null) b.editMetadata().addToOwnerReferences(owner).endMetadata();
    Pod pod = b.withNewSpec()
        .withServiceAccountName(serviceAccount).withRestartPolicy("Never").withTerminationGracePeriodSeconds(20L)
        .addNewVolume().withName(OUTPUTS).withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName(MAIN).withImage(step.image()).withImagePullPolicy("Never")
            .withCommand(step.command()).withArgs(step.args())
            .withNewResources().addToLimits(step.memoryLimit() == null ? Map.of()
                : Map.of("memory", new Quantity(step.memoryLimit()))).endResources()
            .addNewVolumeMount().withName(OUTPUTS).withMountPath(OUTPUT_DIR).endVolumeMount()
        .endContainer()
        .addNewContainer().withName(OUTPUTS).withImage("k8s.local/busybox:1.35").withImagePullPolicy("Never")
            // on SIGTERM it lingers a little, so that a deleted step's log can still be read
            .withCommand("sh", "-c", "trap 'sleep 5; exit 0' TERM; sleep 3600 & wait")
            .addNewVolumeMount().withName(OUTPUTS).withMountPath(OUTPUT_DIR).endVolumeMount()
        .endContainer()
        .endSpec().build();
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** Runs the step to its end and reads back its output files (paths under /tmp/outputs); the pod is deleted. */
  Result run(String name, Step step, String serviceAccount, OwnerReference owner, String... outputFiles) {
    start(name, step, serviceAccount, owner);
    try {
      return await(name, Duration.ofMinutes(3), outputFiles);
    } finally {
      client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
    }
  }

  /** Waits for the main container to end; its exit code, log and output files. */
  Result await(String name, Duration timeout, String... outputFiles) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).waitUntilCondition(
        p -> p == null || terminated(p) != null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (pod == null) throw new AssertionError("pod " + name + " is gone");
    ContainerStateTerminated t = terminated(pod);
    String log = client.pods().inNamespace(namespace).withName(name).inContainer(MAIN).getLog();
    Map<String, String> outputs = new LinkedHashMap<>();
    for (String file : outputFiles) {
      try {
        outputs.put(file, read(name, file));
      } catch (AssertionError missing) {
        if (t.getExitCode() == 0) throw missing; // a failed step may have written none: its exit code and log say why
      }
    }
    return new Result(name, t.getExitCode(), log, outputs);
  }

  /**
   * Waits until the main container's log shows {@code text} (the tool's first progress line: it is past its start-up
   * and waiting), however long a busy node takes to get there; fails after {@code timeout}.
   */
  void awaitLog(String name, String text, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    String log = "";
    while (System.nanoTime() < end) {
      try {
        log = client.pods().inNamespace(namespace).withName(name).inContainer(MAIN).getLog();
        if (log != null && log.contains(text)) return;
      } catch (RuntimeException notYet) {
        // the container has not started: no log yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + ": its log never showed \"" + text + "\" in " + timeout + "; it is:\n" + log);
  }

  /** The main container's log of a pod being deleted, once it contains {@code text} (or as it is when it is gone). */
  String logWhileTerminating(String name, String text) throws InterruptedException {
    String log = "";
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < end) {
      try {
        log = client.pods().inNamespace(namespace).withName(name).inContainer(MAIN).getLog();
        if (log != null && log.contains(text)) return log;
      } catch (RuntimeException gone) {
        return log == null ? "" : log;
      }
      Thread.sleep(200);
    }
    return log;
  }

  private String read(String pod, String file) {
    try (InputStream in = client.pods().inNamespace(namespace).withName(pod).inContainer(OUTPUTS).file(file).read()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new AssertionError("cannot read " + file + " from pod " + pod + ": " + e, e);
    }
  }

  static ContainerStateTerminated terminated(Pod p) {
    if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return null;
    for (ContainerStatus s : p.getStatus().getContainerStatuses()) {
      if (MAIN.equals(s.getName()) && s.getState() != null && s.getState().getTerminated() != null) {
        return s.getState().getTerminated();
      }
    }
    return null;
  }
}
