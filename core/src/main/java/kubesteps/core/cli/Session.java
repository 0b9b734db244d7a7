package kubesteps.core.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import kubesteps.core.resource.ApiRequests;
import kubesteps.core.resource.Discovery;
import kubesteps.core.time.Deadline;

/**
 * One run's link to the cluster, made once from the connection options: the fabric8 client (or, for one-shot reads,
 * only its HTTP client: no serialization or typed API to set up; or the HTTP client first and the whole client when
 * first asked for), discovery, and kubectl's namespace rules. Closing it closes what it opened.
 */
public final class Session implements AutoCloseable {
  private enum Client { WHOLE, NONE, ON_DEMAND }

  private final ConnectionOptions connection;
  private final Environment environment;
  private final Client mode;
  private final HttpClient http;
  private final ApiRequests requests;
  private final Discovery discovery;
  private KubernetesClient client; // guarded by this

  private Session(ConnectionOptions connection, Environment environment, Deadline deadline, Client mode) {
    this.connection = connection;
    this.environment = environment;
    this.mode = mode;
    this.client = mode == Client.WHOLE ? connection.client() : null;
    this.http = mode == Client.WHOLE ? null : connection.httpClient();
    this.requests = (mode == Client.WHOLE ? ApiRequests.of(client) : ApiRequests.of(http, connection.config()))
        .within(deadline);
    this.discovery = new Discovery(requests, deadline);
  }

  /** A session with the whole fabric8 client (watches, writes). */
  public static Session open(ConnectionOptions connection, Environment environment, Deadline deadline) {
    return new Session(connection, environment, deadline, Client.WHOLE);
  }

  /** A session for plain reads: fabric8's HTTP client alone; {@link #client()} is not there. */
  public static Session forReads(ConnectionOptions connection, Environment environment, Deadline deadline) {
    return new Session(connection, environment, deadline, Client.NONE);
  }

  /**
   * A session whose requests go over fabric8's HTTP client alone, and whose whole client (with an HTTP client of its
   * own) is made the first time {@link #client()} is asked for: k8s-apply, where most runs need none, and making it
   * sets up fabric8's serialization (a tenth of a second of the start).
   */
  public static Session openOnDemand(ConnectionOptions connection, Environment environment, Deadline deadline) {
    return new Session(connection, environment, deadline, Client.ON_DEMAND);
  }

  public synchronized KubernetesClient client() {
    if (client == null && mode == Client.ON_DEMAND) client = connection.client();
    if (client == null) throw new IllegalStateException("a session for plain reads has no client");
    return client;
  }

  /** GETs on the API, whichever client the session has. */
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
    if (http != null) http.close();
  }
}
