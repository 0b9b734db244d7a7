package kubesteps.core.connect;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Which proxy a request to the API server goes through, as client-go chooses it: the cluster's {@code proxy-url} when
 * the kubeconfig names one (whatever the host), else the environment as Go's {@code http.ProxyFromEnvironment} reads
 * it: {@code HTTPS_PROXY} (or {@code https_proxy}) for an https server, {@code HTTP_PROXY} for http, none for a host
 * {@code NO_PROXY} names (a name and its subdomains, an IP address, a CIDR block, {@code *}) and none for localhost
 * or a loopback address.
 */
public final class ProxyRules {
  private ProxyRules() {}

  /** The proxy's URL for {@code server}, or null to connect directly. */
  public static URI proxyFor(URI server, String clusterProxyUrl, Map<String, String> env) {
    if (clusterProxyUrl != null && !clusterProxyUrl.isEmpty()) return parse(clusterProxyUrl, "proxy-url");
    boolean https = "https".equalsIgnoreCase(server.getScheme());
    String proxy = https ? env(env, "HTTPS_PROXY") : env(env, "HTTP_PROXY");
    if (proxy == null || proxy.isEmpty()) return null;
    String host = server.getHost();
    if (host == null) return null;
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (host.equalsIgnoreCase("localhost") || isLoopback(host)) return null;
    int port = server.getPort() > 0 ? server.getPort() : (https ? 443 : 80);
    if (noProxy(host, port, env(env, "NO_PROXY"))) return null;
    return parse(proxy, https ? "HTTPS_PROXY" : "HTTP_PROXY");
  }

  /** Go's rule: the upper-case name first, then the lower-case one. */
  private static String env(Map<String, String> env, String name) {
    String v = env.get(name);
    if (v == null || v.isEmpty()) v = env.get(name.toLowerCase(Locale.ROOT));
    return v;
  }

  /** A proxy URL as Go reads it: without a scheme, http://. */
  static URI parse(String url, String where) {
    String u = url.contains("://") ? url : "http://" + url;
    try {
      URI uri = new URI(u);
      if (uri.getHost() == null) throw new IllegalArgumentException("no host");
      return uri;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new kubesteps.core.error.StepException(kubesteps.core.error.ExitCode.INVALID_INPUT,
          "invalid proxy URL in " + where + ": " + url);
    }
  }

  static boolean noProxy(String host, int port, String noProxy) {
    if (noProxy == null || noProxy.isBlank()) return false;
    String h = host.toLowerCase(Locale.ROOT);
    for (String raw : noProxy.split(",")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) continue;
      if (entry.equals("*")) return true;
      if (entry.contains("/")) {
        if (inCidr(h, entry)) return true;
        continue;
      }
      String name = entry;
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && entry.indexOf(':') == colon && !entry.startsWith("[")) {
        // host:port: only that port
        try {
          if (Integer.parseInt(entry.substring(colon + 1)) != port) continue;
        } catch (NumberFormatException e) {
          continue;
        }
        name = entry.substring(0, colon);
      }
      if (name.startsWith("[") && name.endsWith("]")) name = name.substring(1, name.length() - 1);
      if (name.startsWith("*.")) name = name.substring(1);
      if (name.startsWith(".")) {
        if (h.endsWith(name)) return true; // subdomains only, as Go's domain match
      } else if (h.equals(name) || h.endsWith("." + name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLoopback(String host) {
    if (!isIpLiteral(host)) return false;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  private static boolean inCidr(String host, String cidr) {
    if (!isIpLiteral(host)) return false;
    try {
      int slash = cidr.indexOf('/');
      byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      byte[] ip = InetAddress.getByName(host).getAddress();
      int bits = Integer.parseInt(cidr.substring(slash + 1));
      if (net.length != ip.length) return false;
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (ip[i / 8] & mask)) return false;
      }
      return true;
    } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }
}
