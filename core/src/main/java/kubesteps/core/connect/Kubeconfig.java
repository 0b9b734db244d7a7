package kubesteps.core.connect;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;

/**
 * The kubeconfig as kubectl loads it (client-go's {@code tools/clientcmd}): the files ({@code --kubeconfig}, else
 * {@code $KUBECONFIG}'s list, else {@code ~/.kube/config}) merged with the first file to name a context, cluster or
 * user winning, the context chosen ({@code --context}, else the first {@code current-context}), its cluster and user
 * ({@code --cluster}, {@code --user} name others), the flags laid over them as clientcmd's overrides are, paths
 * taken relative to the file that holds them; with no file at all, the pod's service account. The result is a
 * {@link RestConfig}, whose {@link Credentials} say how every request is authenticated.
 */
public final class Kubeconfig {
  /** Where a pod finds its service account (client-go's {@code rest.InClusterConfig}). */
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final List<io.fabric8.kubernetes.api.model.Config> files;
  private final Map<String, String> env;
  private final ExecPlugin.Process process;
  private final Clock clock;

  private Kubeconfig(List<io.fabric8.kubernetes.api.model.Config> files, Map<String, String> env,
      ExecPlugin.Process process, Clock clock) {
    this.files = files;
    this.env = env;
    this.process = process;
    this.clock = clock;
  }

  /** Resolves the connection for {@code flags} in this process (its environment, its terminal, its stderr). */
  public static RestConfig resolve(ConnectFlags flags) {
    return resolve(flags, System.getenv(), ExecPlugin.Process.system(), Clock.systemUTC());
  }

  static RestConfig resolve(ConnectFlags flags, Map<String, String> env, ExecPlugin.Process process, Clock clock) {
    List<File> paths = paths(flags, env);
    if (paths.isEmpty()) {
      if (inCluster(env) && noClusterFlags(flags)) return inClusterConfig(flags, env, process, clock);
      if (flags.server() == null || flags.server().isEmpty()) {
        throw new StepException(ExitCode.INVALID_INPUT,
            "no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config,"
                + " or run in a pod with a service account");
      }
    }
    List<io.fabric8.kubernetes.api.model.Config> loaded = new ArrayList<>();
    for (File f : paths) loaded.add(load(f));
    return new Kubeconfig(loaded, env, process, clock).merged(flags);
  }

