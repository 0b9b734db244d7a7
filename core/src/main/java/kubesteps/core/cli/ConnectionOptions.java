package kubesteps.core.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import kubesteps.core.error.ErrorText;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How to reach the cluster, as kubectl takes it: {@code --kubeconfig} (else {@code KUBECONFIG}, else
 * {@code ~/.kube/config}, else the pod's service account), {@code --context}, {@code -n/--namespace},
 * {@code --request-timeout}.
 */
// a mixin: no command methods to look for (picocli would reflect over every method at each start)
@Command(addMethodSubcommands = false)
public class ConnectionOptions {
  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the pod's service account).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
  String context;

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
  java.util.List<String> impersonateGroups = new java.util.ArrayList<>();

  private Config config;

  /** The JDK HTTP client transport, named: fabric8 would find it with a ServiceLoader search of every jar. */
  private static final JdkHttpClientFactory HTTP = new JdkHttpClientFactory();

  public ConnectionOptions() {}

  /** For tests and tools that build options in code. */
  public static ConnectionOptions of(Path kubeconfig, String context, String namespace) {
    ConnectionOptions o = new ConnectionOptions();
    o.kubeconfig = kubeconfig;
    o.context = context;
    o.namespace = namespace;
    return o;
  }

  /** The fabric8 configuration these options describe; a bad kubeconfig or context is an input error. */
  public Config config() {
    if (config != null) return config;
    Startup.skipModelClassScan();
    Config c;
    try {
      if (kubeconfig != null) {
        if (!Files.isRegularFile(kubeconfig)) {
          throw new StepException(ExitCode.INVALID_INPUT, "--kubeconfig " + kubeconfig + ": no such file");
        }
        c = fromKubeconfig(context, kubeconfig.toFile());
      } else {
        List<File> files = kubeconfigFiles();
        if (files.isEmpty() && !inCluster()) {
          throw new StepException(ExitCode.INVALID_INPUT,
              "no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config,"
                  + " or run in a pod with a service account");
        }
        c = autoConfigure(context, files);
      }
    } catch (StepException e) {
      throw e;
    } catch (RuntimeException e) {
      String which = kubeconfig != null ? kubeconfig.toString() : String.join(File.pathSeparator,
          kubeconfigFiles().stream().map(File::toString).toList());
      throw new StepException(ExitCode.INVALID_INPUT, "cannot load the kubeconfig " + which + ": " + kubeconfigError(e),
          e);
    }
    if (context != null && (c.getCurrentContext() == null || !context.equals(c.getCurrentContext().getName()))) {
      throw new StepException(ExitCode.INVALID_INPUT, "context \"" + context + "\" does not exist in the kubeconfig");
    }
    if (requestTimeout != null) c.setRequestTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()));
    if (impersonateUser != null) c.setImpersonateUsername(impersonateUser);
    if (!impersonateGroups.isEmpty()) c.setImpersonateGroups(impersonateGroups.toArray(String[]::new));
    // retries are ours (kubesteps.core.retry.Retries): bounded by the command's deadline, with jitter
    c.setRequestRetryBackoffLimit(0);
    ErrorText.server(c.getMasterUrl());
    config = c;
    return c;
  }

  /**
   * What is wrong with a kubeconfig that does not load, in one line and without its contents (it may hold tokens):
   * where YAML broke, else that it is not a kubeconfig.
   */
  static String kubeconfigError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException y) {
        var mark = y.getProblemMark().or(y::getContextMark);
        String problem = y.getProblem() != null ? y.getProblem() : y.getContext();
        return "invalid YAML" + mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
            .orElse("") + ": " + (problem == null ? "" : problem.lines().findFirst().orElse(""));
      }
    }
    if (e instanceof KubernetesClientException && e.getMessage() != null && !e.getMessage().contains("\n")
        && !e.getMessage().contains("value (")) {
      return e.getMessage();
    }
    return "not a kubeconfig (expected apiVersion: v1, kind: Config, with clusters, contexts and users)";
  }

  /** fabric8's {@code Config.fromKubeconfig(context, file)}, the file read by {@link KubeconfigReader} when it can. */
  static Config fromKubeconfig(String context, File file) {
    io.fabric8.kubernetes.api.model.Config model = KubeconfigReader.read(file);
    if (model == null) return Config.fromKubeconfig(context, file);
    Config c = Config.empty();
    KubeConfigUtils.merge(c, context, model);
    return c;
  }

  /**
   * fabric8's {@code Config.autoConfigure(context)}: the kubeconfig files ($KUBECONFIG's list, else ~/.kube/config)
   * merged, then system properties and environment variables; with no kubeconfig file, fabric8's own (the pod's
   * service account). The files are read by {@link KubeconfigReader} when it can read them all.
   */
  static Config autoConfigure(String context) {
    return autoConfigure(context, kubeconfigFiles());
  }

  /** {@link #autoConfigure(String)} over the kubeconfig files already found ({@link #kubeconfigFiles()}). */
  private static Config autoConfigure(String context, List<File> files) {
    if (files.isEmpty() || !Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, true)) {
      return Config.autoConfigure(context);
    }
    List<io.fabric8.kubernetes.api.model.Config> models = new ArrayList<>();
    for (File f : files) {
      io.fabric8.kubernetes.api.model.Config model = KubeconfigReader.read(f);
      if (model == null) return Config.autoConfigure(context);
      models.add(model);
    }
    Config c = Config.empty();
    KubeConfigUtils.merge(c, context, models.toArray(io.fabric8.kubernetes.api.model.Config[]::new));
    Config.configFromSysPropsOrEnvVars(c);
    c.setAutoConfigure(true);
    return c;
  }

  /** The kubeconfig files that exist, in fabric8's (and kubectl's) order: $KUBECONFIG's list, else ~/.kube/config. */
  private static List<File> kubeconfigFiles() {
    List<File> files = new ArrayList<>();
    for (String name : Config.getKubeconfigFilenames()) {
      if (name == null || name.isBlank()) continue;
      File f = new File(name);
      if (f.isFile()) files.add(f);
    }
    return files;
  }

  /**
   * fabric8's HTTP client for this configuration alone (TLS, authentication, impersonation, proxy, as the whole client
   * has it): what plain GETs need (core's ApiRequests), without the client's serialization and typed API to set up.
   */
  public HttpClient httpClient() {
    Config c = config();
    return KubectlTrust.build(c, () -> HTTP.newBuilder(c).build());
  }

  public KubernetesClient client() {
    // one serialization for the client and ObjectMaps, made without the class path scan (see ObjectMaps)
    Config c = config();
    return KubectlTrust.build(c, () -> new KubernetesClientBuilder().withConfig(c).withHttpClientFactory(HTTP)
        .withKubernetesSerialization(kubesteps.core.resource.ObjectMaps.serialization()).build());
  }

  /** The namespace when the object names none: the flag, else the context's, else the pod's, else "default". */
  public String namespace() {
    if (namespace != null && !namespace.isEmpty()) return namespace;
    String n = config().getNamespace();
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

  /** A pod's service account, or a server named by system property or environment. */
  private static boolean inCluster() {
    String host = System.getenv("KUBERNETES_SERVICE_HOST");
    return (host != null && !host.isEmpty()) || System.getProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY) != null
        || System.getenv("KUBERNETES_MASTER") != null;
  }
}
