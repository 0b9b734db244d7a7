package kubesteps.core.connect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the user typed about the connection, kubectl's flags (client-go's {@code clientcmd.ConfigOverrides}): which
 * kubeconfig, context, cluster and user, and the values that override what the kubeconfig says. Null: not given.
 */
public record ConnectFlags(Path kubeconfig, String context, String cluster, String user, String server, String token,
    String certificateAuthority, String clientCertificate, String clientKey, boolean insecureSkipTlsVerify,
    String tlsServerName, String as, List<String> asGroups, String asUid, Duration requestTimeout) {

  public ConnectFlags {
    asGroups = asGroups == null ? List.of() : List.copyOf(asGroups);
  }

  /** The flags as a person may see them in a log or a stack trace: --token's value never. */
  @Override
  public String toString() {
    return "ConnectFlags[kubeconfig=" + kubeconfig + ", context=" + context + ", cluster=" + cluster + ", user=" + user
        + ", server=" + server + ", token=" + (token == null ? null : "<redacted>") + ", as=" + as + "]";
  }

  /** Only a kubeconfig and a context: the rest from the file. */
  public static ConnectFlags of(Path kubeconfig, String context) {
    return new ConnectFlags(kubeconfig, context, null, null, null, null, null, null, null, false, null, null, null,
        null, null);
  }
}