  /** The kubeconfig files to read, in kubectl's order; a file named by --kubeconfig must exist. */
  static List<File> paths(ConnectFlags flags, Map<String, String> env) {
    if (flags.kubeconfig() != null) {
      if (!Files.isRegularFile(flags.kubeconfig())) {
        throw new StepException(ExitCode.INVALID_INPUT, "--kubeconfig " + flags.kubeconfig() + ": no such file");
      }
      return List.of(flags.kubeconfig().toFile());
    }
    String list = System.getProperty("kubeconfig"); // the tests' way to set it without an environment
    if (list == null) list = env.get("KUBECONFIG");
    List<File> files = new ArrayList<>();
    if (list != null && !list.isEmpty()) {
      for (String name : list.split(File.pathSeparator)) {
        if (name.isBlank()) continue;
        File f = new File(name);
        if (f.isFile() && !files.contains(f)) files.add(f);
      }
      return files;
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    File f = new File(home, ".kube/config");
    if (f.isFile()) files.add(f);
    return files;
  }

  private static io.fabric8.kubernetes.api.model.Config load(File file) {
    io.fabric8.kubernetes.api.model.Config model = KubeconfigReader.read(file);
    if (model != null) return model;
    try {
      return KubeConfigUtils.parseConfig(file); // what our reader does not map exactly: fabric8's (Jackson) reader
    } catch (RuntimeException e) {
      throw new StepException(ExitCode.INVALID_INPUT, "cannot load the kubeconfig " + file + ": "
          + KubeconfigReader.error(e), e);
    }
  }

  private RestConfig merged(ConnectFlags flags) {
    Map<String, NamedContext> contexts = new LinkedHashMap<>();
    Map<String, NamedCluster> clusters = new LinkedHashMap<>();
    Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
    String current = null;
    for (io.fabric8.kubernetes.api.model.Config f : files) {
      for (NamedContext c : list(f.getContexts())) if (c.getContext() != null) contexts.putIfAbsent(c.getName(), c);
      for (NamedCluster c : list(f.getClusters())) if (c.getCluster() != null) clusters.putIfAbsent(c.getName(), c);
      for (NamedAuthInfo u : list(f.getUsers())) if (u.getUser() != null) users.putIfAbsent(u.getName(), u);
      if (current == null && f.getCurrentContext() != null && !f.getCurrentContext().isEmpty()) {
        current = f.getCurrentContext();
      }
    }
    String contextName = notEmpty(flags.context()) ? flags.context() : current;
    Context context = new Context();
    if (notEmpty(contextName)) {
      NamedContext named = contexts.get(contextName);
      if (named == null) {
        throw new StepException(ExitCode.INVALID_INPUT, "context \"" + contextName + "\" does not exist in the kubeconfig");
      }
      context = named.getContext();
    }
    String clusterName = notEmpty(flags.cluster()) ? flags.cluster() : context.getCluster();
    NamedCluster namedCluster = clusterName == null ? null : clusters.get(clusterName);
    if (namedCluster == null && notEmpty(flags.cluster())) {
      throw new StepException(ExitCode.INVALID_INPUT, "cluster \"" + clusterName + "\" does not exist in the kubeconfig");
    }
    String userName = notEmpty(flags.user()) ? flags.user() : context.getUser();
    NamedAuthInfo namedUser = userName == null ? null : users.get(userName);
    if (namedUser == null && notEmpty(flags.user())) {
      throw new StepException(ExitCode.INVALID_INPUT, "user \"" + userName + "\" does not exist in the kubeconfig");
    }

    // the cluster, flags over the file (clientcmd's getCluster)
    Cluster cluster = namedCluster == null ? new Cluster() : namedCluster.getCluster();
    File clusterFile = namedCluster == null ? null : file(namedCluster.getAdditionalProperties(),
        KubeconfigReader.CLUSTER_FILE_KEY);
    String server = notEmpty(flags.server()) ? flags.server() : cluster.getServer();
    if (!notEmpty(server)) {
      throw new StepException(ExitCode.INVALID_INPUT, "invalid configuration: no server found for cluster \""
          + (clusterName == null ? "" : clusterName) + "\" (pass --server or a kubeconfig context)");
    }
    String caFile = relative(clusterFile, cluster.getCertificateAuthority());
    String caData = cluster.getCertificateAuthorityData();
    boolean insecure = Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify());
    if (flags.insecureSkipTlsVerify() || notEmpty(flags.certificateAuthority())) {
      insecure = flags.insecureSkipTlsVerify();
      caFile = flags.certificateAuthority();
      caData = null;
    }
    String tlsServerName = cluster.getTlsServerName();
    if (notEmpty(flags.tlsServerName()) || notEmpty(flags.server())) tlsServerName = flags.tlsServerName();
    URI serverUri = serverUri(server);
    URI proxy = ProxyRules.proxyFor(serverUri, cluster.getProxyUrl(), env);

    // the user, flags over the file (clientcmd's getAuthInfo)
    AuthInfo user = namedUser == null ? new AuthInfo() : namedUser.getUser();
    File userFile = namedUser == null ? null : file(namedUser.getAdditionalProperties(),
        KubeconfigReader.AUTH_INFO_FILE_KEY);
    String certFile = relative(userFile, user.getClientCertificate());
    String certData = user.getClientCertificateData();
    if (notEmpty(flags.clientCertificate())) {
      certFile = flags.clientCertificate();
      certData = null;
    }
    String keyFile = relative(userFile, user.getClientKey());
    String keyData = user.getClientKeyData();
    if (notEmpty(flags.clientKey())) {
      keyFile = flags.clientKey();
      keyData = null;
    }
    String who = userName == null ? "the user" : userName;
    AuthInterceptor.Impersonation impersonation = impersonation(user, flags, who);

    Credentials credentials = Credentials.NONE;
    // client-go reads no user credentials for a server that is not reached over TLS
    if ("https".equalsIgnoreCase(serverUri.getScheme())) {
      if (notEmpty(flags.token())) {
        credentials = Credentials.token(flags.token(), "--token");
      } else {
        // the cluster as an exec plugin sees it in KUBERNETES_EXEC_INFO (client.authentication.k8s.io Cluster): made
        // only for a plugin that asks for it (provideClusterInfo), so that no run reads the CA file twice for nothing
        String caPath = caFile;
        String caText = caData;
        boolean skipVerify = insecure;
        String serverName = tlsServerName;
        Supplier<Map<String, Object>> info = () -> {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("server", server);
          c.put("tls-server-name", serverName);
          c.put("insecure-skip-tls-verify", skipVerify);
          c.put("certificate-authority-data", caBytes(caPath, caText));
          c.put("proxy-url", cluster.getProxyUrl());
          c.put("disable-compression", Boolean.TRUE.equals(cluster.getDisableCompression()));
          return c;
        };
        credentials = credentials(user, userName, userFile, who, info, flags);
      }
    }
    return new RestConfig(server, context.getNamespace(), caFile, caData, certFile, certData, keyFile, keyData,
        insecure, tlsServerName, proxy, Boolean.TRUE.equals(cluster.getDisableCompression()), impersonation,
        credentials, flags.requestTimeout());
  }

