package kubesteps.core.connect;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;
import kubesteps.core.jsonpath.GoJson;
import kubesteps.core.resource.ObjectMaps;
import kubesteps.core.status.Trees;

/**
 * A client-go credential plugin ({@code users[].user.exec}), run as client-go's {@code plugin/pkg/client/auth/exec}
 * runs it: the command with its arguments as written (no shell), the kubeconfig's {@code env} over this process's
 * environment, {@code KUBERNETES_EXEC_INFO} set (with the cluster when {@code provideClusterInfo} is true), standard
 * input handed over only when {@code interactiveMode} allows it and a terminal is there, its standard error passed
 * through to ours. The token it prints is kept until its {@code expirationTimestamp} (for ever without one) and
 * fetched again after that or after a 401. A client certificate it gives is used in the TLS handshakes
 * ({@link #clientKeys()}). Failures are one line in kubectl's words, exit 5.
 */
final class ExecPlugin implements Credentials {
  static final String V1 = "client.authentication.k8s.io/v1";
  static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";

  /** What the kubeconfig says of the plugin, its relative command already resolved against the file's folder. */
  record Spec(String apiVersion, String command, List<String> args, Map<String, String> env, String installHint,
      boolean provideClusterInfo, String interactiveMode) {}

  /** What runs the plugin may need from the process: its environment, whether stdin is a terminal, stderr. */
  record Process(Map<String, String> environment, boolean stdinIsTerminal, PrintStream stderr) {
    static Process system() {
      return new Process(System.getenv(), System.console() != null, System.err);
    }
  }

  private final Spec spec;
  private final Map<String, Object> cluster; // ExecCredential's spec.cluster, or null
  private final Process process;
  private final Clock clock;
  private String value; // guarded by this
  private Instant expires; // guarded by this; null: no expiry

  ExecPlugin(Spec spec, Map<String, Object> cluster, Process process, Clock clock) {
    this.spec = spec;
    this.cluster = cluster;
    this.process = process;
    this.clock = clock;
  }

  /** The kubeconfig's checks of an exec section (client-go's clientcmd validation), as one line; null when fine. */
  static String invalid(Spec spec, String user) {
    if (spec.command() == null || spec.command().isEmpty()) {
      return "command must be specified for " + user + " to use exec authentication plugin";
    }
    if (spec.apiVersion() == null || spec.apiVersion().isEmpty()) {
      return "apiVersion must be specified for " + user + " to use exec authentication plugin";
    }
    if (!V1.equals(spec.apiVersion()) && !V1BETA1.equals(spec.apiVersion())) {
      return "exec plugin: invalid apiVersion \"" + spec.apiVersion() + "\"";
    }
    String mode = spec.interactiveMode();
    if (mode == null || mode.isEmpty()) {
      if (V1.equals(spec.apiVersion())) {
        return "interactiveMode must be specified for " + user + " to use exec authentication plugin";
      }
    } else if (!List.of("Never", "IfAvailable", "Always").contains(mode)) {
      return "invalid interactiveMode for " + user + ": \"" + mode + "\"";
    }
    return null;
  }

  /** The value kept when the plugin gave a client certificate and no token: no header. */
  private static final String NO_TOKEN = "";

  private final ClientKeys keys = new ClientKeys();

  @Override
  public synchronized String authorization() {
    if (value == null || (expires != null && !clock.instant().isBefore(expires))) run();
    return value == NO_TOKEN ? null : value;
  }

  @Override
  public synchronized boolean refreshAfterUnauthorized(String used) {
    if (value != null && !value.equals(used)) return true; // fetched again since that request went out
    run();
    return true;
  }

  /**
   * The client certificate the plugin gives (its {@code clientCertificateData} and {@code clientKeyData}), for the TLS
   * handshakes of the connections opened after the plugin ran (it runs before the first request is sent).
   */
  javax.net.ssl.X509KeyManager clientKeys() {
    return keys;
  }

  /** A key manager whose certificate is the plugin's latest, none until it gave one. */
  static final class ClientKeys extends javax.net.ssl.X509ExtendedKeyManager {
    private volatile javax.net.ssl.X509KeyManager current;

    void use(String certPem, String keyPem, StepException failure) {
      try {
        for (var m : io.fabric8.kubernetes.client.internal.SSLUtils.keyManagers(
            new java.io.ByteArrayInputStream(certPem.getBytes(StandardCharsets.UTF_8)),
            new java.io.ByteArrayInputStream(keyPem.getBytes(StandardCharsets.UTF_8)),
            io.fabric8.kubernetes.client.Config.getKeyAlgorithm(null,
                java.util.Base64.getEncoder().encodeToString(keyPem.getBytes(StandardCharsets.UTF_8))),
            "changeit", null, "changeit")) {
          if (m instanceof javax.net.ssl.X509KeyManager x) current = x;
        }
      } catch (Exception e) {
        throw failure;
      }
    }

    @Override
    public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      var c = current;
      return c == null ? null : c.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
        javax.net.ssl.SSLEngine engine) {
      return chooseClientAlias(keyType, issuers, null);
    }

