package kubesteps.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exec credential plugin for tests: a shell script the test writes into a folder, that prints an
 * {@code ExecCredential} as client-go's plugins do, and leaves a record of each call in a state folder:
 * {@code calls} (a line per call), {@code argv} (its arguments, one a line, as received), {@code exec-info}
 * ({@code KUBERNETES_EXEC_INFO}), {@code env} (the variables {@link #RECORDED} as it saw them). The state folder is
 * the variable {@code PLUGIN_STATE} (set in the kubeconfig's {@code env}, so each kubeconfig has its own: the tool's
 * and kubectl's calls counted apart), else {@code state} beside the script.
 *
 * <p>Kinds: a fixed token; a token per call ({@code PREFIX-N} for the Nth call: tells the calls apart in the audit
 * log, with {@code exec-token-N} in {@code auth/tokens.csv}); a token read from {@code STATE/token} (the test swaps
 * it); a whole credential from {@code STATE/credential.json} (e.g. a client certificate). Options: an
 * {@code expirationTimestamp} some seconds after the call, a notice on stderr, an exit code (after printing a
 * credential-looking JSON with {@link #FAILED_SECRET} on stdout, which must never be shown).
 */
public final class PluginScript {
  /** The variables the plugin records, one {@code NAME=value} a line. */
  public static final List<String> RECORDED = List.of("EXEC_TEST_VAR", "PATH", "HOME");
  /** What a failing plugin prints on stdout before it exits: no message may show it. */
  public static final String FAILED_SECRET = "exec-failed-secret-0123456789";

  private final Path script;
  private final String apiVersion;

  private PluginScript(Path script, String apiVersion) {
    this.script = script;
    this.apiVersion = apiVersion;
  }

  public static Builder in(Path dir, String name) {
    return new Builder(dir, name);
  }

  public static final class Builder {
    private final Path dir;
    private final String name;
    private String apiVersion = "client.authentication.k8s.io/v1";
    private String tokenExpr = "exec-static-token";
    private boolean tokenIsShell;
    private boolean credentialFile;
    private Integer expiresInSeconds;
    private String stderr;
    private Integer exitCode;

    private Builder(Path dir, String name) {
      this.dir = dir;
      this.name = name;
    }

    /** {@code client.authentication.k8s.io/v1} (the default) or {@code v1beta1}. */
    public Builder apiVersion(String v) {
      apiVersion = v.contains("/") ? v : "client.authentication.k8s.io/" + v;
      return this;
    }

    public Builder token(String token) {
      tokenExpr = token;
      tokenIsShell = false;
      return this;
    }

    /** {@code PREFIX-N} for the Nth call in its state folder. */
    public Builder tokenPerCall(String prefix) {
      tokenExpr = prefix + "-$n";
      tokenIsShell = true;
      return this;
    }

    /** The content of {@code STATE/token}, read at each call. */
    public Builder tokenFromStateFile() {
      tokenExpr = "$(cat \"$state/token\")";
      tokenIsShell = true;
      return this;
    }

    /** Prints {@code STATE/credential.json} as it is. */
    public Builder credentialFromStateFile() {
      credentialFile = true;
      return this;
    }

    public Builder expiresInSeconds(int seconds) {
      expiresInSeconds = seconds;
      return this;
    }

    public Builder stderr(String notice) {
      stderr = notice;
      return this;
    }

    public Builder exitCode(int code) {
      exitCode = code;
      return this;
    }

    public PluginScript write() {
      StringBuilder s = new StringBuilder();
      s.append("#!/bin/sh\n");
      s.append("# an exec credential plugin written by a kube-steps test (kubesteps.core.testing.PluginScript)\n");
      s.append("state=\"${PLUGIN_STATE:-").append(dir.resolve("state")).append("}\"\n");
      s.append("mkdir -p \"$state\"\n");
      s.append("echo call >> \"$state/calls\"\n");
      s.append("n=$(wc -l < \"$state/calls\"); n=$((n + 0))\n");
      s.append(": > \"$state/argv\"\n");
      s.append("for a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$state/argv\"; done\n");
      s.append("printf '%s' \"${KUBERNETES_EXEC_INFO-}\" > \"$state/exec-info\"\n");
      s.append(": > \"$state/env\"\n");
      for (String v : RECORDED) {
        s.append("if [ \"${").append(v).append("+set}\" = set ]; then printf '%s=%s\\n' ").append(v).append(" \"$")
            .append(v).append("\" >> \"$state/env\"; fi\n");
      }
      if (stderr != null) s.append("printf '%s\\n' ").append(shellQuote(stderr)).append(" >&2\n");
      if (exitCode != null) {
        s.append("printf '{\"apiVersion\":\"").append(apiVersion)
            .append("\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"").append(FAILED_SECRET).append("\"}}\\n'\n");
        s.append("exit ").append(exitCode).append('\n');
      } else if (credentialFile) {
        s.append("cat \"$state/credential.json\"\n");
      } else {
        s.append("token=").append(tokenIsShell ? "\"" + tokenExpr + "\"" : shellQuote(tokenExpr)).append('\n');
        String expiry = "";
        if (expiresInSeconds != null) {
          s.append("exp=$(date -u -d \"+").append(expiresInSeconds).append(" seconds\" +%Y-%m-%dT%H:%M:%SZ)\n");
          expiry = ",\"expirationTimestamp\":\"%s\"";
        }
        s.append("printf '{\"apiVersion\":\"").append(apiVersion)
            .append("\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"").append(expiry).append("}}\\n' \"$token\"")
            .append(expiresInSeconds != null ? " \"$exp\"" : "").append('\n');
      }
      try {
        Files.createDirectories(dir);
        Path script = dir.resolve(name);
        Files.writeString(script, s.toString());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new PluginScript(script, apiVersion);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }

  public Path script() {
    return script;
  }

  public String apiVersion() {
    return apiVersion;
  }

  /**
   * The kubeconfig user's {@code exec:} block running this plugin with {@code args}, state in {@code state}, more
   * {@code env}, and the options given (null: left out).
   */
  public String userYaml(Path state, List<String> args, Map<String, String> env, Boolean provideClusterInfo,
      String interactiveMode, String installHint) {
    return userYaml(script.toString(), apiVersion, state, args, env, provideClusterInfo, interactiveMode, installHint);
  }

  /** An {@code exec:} block for any command (e.g. one that is not installed). */
  public static String userYaml(String command, String apiVersion, Path state, List<String> args,
      Map<String, String> env, Boolean provideClusterInfo, String interactiveMode, String installHint) {
    Map<String, String> all = new LinkedHashMap<>();
    if (state != null) all.put("PLUGIN_STATE", state.toString());
    all.putAll(env);
    List<String> lines = new ArrayList<>();
    lines.add("exec:");
    lines.add("  apiVersion: " + apiVersion);
    lines.add("  command: " + json(command));
    if (!args.isEmpty()) {
      lines.add("  args:");
      for (String a : args) lines.add("  - " + json(a));
    }
    if (!all.isEmpty()) {
      lines.add("  env:");
      all.forEach((k, v) -> lines.add("  - {name: " + json(k) + ", value: " + json(v) + "}"));
    }
    if (provideClusterInfo != null) lines.add("  provideClusterInfo: " + provideClusterInfo);
    if (interactiveMode != null) lines.add("  interactiveMode: " + interactiveMode);
    if (installHint != null) lines.add("  installHint: " + json(installHint));
    return String.join("\n", lines);
  }

  /** A YAML scalar written as a JSON string (YAML reads JSON strings as they are). */
  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** How many times the plugin ran with state folder {@code state}. */
  public static int calls(Path state) {
    return lines(state.resolve("calls")).size();
  }

  /** The arguments of the last call, as received. */
  public static List<String> argv(Path state) {
    return lines(state.resolve("argv"));
  }

  /** {@code KUBERNETES_EXEC_INFO} of the last call ("" when unset). */
  public static String execInfo(Path state) {
    try {
      return Files.readString(state.resolve("exec-info"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@link #RECORDED} variables of the last call that were set. */
  public static Map<String, String> env(Path state) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String l : lines(state.resolve("env"))) {
      int eq = l.indexOf('=');
      if (eq > 0) env.put(l.substring(0, eq), l.substring(eq + 1));
    }
    return env;
  }

  private static List<String> lines(Path f) {
    try {
      return Files.exists(f) ? Files.readAllLines(f) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
