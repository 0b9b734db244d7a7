package kubesteps.core.connect;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Locale;
import kubesteps.core.error.ExitCode;
import kubesteps.core.error.StepException;

/**
 * fabric8's clients for a {@link RestConfig}: its configuration holds where the server is, TLS and the proxy, and no
 * credential at all; who the requests run as is added to each request by {@link AuthInterceptor}, which takes the
 * place of fabric8's token interceptor in every HTTP client made here (and in those fabric8 derives from them).
 */
public final class Clients {
  /** The JDK HTTP client transport, named: fabric8 would find it with a ServiceLoader search of every jar. */
  private static final JdkHttpClientFactory HTTP = new JdkHttpClientFactory();
  /** Without --request-timeout: kubectl's default is none; ours bounds a request that never answers. */
  static final int DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

  private final RestConfig rest;
  private final Config config;

  public Clients(RestConfig rest, String userAgent) {
    this.rest = rest;
    this.config = config(rest, userAgent);
  }

  /** fabric8's configuration: server, TLS, proxy, namespace, timeouts; no credentials (see the class comment). */
  static Config config(RestConfig rest, String userAgent) {
    java.net.URI proxy = rest.proxy();
    if (proxy != null) {
      String scheme = proxy.getScheme() == null ? "http" : proxy.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("socks5")) {
        proxy = SocksBridge.httpProxyFor(proxy);
      } else if (!scheme.equals("http") && !scheme.equals("https")) {
        // client-go's proxy-url schemes: http, https, socks5
        throw new StepException(ExitCode.INVALID_INPUT, "proxy " + scheme + "://" + proxy.getHost() + ":"
            + proxy.getPort() + ": unsupported scheme (http, https and socks5 proxies are)");
      }
    }
    ConfigBuilder b = new ConfigBuilder(Config.empty())
        .withMasterUrl(rest.server())
        .withNamespace(rest.namespace())
        .withCaCertFile(rest.caFile()).withCaCertData(rest.caData())
        .withClientCertFile(rest.certFile()).withClientCertData(rest.certData())
        .withClientKeyFile(rest.keyFile()).withClientKeyData(rest.keyData())
        .withTrustCerts(rest.insecure()).withDisableHostnameVerification(rest.insecure())
        .withUserAgent(userAgent)
        // retries are ours (kubesteps.core.retry.Retries): bounded by the command's deadline, with jitter
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(rest.requestTimeout() == null ? DEFAULT_REQUEST_TIMEOUT_MS
            : (int) Math.min(Integer.MAX_VALUE, rest.requestTimeout().toMillis()));
    if (rest.keyFile() != null || rest.keyData() != null) {
      b.withClientKeyAlgo(Config.getKeyAlgorithm(rest.keyFile(),
          rest.keyData()));
    }
    if (proxy != null) {
      // fabric8 picks httpsProxy for an https server and httpProxy for http; the choice is made (ProxyRules)
      b.withHttpsProxy(proxy.toString()).withHttpProxy(proxy.toString());
    }
    return b.build();
  }

  public Config config() {
    return config;
  }

  public RestConfig rest() {
    return rest;
  }

  /** fabric8's HTTP client alone: what plain requests need (core's ApiRequests). */
  public HttpClient httpClient() {
    return KubectlTrust.build(config, () -> {
      HttpClient.Builder b = HTTP.newBuilder(config);
      authenticate(b);
      return b.build();
    });
  }

  /** The whole fabric8 client, with {@code serialization}, over an HTTP client of its own. */
  public KubernetesClient client(KubernetesSerialization serialization) {
    return KubectlTrust.build(config, () -> new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(HTTP)
        .withHttpClientBuilderConsumer(this::authenticate).withKubernetesSerialization(serialization).build());
  }

  private void authenticate(HttpClient.Builder b) {
    b.addOrReplaceInterceptor(AuthInterceptor.NAME, new AuthInterceptor(rest.credentials(), rest.impersonation()));
    boolean execKeys = rest.credentials() instanceof ExecPlugin && rest.certFile() == null && rest.certData() == null;
    boolean serverName = rest.tlsServerName() != null && !rest.tlsServerName().isEmpty() && !rest.insecure();
    if (execKeys || serverName) {
      // TLS made again (called within KubectlTrust.build): the client certificate an exec plugin may give, and
      // the server's certificate checked against tls-server-name
      try {
        javax.net.ssl.KeyManager[] keys = execKeys ? new javax.net.ssl.KeyManager[] {
            ((ExecPlugin) rest.credentials()).clientKeys()} : SSLUtils.keyManagers(config);
        javax.net.ssl.TrustManager[] trust = SSLUtils.trustManagers(config);
        b.sslContext(keys, serverName ? ServerNameTrust.wrap(trust, rest.tlsServerName()) : trust);
      } catch (Exception e) {
        throw io.fabric8.kubernetes.client.KubernetesClientException.launderThrowable(e);
      }
    }
    if (rest.proxy() == null) b.proxyType(HttpClient.ProxyType.DIRECT);
  }
}