  private Credentials credentials(AuthInfo user, String userName, File userFile, String who,
      Supplier<Map<String, Object>> clusterInfo, ConnectFlags flags) {
    if (notEmpty(user.getToken())) return Credentials.token(user.getToken(), "the kubeconfig's user " + who);
    if (notEmpty(user.getTokenFile())) return new TokenFile(Path.of(relative(userFile, user.getTokenFile())), clock);
    if (user.getAuthProvider() != null && user.getExec() != null) {
      throw new StepException(ExitCode.INVALID_INPUT, "invalid configuration: authProvider cannot be provided in"
          + " combination with an exec plugin for " + who);
    }
    if (user.getAuthProvider() != null) return authProvider(user.getAuthProvider(), userName, userFile, flags);
    if (user.getExec() != null) return exec(user.getExec(), userFile, who, clusterInfo);
    if (notEmpty(user.getUsername()) || notEmpty(user.getPassword())) {
      return Credentials.basic(user.getUsername(), user.getPassword());
    }
    return Credentials.NONE;
  }

  private Credentials exec(ExecConfig exec, File userFile, String who, Supplier<Map<String, Object>> clusterInfo) {
    String command = exec.getCommand();
    // a command with a path separator is relative to the kubeconfig file's folder; a bare name is found on PATH
    if (command != null && command.contains("/") && !new File(command).isAbsolute() && userFile != null) {
      command = new File(userFile.getAbsoluteFile().getParentFile(), command).getPath();
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (var v : list(exec.getEnv())) {
      if (!notEmpty(v.getName())) {
        throw new StepException(ExitCode.INVALID_INPUT, "invalid configuration: env variable name must be specified"
            + " for " + who + " to use exec authentication plugin");
      }
      env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
    }
    ExecPlugin.Spec spec = new ExecPlugin.Spec(exec.getApiVersion(), command, list(exec.getArgs()), env,
        exec.getInstallHint(), Boolean.TRUE.equals(exec.getProvideClusterInfo()), exec.getInteractiveMode());
    String invalid = ExecPlugin.invalid(spec, who);
    if (invalid != null) throw new StepException(ExitCode.INVALID_INPUT, "invalid configuration: " + invalid);
    Map<String, Object> cluster = null;
    if (spec.provideClusterInfo()) {
      cluster = new LinkedHashMap<>();
      for (var e : clusterInfo.get().entrySet()) {
        Object v = e.getValue();
        if (v != null && !"".equals(v) && !Boolean.FALSE.equals(v)) cluster.put(e.getKey(), v);
      }
    }
    return new ExecPlugin(spec, cluster, process, clock);
  }

  private Credentials authProvider(AuthProviderConfig provider, String userName, File userFile, ConnectFlags flags) {
    String name = provider.getName() == null ? "" : provider.getName();
    switch (name) {
      case "oidc" -> {
        Map<String, String> config = provider.getConfig() == null ? Map.of() : provider.getConfig();
        return new OidcProvider(config, c -> persist(userFile, userName, c), flags.requestTimeout(), clock,
            issuerTls(config, userFile));
      }
      case "gcp" -> throw new StepException(ExitCode.API_ERROR, "The gcp auth plugin has been removed. Please use the"
          + " \"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin instead. See"
          + " https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further"
          + " details");
      case "azure" -> throw new StepException(ExitCode.API_ERROR, "The azure auth plugin has been removed. Please use"
          + " the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead. See"
          + " https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins"
          + " for further details");
      default -> throw new StepException(ExitCode.API_ERROR, "no Auth Provider found for name \"" + name + "\"");
    }
  }

  /** The TLS trust for the OIDC issuer: its {@code idp-certificate-authority(-data)}, else the runtime's roots. */
  private static javax.net.ssl.SSLContext issuerTls(Map<String, String> config, File userFile) {
    String data = config.get("idp-certificate-authority-data");
    String file = relative(userFile, config.get("idp-certificate-authority"));
    if (!notEmpty(data) && !notEmpty(file)) return null;
    try {
      var trust = io.fabric8.kubernetes.client.internal.SSLUtils.trustManagers(data, file, false, null, null);
      javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
      tls.init(null, trust, null);
      return tls;
    } catch (Exception e) {
      throw new StepException(ExitCode.INVALID_INPUT, "the oidc idp-certificate-authority cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** Writes renewed oidc tokens back into the kubeconfig file that holds the user, as kubectl does. */
  private static void persist(File file, String userName, Map<String, String> config) {
    if (file == null || userName == null) return;
    try {
      KubeconfigWriter.setAuthProviderConfig(file.toPath(), userName, config);
    } catch (IOException | RuntimeException e) {
      // kubectl carries on with the new token when it cannot save it; so do we, and say so
      System.err.println("warning: could not save the renewed oidc tokens to " + file + ": " + e.getMessage());
    }
  }

  private static AuthInterceptor.Impersonation impersonation(AuthInfo user, ConnectFlags flags, String who) {
    String as = notEmpty(flags.as()) ? flags.as() : user.getAs();
    String uid = notEmpty(flags.asUid()) ? flags.asUid() : user.getAsUid();
    List<String> groups = !flags.asGroups().isEmpty() ? flags.asGroups() : list(user.getAsGroups());
    Map<String, List<String>> extra = user.getAsUserExtra() == null ? Map.of() : user.getAsUserExtra();
    if (!notEmpty(as) && (notEmpty(uid) || !groups.isEmpty() || !extra.isEmpty())) {
      throw new StepException(ExitCode.INVALID_INPUT, "requesting uid, groups or user-extra for " + who
          + " without impersonating a user");
    }
    return new AuthInterceptor.Impersonation(as, uid, groups, extra);
  }

  // ---- the pod's service account

  static boolean inCluster(Map<String, String> env) {
    return notEmpty(env.get("KUBERNETES_SERVICE_HOST")) && notEmpty(env.get("KUBERNETES_SERVICE_PORT"));
  }

  private static boolean noClusterFlags(ConnectFlags flags) {
    return !notEmpty(flags.server()) && !notEmpty(flags.context()) && !notEmpty(flags.cluster());
  }

  private static RestConfig inClusterConfig(ConnectFlags flags, Map<String, String> env, ExecPlugin.Process process,
      Clock clock) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String server = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + env.get("KUBERNETES_SERVICE_PORT");
    Path ca = SERVICE_ACCOUNT.resolve("ca.crt");
    Credentials credentials = notEmpty(flags.token()) ? Credentials.token(flags.token(), "--token")
        : new TokenFile(SERVICE_ACCOUNT.resolve("token"), clock);
    String namespace = null;
    try {
      namespace = Files.readString(SERVICE_ACCOUNT.resolve("namespace")).strip();
    } catch (IOException e) {
      // none: the default namespace
    }
    boolean insecure = flags.insecureSkipTlsVerify();
    String caFile = notEmpty(flags.certificateAuthority()) ? flags.certificateAuthority()
        : insecure || !Files.isRegularFile(ca) ? null : ca.toString();
    return new RestConfig(server, namespace, caFile, null, flags.clientCertificate(), null, flags.clientKey(), null,
        insecure, flags.tlsServerName(), ProxyRules.proxyFor(URI.create(server), null, env), false,
        impersonation(new AuthInfo(), flags, "the service account"), credentials, flags.requestTimeout());
  }

  // ---- small helpers

  private static URI serverUri(String server) {
    try {
      URI u = new URI(server.contains("://") ? server : "https://" + server);
      if (u.getHost() == null) throw new IllegalArgumentException();
      return u;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new StepException(ExitCode.INVALID_INPUT, "invalid configuration: the server \"" + server
          + "\" is not a URL");
    }
  }

  private static String caBytes(String caFile, String caData) {
    if (notEmpty(caData)) return caData;
    if (!notEmpty(caFile)) return null;
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(caFile)));
    } catch (IOException e) {
      return null;
    }
  }

  /** A path of the kubeconfig taken relative to the file's folder, as clientcmd resolves them. */
  static String relative(File kubeconfig, String path) {
    if (!notEmpty(path) || kubeconfig == null || new File(path).isAbsolute()) return path;
    return new File(kubeconfig.getAbsoluteFile().getParentFile(), path).getPath();
  }

  private static File file(Map<String, Object> properties, String key) {
    return properties != null && properties.get(key) instanceof File f ? f : null;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
