package kubesteps.core.cli;

/**
 * Start-up work that does not depend on the command line, done on another core while picocli reads it (a tenth of a
 * second): the TLS provider's set-up (its cipher-suite tables, the trust manager factory, the X.509 and key store
 * machinery, the runtime's root-certificate fingerprints every handshake reads) and one key agreement of the kind
 * the handshake will do, so that its code is compiled by then, and
 * the classes the first steps of every tool load (fabric8's Config, the kubeconfig's YAML reader, the JSON parser).
 * Nothing here is kept: the same calls made later find the work done. A failure is ignored (the later calls fail
 * in their own words); the thread is a daemon and never delays the exit.
 */
final class Warmup {
  private Warmup() {}

  static void start() {
    if ("off".equals(System.getenv("KUBE_STEPS_WARMUP"))) return;
    Thread t = new Thread(Warmup::run, "kube-steps-warmup");
    t.setDaemon(true);
    t.start();
  }

  /** In the order the tools need them. */
  private static void run() {
    try {
      Class.forName("io.fabric8.kubernetes.client.Config");
      Class.forName("org.snakeyaml.engine.v2.api.Load");
      javax.net.ssl.SSLContext.getInstance("TLS");
      javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType()).load(null, null);
      java.security.cert.CertificateFactory.getInstance("X.509");
      Class.forName("kubesteps.core.resource.ObjectMaps");
      // read by every TLS handshake, whatever is trusted: the fingerprints of the Java runtime's own root
      // certificates (its cacerts, for the jdkCA algorithm constraints), a quarter of the handshake's time
      Class.forName("sun.security.util.AnchorCertificates", true, null);
      java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
    } catch (Exception | LinkageError e) {
      // later calls report their own failure
    }
  }
}