    @Override
    public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
      var c = current;
      return c == null ? null : c.getCertificateChain(alias);
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      var c = current;
      return c == null ? null : c.getPrivateKey(alias);
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      var c = current;
      return c == null ? null : c.getClientAliases(keyType, issuers);
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return null;
    }
  }

  @Override
  public String describe() {
    return "exec plugin " + spec.command();
  }

  private String mode() {
    return spec.interactiveMode() == null || spec.interactiveMode().isEmpty() ? "IfAvailable" : spec.interactiveMode();
  }

  private void run() {
    boolean interactive = switch (mode()) {
      case "Never" -> false;
      case "Always" -> {
        if (!process.stdinIsTerminal()) {
          throw failure("exec plugin cannot support interactive mode: standard input is not a terminal");
        }
        yield true;
      }
      default -> process.stdinIsTerminal();
    };
    List<String> argv = new ArrayList<>();
    argv.add(spec.command());
    argv.addAll(spec.args());
    ProcessBuilder pb = new ProcessBuilder(argv);
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(process.environment());
    env.putAll(spec.env());
    env.put("KUBERNETES_EXEC_INFO", execInfo(interactive));
    pb.redirectInput(interactive ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(new File("/dev/null")));
    java.lang.Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      String hint = spec.installHint() == null || spec.installHint().isBlank() ? ""
          : " (" + oneLine(stripAnsi(spec.installHint())) + ")";
      throw failure("exec: executable " + spec.command() + " not found" + hint);
    }
    Thread copier = copy(p.getErrorStream(), process.stderr());
    byte[] out;
    int code;
    try (InputStream stdout = p.getInputStream()) {
      out = stdout.readAllBytes();
      code = p.waitFor();
      copier.join();
    } catch (IOException e) {
      throw failure("exec: reading the output of " + spec.command() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StepException(ExitCode.INTERRUPTED, "interrupted while running the exec plugin " + spec.command());
    }
    if (code != 0) throw failure("exec: executable " + spec.command() + " failed with exit code " + code);
    read(new String(out, StandardCharsets.UTF_8));
  }

  /** The plugin's answer, checked as client-go checks it. */
  private void read(String stdout) {
    Map<String, Object> cred;
    try {
      cred = ObjectMaps.parseJson(stdout);
    } catch (RuntimeException e) {
      throw failure("decoding stdout: the exec plugin " + spec.command() + " did not print an ExecCredential as JSON");
    }
    String apiVersion = Trees.string(cred, "apiVersion");
    if (!spec.apiVersion().equals(apiVersion) || !"ExecCredential".equals(Trees.string(cred, "kind"))) {
      throw failure("exec plugin is configured to use API version " + spec.apiVersion()
          + ", plugin returned version " + (apiVersion == null ? "/" : apiVersion));
    }
    if (!(cred.get("status") instanceof Map<?, ?> status)) throw failure("exec plugin didn't return a status field");
    String token = Trees.string(status, "token");
    String cert = Trees.string(status, "clientCertificateData");
    String key = Trees.string(status, "clientKeyData");
    if (empty(token) && empty(cert) && empty(key)) {
      throw failure("exec plugin didn't return a token or cert/key pair");
    }
    if (empty(cert) != empty(key)) throw failure("exec plugin returned only certificate or key, not both");
    if (!empty(cert)) keys.use(cert, key, failure("failed parsing client key/certificate"));
    String at = Trees.string(status, "expirationTimestamp");
    Instant expiry = null;
    if (!empty(at)) {
      try {
        expiry = java.time.OffsetDateTime.parse(at).toInstant();
      } catch (DateTimeParseException e) {
        throw failure("decoding stdout: expirationTimestamp \"" + at + "\" is not an RFC 3339 time");
      }
    }
    value = empty(token) ? NO_TOKEN : "Bearer " + Credentials.checkedToken(token, "the exec plugin " + spec.command());
    expires = expiry;
  }

  /** The ExecCredential the plugin finds in KUBERNETES_EXEC_INFO. */
  private String execInfo(boolean interactive) {
    Map<String, Object> specMap = new LinkedHashMap<>();
    if (spec.provideClusterInfo() && cluster != null) specMap.put("cluster", cluster);
    specMap.put("interactive", interactive);
    Map<String, Object> cred = new LinkedHashMap<>();
    cred.put("kind", "ExecCredential");
    cred.put("apiVersion", spec.apiVersion());
    cred.put("spec", specMap);
    return GoJson.compact(cred);
  }

  private StepException failure(String what) {
    return new StepException(ExitCode.API_ERROR, "getting credentials: " + what);
  }

  private static Thread copy(InputStream from, OutputStream to) {
    Thread t = new Thread(() -> {
      try (from) {
        from.transferTo(to);
        to.flush();
      } catch (IOException e) {
        // the plugin's stderr is gone: nothing more to pass on
      }
    }, "exec-plugin-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  private static String oneLine(String s) {
    return String.join(" ", s.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
  }

  /** client-go drops terminal escape codes from an install hint before printing it. */
  private static String stripAnsi(String s) {
    return s.replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "");
  }
}
