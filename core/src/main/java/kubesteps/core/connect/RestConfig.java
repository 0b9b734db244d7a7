package kubesteps.core.connect;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach and authenticate to the API server, resolved from the kubeconfig (or the pod's service account) and
 * the flags: client-go's {@code rest.Config}. Made by {@link Kubeconfig}; turned into fabric8 clients by
 * {@link Clients}. Holds credentials: never printed.
 */
public record RestConfig(String server, String namespace, String caFile, String caData, String certFile,
    String certData, String keyFile, String keyData, boolean insecure, String tlsServerName, URI proxy,
    boolean disableCompression, AuthInterceptor.Impersonation impersonation, Credentials credentials,
    Duration requestTimeout) {

  /** The namespace the context (or the pod) names, or null. */
  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public String toString() {
    return "RestConfig[server=" + server + ", namespace=" + namespace + ", credentials=" + credentials.describe() + "]";
  }
}
