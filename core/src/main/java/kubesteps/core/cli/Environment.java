package kubesteps.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run takes from the process besides its arguments, handed in so that the options and the run read no
 * globals: standard input ({@code -f -}), environment variables ({@code POD_NAME}, {@code HOSTNAME}), and where a pod
 * finds its namespace. Tests hand in their own.
 */
public record Environment(InputStream stdin, Map<String, String> variables, Path podNamespaceFile) {
  public static final Path POD_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  /** This process's. */
  public static Environment system() {
    return new Environment(System.in, System.getenv(), POD_NAMESPACE_FILE);
  }

  /** A pod named {@code podName} (POD_NAME) whose namespace file is {@code podNamespaceFile}; nothing on stdin. */
  public static Environment pod(String podName, Path podNamespaceFile) {
    return new Environment(InputStream.nullInputStream(), podName == null ? Map.of() : Map.of("POD_NAME", podName),
        podNamespaceFile);
  }

  public Environment withStdin(InputStream in) {
    return new Environment(in, variables, podNamespaceFile);
  }

  /** The pod this process runs in: POD_NAME, else HOSTNAME (a pod's hostname is its name); null outside a pod. */
  public String podName() {
    String pod = variables.get("POD_NAME");
    if (pod == null || pod.isBlank()) pod = variables.get("HOSTNAME");
    return pod == null || pod.isBlank() ? null : pod;
  }

  /** The namespace in the pod's service-account folder, or null when there is none. */
  public String podNamespace() {
    try {
      if (podNamespaceFile != null && Files.isRegularFile(podNamespaceFile)) {
        String ns = Files.readString(podNamespaceFile).strip();
        if (!ns.isEmpty()) return ns;
      }
    } catch (IOException e) {
      // none readable: as if there were none
    }
    return null;
  }
}
