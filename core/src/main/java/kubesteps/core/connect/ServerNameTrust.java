package kubesteps.core.connect;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The cluster's {@code tls-server-name} ({@code --tls-server-name}): the server's certificate is checked against that
 * name instead of the URL's host, as Go's crypto/tls checks {@code ServerName} (the certificate's DNS and IP subject
 * alternative names; a wildcard for one leftmost label; the common name is not used). The JDK's HTTP client can only
 * check the URL's host, so the check is made here, in the trust manager, after the chain is checked by the one that
 * trusts the cluster's CA.
 */
final class ServerNameTrust extends X509ExtendedTrustManager {
  private final X509TrustManager chain;
  private final String serverName;

  private ServerNameTrust(X509TrustManager chain, String serverName) {
    this.chain = chain;
    this.serverName = serverName;
  }

  /** {@code managers} with each X.509 one checking the chain as before and the name against {@code serverName}. */
  static TrustManager[] wrap(TrustManager[] managers, String serverName) {
    TrustManager[] out = managers.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof X509TrustManager x) out[i] = new ServerNameTrust(x, serverName);
    }
    return out;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
      throws CertificateException {
    check(certs, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
    check(certs, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
    check(certs, authType);
  }

  private void check(X509Certificate[] certs, String authType) throws CertificateException {
    chain.checkServerTrusted(certs, authType); // the plain method: the chain, no host name
    if (!matches(certs[0], serverName)) {
      throw new CertificateException("x509: certificate is not valid for " + serverName + " (tls-server-name)");
    }
  }

  static boolean matches(X509Certificate cert, String name) throws CertificateParsingException {
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans == null) return false;
    boolean ip = name.matches("[0-9.]+") || name.contains(":");
    String want = name.toLowerCase(Locale.ROOT);
    for (List<?> san : sans) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
      if (ip && type == 7 && sameAddress(value, want)) return true;
      if (!ip && type == 2 && dnsMatches(value, want)) return true;
    }
    return false;
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.equals(host)) return true;
    if (!pattern.startsWith("*.")) return false;
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(pattern.substring(1));
  }

  private static boolean sameAddress(String a, String b) {
    try {
      return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
    chain.checkClientTrusted(certs, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
      throws CertificateException {
    chain.checkClientTrusted(certs, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
    chain.checkClientTrusted(certs, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chain.getAcceptedIssuers();
  }
}
