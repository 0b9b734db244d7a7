package kubesteps.core.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.Discovery;
import kubesteps.core.time.Deadline;

/**
 * One run's link to the cluster, made once from the connection options: fabric8's HTTP client, over which every
 * request and watch goes (no serialization or typed API to set up), and for the runs that need it fabric8's whole
 * client, made when first asked for; discovery, and kubectl's namespace rules. Closing it closes what it opened.
 */
public final class Session implements AutoCloseable {
  private final ConnectionOptions connection;
  private final Environment environment;
  private final boolean clientOnDemand;
  private final HttpClient http;
  private final ApiRequests requests;
  private final Discovery discovery;
  private KubernetesClient client; // guarded by this

  private Session(ConnectionOptions connection, Environment environment, Deadline deadline, boolean clientOnDemand) {
    this.connection = connection;
    this.environment = environment;
    this.clientOnDemand = clientOnDemand;
    this.http = connection.httpClient();
    this.requests = ApiRequests.of(http, connection.config()).within(deadline);
    this.discovery = new Discovery(requests, deadline);
  }

  /** A session for reads and watches: fabric8's HTTP client alone (k8s-get); {@link #client()} is not there. */
  public static Session forReads(ConnectionOptions connection, Environment environment, Deadline deadline) {
    return new Session(connection, environment, deadline, false);
  }

  /**
   * A session whose requests go over fabric8's HTTP client alone, and whose whole client (with an HTTP client of its
   * own) is made the first time {@link #client()} is asked for: k8s-apply, where most runs need none, and making it
   * sets up fabric8's serialization (a tenth of a second of the start); k8s-wait alike.
   */
  public static Session openOnDemand(ConnectionOptions connection, Environment environment, Deadline deadline) {
    return new Session(connection, environment, deadline, true);
  }

  public synchronized KubernetesClient client() {
    if (!clientOnDemand) throw new IllegalStateException("a session for plain reads has no client");
    if (client == null) client = connection.client();
    return client;
  }

  /** Requests and watches on the API, over the session's HTTP client. */
  public ApiRequests requests() {
    return requests;
  }

  public Discovery discovery() {
    return discovery;
  }

  /** The namespace when an object names none: -n, else the context's, else the pod's, else "default". */
  public String namespace() {
    return connection.namespace();
  }

  /** The namespace for an object that may name its own (kubectl's refusal when -n says another). */
  public String namespaceFor(String objectNamespace) {
    return connection.namespaceFor(objectNamespace);
  }

  /** The namespace of the pod this runs in (its service-account file), else {@link #namespace()}. */
  public String podNamespace() {
    String ns = environment.podNamespace();
    return ns != null ? ns : namespace();
  }

  @Override
  public synchronized void close() {
    if (client != null) client.close();
    http.close();
  }
}
