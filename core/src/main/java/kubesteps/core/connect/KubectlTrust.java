package kubesteps.core.connect;

import io.fabric8.kubernetes.client.Config;
import java.util.function.Supplier;

/**
 * kubectl's trust for a cluster that names its certificate authority (a kubeconfig's certificate-authority or
 * certificate-authority-data, a pod's service-account ca.crt): that CA, and no other.
 *
 * <p>fabric8 adds the named CA to the JVM's default trust store, which it first loads from {@code cacerts} (some 140
 * roots, a tenth of a short command's start-up) unless {@code javax.net.ssl.trustStore} names another file; a name
 * that is no file gives it an empty store. While the client is built (its TLS context is made then, once), this
 * sets that property to a path that cannot exist, and restores it. Nothing changes when the cluster names no CA (the
 * JVM's roots are then trusted, as kubectl trusts the system's), when TLS checks are off
 * (insecure-skip-tls-verify), or when the user chose a trust store ({@code javax.net.ssl.trustStore} or fabric8's
 * own setting).
 */
final class KubectlTrust {
  static final String PROPERTY = "javax.net.ssl.trustStore";
  /** Under /dev/null, which is no folder: no file can ever be there. */
  static final String NO_FILE = "/dev/null/kube-steps-no-default-trust-store";

  private KubectlTrust() {}

  static boolean applies(Config config) {
    boolean caGiven = notEmpty(config.getCaCertData()) || notEmpty(config.getCaCertFile());
    return caGiven && !config.isTrustCerts() && !notEmpty(config.getTrustStoreFile())
        && System.getProperty(PROPERTY) == null;
  }

  /** Runs {@code build} (which makes the client's TLS context from {@code config}) with kubectl's trust. */
  static <T> T build(Config config, Supplier<T> build) {
    synchronized (KubectlTrust.class) {
      if (!applies(config)) return build.get();
      System.setProperty(PROPERTY, NO_FILE);
      try {
        return build.get();
      } finally {
        System.clearProperty(PROPERTY);
      }
    }
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
