package kubesteps.core.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import kubesteps.core.connect.Clients;
import kubesteps.core.connect.ConnectFlags;
import kubesteps.core.connect.Kubeconfig;
import kubesteps.core.error.ErrorText;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * kubectl's connection flags, as the user typed them. What they mean (the kubeconfig, credentials, TLS, proxies)
 * is worked out in {@link kubesteps.core.connect}: this class only hands it the flags and keeps the clients it makes.
 */
// a mixin: no command methods to look for (picocli would reflect over every method at each start)
@Command(addMethodSubcommands = false)
public class ConnectionOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the pod's service account).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
  String context;

  @Option(names = "--cluster", paramLabel = "NAME", description = "The kubeconfig cluster to use (instead of the context's).")
  String cluster;

  @Option(names = "--user", paramLabel = "NAME", description = "The kubeconfig user to use (instead of the context's).")
  String user;

  @Option(names = {"-s", "--server"}, paramLabel = "URL", description = "The address and port of the API server.")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for authentication to the API server.")
  String token;

  @Option(names = "--certificate-authority", paramLabel = "FILE",
      description = "Path to a cert file for the certificate authority.")
  String certificateAuthority;

  @Option(names = "--client-certificate", paramLabel = "FILE", description = "Path to a client certificate file for TLS.")
  String clientCertificate;

  @Option(names = "--client-key", paramLabel = "FILE", description = "Path to a client key file for TLS.")
  String clientKey;

  @Option(names = "--insecure-skip-tls-verify", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
      description = "Do not check the server's certificate (insecure).")
  boolean insecureSkipTlsVerify;

  @Option(names = "--tls-server-name", paramLabel = "NAME",
      description = "Server name to check the server's certificate against (default: the server's host name).")
  String tlsServerName;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
      description = "The namespace (default: the object's own, then the context's, then the pod's, then 'default').")
  String namespace;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
      description = "How long to wait for one API request (e.g. 10s, 1m; 0: no limit). Default: 10s.")
  Duration requestTimeout;

  @Option(names = "--as", paramLabel = "USER",
      description = "Username to impersonate for the operation (a user or a service account, as in kubectl).")
  String impersonateUser;

  @Option(names = "--as-group", paramLabel = "GROUP",
      description = "Group to impersonate for the operation (repeatable).")
  List<String> impersonateGroups = new ArrayList<>();

  @Option(names = "--as-uid", paramLabel = "UID", description = "UID to impersonate for the operation.")
  String impersonateUid;

  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  private Clients clients;

  public ConnectionOptions() {}

  /** For tests and tools that build options in code. */
  public static ConnectionOptions of(Path kubeconfig, String context, String namespace) {
    ConnectionOptions o = new ConnectionOptions();
    o.kubeconfig = kubeconfig;
    o.context = context;
    o.namespace = namespace;
    return o;
  }

  /** What the user typed, for {@link Kubeconfig}. */
  ConnectFlags flags() {
    return new ConnectFlags(kubeconfig, context, cluster, user, server, token, certificateAuthority,
        clientCertificate, clientKey, insecureSkipTlsVerify, tlsServerName, impersonateUser, impersonateGroups,
        impersonateUid, requestTimeout);
  }

  /** The clients' maker for these flags; a bad kubeconfig, context or flag is an input error. */
  private synchronized Clients clients() {
    if (clients != null) return clients;
    Startup.skipModelClassScan();
    Clients c = new Clients(Kubeconfig.resolve(flags()), userAgent());
    ErrorText.server(c.config().getMasterUrl());
    clients = c;
    return c;
  }

  /** kubectl's form, {@code kubectl/v1.32.0 (linux/amd64) kubernetes/abc1234}: the tool, its version, kube-steps. */
  String userAgent() {
    String tool = mixee == null ? "kube-steps" : mixee.root().name();
    String arch = System.getProperty("os.arch", "unknown");
    arch = switch (arch) {
      case "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
    String os = System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT).split(" ")[0];
    return tool + "/" + VersionProvider.version() + " (" + os + "/" + arch + ") kube-steps";
  }

  /** fabric8's configuration of the connection (server, TLS, proxy; no credentials: see kubesteps.core.connect). */
  public Config config() {
    return clients().config();
  }

  /** fabric8's HTTP client alone, authenticated as the kubeconfig says: what plain requests need (ApiRequests). */
  public HttpClient httpClient() {
    return clients().httpClient();
  }

  public KubernetesClient client() {
    // one serialization for the client and ObjectMaps, made without the class path scan (see ObjectMaps)
    return clients().client(kubesteps.core.resource.ObjectMaps.serialization());
  }

  /** The namespace when the object names none: the flag, else the context's, else the pod's, else "default". */
  public String namespace() {
    if (namespace != null && !namespace.isEmpty()) return namespace;
    String n = clients().rest().namespace();
    return n == null || n.isEmpty() ? "default" : n;
  }

  public boolean namespaceGiven() {
    return namespace != null && !namespace.isEmpty();
  }

  /**
   * The namespace for an object that may name its own: kubectl's order, and kubectl's refusal when the flag and the
   * object disagree.
   */
  public String namespaceFor(String objectNamespace) {
    if (objectNamespace == null || objectNamespace.isEmpty()) return namespace();
    if (namespaceGiven() && !namespace.equals(objectNamespace)) {
      throw new StepException(ExitCode.INVALID_INPUT, "the namespace from the provided object \"" + objectNamespace
          + "\" does not match the namespace \"" + namespace + "\". You must pass '--namespace=" + objectNamespace
          + "' to perform this operation.");
    }
    return objectNamespace;
  }
}
