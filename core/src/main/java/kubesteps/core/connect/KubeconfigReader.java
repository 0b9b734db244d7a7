package kubesteps.core.connect;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.ExecEnvVar;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads a kubeconfig file into fabric8's kubeconfig model without Jackson: YAML (snakeyaml-engine, which the tools
 * load anyway) straight into the model classes. fabric8's own reader binds the file with Jackson, and building those
 * bean deserializers is about a tenth of a short command's start-up.
 *
 * <p>The result is what {@code KubeConfigUtils.parseConfig} makes of the same file (the same fields, and the file
 * remembered on each context, cluster and user so that relative paths resolve against it), which {@link Kubeconfig}
 * merges and resolves. Anything this reader does not map exactly (an unknown key, extensions, a value of another type)
 * makes it return {@code null}: the caller then lets fabric8's reader parse the file (parse only: it runs nothing).
 */
final class KubeconfigReader {
  // the keys fabric8's parseConfig uses (KubeConfigUtils); KubeconfigReaderTest checks paths relative to either reader's file
  static final String CONTEXT_FILE_KEY = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
  static final String CLUSTER_FILE_KEY = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
  static final String AUTH_INFO_FILE_KEY = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "clusters", "contexts", "users",
      "current-context", "preferences");
  private static final Set<String> NAMED_CLUSTER = Set.of("name", "cluster");
  private static final Set<String> CLUSTER = Set.of("server", "certificate-authority", "certificate-authority-data",
      "insecure-skip-tls-verify", "tls-server-name", "proxy-url", "disable-compression");
  private static final Set<String> NAMED_CONTEXT = Set.of("name", "context");
  private static final Set<String> CONTEXT = Set.of("cluster", "user", "namespace");
  private static final Set<String> NAMED_USER = Set.of("name", "user");
  private static final Set<String> USER = Set.of("token", "tokenFile", "client-certificate", "client-certificate-data",
      "client-key", "client-key-data", "username", "password", "as", "as-groups", "as-uid", "as-user-extra", "auth-provider", "exec");
  private static final Set<String> AUTH_PROVIDER = Set.of("name", "config");
  private static final Set<String> EXEC = Set.of("apiVersion", "command", "args", "env", "installHint",
      "provideClusterInfo", "interactiveMode");
  private static final Set<String> ENV = Set.of("name", "value");

  /** Thrown inside the reader when the file holds something it does not map; never leaves it. */
  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private KubeconfigReader() {}

  /** The file as fabric8's model, or null when fabric8 should read it (see the class comment). */
  static Config read(File file) {
    String text;
    try {
      text = Files.readString(file.toPath());
    } catch (IOException | RuntimeException e) {
      return null;
    }
    try {
      Config config = parse(text);
      if (config == null) return null;
      for (NamedContext c : list(config.getContexts())) c.getAdditionalProperties().put(CONTEXT_FILE_KEY, file);
      for (NamedCluster c : list(config.getClusters())) c.getAdditionalProperties().put(CLUSTER_FILE_KEY, file);
      for (NamedAuthInfo u : list(config.getUsers())) u.getAdditionalProperties().put(AUTH_INFO_FILE_KEY, file);
      return config;
    } catch (RuntimeException e) {
      return null; // Unsupported, or anything unforeseen: fabric8 reads it
    }
  }

  /** The text as fabric8's model (no file attached), or null when it holds something this reader does not map. */
  static Config parse(String text) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
    } catch (RuntimeException e) {
      return null; // fabric8's reader reports the YAML error
    }
    try {
      Map<String, Object> top = map(root, TOP);
      Config config = new Config();
      config.setApiVersion(string(top, "apiVersion"));
      config.setKind(string(top, "kind"));
      config.setCurrentContext(string(top, "current-context"));
      if (top.get("preferences") != null) {
        map(top.get("preferences"), Set.of()); // only {} (Jackson's empty Preferences); colors, extensions: fabric8
        config.setPreferences(new io.fabric8.kubernetes.api.model.Preferences());
      }
      config.setClusters(items(top, "clusters", KubeconfigReader::namedCluster));
      config.setContexts(items(top, "contexts", KubeconfigReader::namedContext));
      config.setUsers(items(top, "users", KubeconfigReader::namedUser));
      return config;
    } catch (Unsupported e) {
      return null;
    }
  }

  private static NamedCluster namedCluster(Object o) {
    Map<String, Object> m = map(o, NAMED_CLUSTER);
    NamedCluster n = new NamedCluster();
    n.setName(string(m, "name"));
    if (m.get("cluster") != null) {
      Map<String, Object> c = map(m.get("cluster"), CLUSTER);
      Cluster cluster = new Cluster();
      cluster.setServer(string(c, "server"));
      cluster.setCertificateAuthority(string(c, "certificate-authority"));
      cluster.setCertificateAuthorityData(string(c, "certificate-authority-data"));
      cluster.setInsecureSkipTlsVerify(bool(c, "insecure-skip-tls-verify"));
      cluster.setTlsServerName(string(c, "tls-server-name"));
      cluster.setProxyUrl(string(c, "proxy-url"));
      cluster.setDisableCompression(bool(c, "disable-compression"));
      n.setCluster(cluster);
    }
    return n;
  }

  private static NamedContext namedContext(Object o) {
    Map<String, Object> m = map(o, NAMED_CONTEXT);
    NamedContext n = new NamedContext();
    n.setName(string(m, "name"));
    if (m.get("context") != null) {
      Map<String, Object> c = map(m.get("context"), CONTEXT);
      Context context = new Context();
      context.setCluster(string(c, "cluster"));
      context.setUser(string(c, "user"));
      context.setNamespace(string(c, "namespace"));
      n.setContext(context);
    }
    return n;
  }

  private static NamedAuthInfo namedUser(Object o) {
    Map<String, Object> m = map(o, NAMED_USER);
    NamedAuthInfo n = new NamedAuthInfo();
    n.setName(string(m, "name"));
    if (m.get("user") != null) {
      Map<String, Object> u = map(m.get("user"), USER);
      AuthInfo user = new AuthInfo();
      user.setToken(string(u, "token"));
      user.setTokenFile(string(u, "tokenFile"));
      user.setClientCertificate(string(u, "client-certificate"));
      user.setClientCertificateData(string(u, "client-certificate-data"));
      user.setClientKey(string(u, "client-key"));
      user.setClientKeyData(string(u, "client-key-data"));
      user.setUsername(string(u, "username"));
      user.setPassword(string(u, "password"));
      user.setAs(string(u, "as"));
      user.setAsUid(string(u, "as-uid"));
      if (u.get("as-groups") != null) user.setAsGroups(strings(u.get("as-groups")));
      if (u.get("as-user-extra") != null) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        map(u.get("as-user-extra"), null).forEach((k, v) -> extra.put(k, strings(v)));
        user.setAsUserExtra(extra);
      }
      if (u.get("auth-provider") != null) {
        Map<String, Object> a = map(u.get("auth-provider"), AUTH_PROVIDER);
        AuthProviderConfig provider = new AuthProviderConfig();
        provider.setName(string(a, "name"));
        if (a.get("config") != null) {
          Map<String, String> config = new LinkedHashMap<>();
          map(a.get("config"), null).forEach((k, v) -> config.put(k, text(v)));
          provider.setConfig(config);
        }
        user.setAuthProvider(provider);
      }
      if (u.get("exec") != null) user.setExec(exec(map(u.get("exec"), EXEC)));
      n.setUser(user);
    }
    return n;
  }

  private static ExecConfig exec(Map<String, Object> e) {
    ExecConfig exec = new ExecConfig();
    exec.setApiVersion(string(e, "apiVersion"));
    exec.setCommand(string(e, "command"));
    if (e.get("args") != null) exec.setArgs(strings(e.get("args")));
    if (e.get("env") != null) {
      List<ExecEnvVar> env = new ArrayList<>();
      for (Object v : list(e.get("env"))) {
        Map<String, Object> m = map(v, ENV);
        env.add(new ExecEnvVar(string(m, "name"), string(m, "value")));
      }
      exec.setEnv(env);
    }
    exec.setInstallHint(string(e, "installHint"));
    exec.setProvideClusterInfo(bool(e, "provideClusterInfo"));
    exec.setInteractiveMode(string(e, "interactiveMode"));
    return exec;
  }

  /**
   * What is wrong with a kubeconfig that does not load, in one line and without its contents (it may hold tokens):
   * where YAML broke, else that it is not a kubeconfig.
   */
  static String error(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException y) {
        var mark = y.getProblemMark().or(y::getContextMark);
        String problem = y.getProblem() != null ? y.getProblem() : y.getContext();
        return "invalid YAML" + mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
            .orElse("") + ": " + (problem == null ? "" : problem.lines().findFirst().orElse(""));
      }
    }
    if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException && e.getMessage() != null
        && !e.getMessage().contains("\n") && !e.getMessage().contains("value (")) {
      return e.getMessage();
    }
    return "not a kubeconfig (expected apiVersion: v1, kind: Config, with clusters, contexts and users)";
  }

  private static <T> List<T> items(Map<String, Object> m, String key, Function<Object, T> item) {
    if (m.get(key) == null) return null;
    List<T> out = new ArrayList<>();
    for (Object o : list(m.get(key))) out.add(item.apply(o));
    return out;
  }

  /** A mapping with string keys, all of them in {@code known} (null: any key). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, Set<String> known) {
    if (!(o instanceof Map<?, ?> m)) throw new Unsupported();
    for (Object k : m.keySet()) {
      if (!(k instanceof String s) || (known != null && !known.contains(s))) throw new Unsupported();
    }
    return (Map<String, Object>) m;
  }

  private static List<?> list(Object o) {
    if (!(o instanceof List<?> l)) throw new Unsupported();
    return l;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    for (Object v : list(o)) out.add(text(v));
    return out;
  }

  private static String string(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : text(v);
  }

  /** Strings only: Jackson would turn a number or a boolean into its text, and a date otherwise; leave it to Jackson. */
  private static String text(Object v) {
    if (v instanceof String s) return s;
    throw new Unsupported();
  }

  private static Boolean bool(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) return null;
    if (v instanceof Boolean b) return b;
    throw new Unsupported();
  }
}
