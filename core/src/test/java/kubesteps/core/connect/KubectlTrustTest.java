package kubesteps.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When kubectl's trust replaces fabric8's default trust store, and that the property is always put back. */
class KubectlTrustTest {
  @AfterEach
  void clear() {
    System.clearProperty(KubectlTrust.PROPERTY);
  }

  private static ConfigBuilder config() {
    return new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:6443");
  }

  @Test
  void appliesOnlyWhenTheClusterNamesItsCaAndNobodyChoseATrustStore() {
    assertTrue(KubectlTrust.applies(config().withCaCertData("Q0E=").build()));
    assertTrue(KubectlTrust.applies(config().withCaCertFile("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt").build()));
    assertFalse(KubectlTrust.applies(config().build()), "no CA: the JVM's roots, as kubectl uses the system's");
    assertFalse(KubectlTrust.applies(config().withCaCertData("Q0E=").withTrustCerts(true).build()), "insecure");
    assertFalse(KubectlTrust.applies(config().withCaCertData("Q0E=").withTrustStoreFile("/x.p12").build()));
    System.setProperty(KubectlTrust.PROPERTY, "/etc/my-roots.p12");
    assertFalse(KubectlTrust.applies(config().withCaCertData("Q0E=").build()), "the user's trust store");
  }

  @Test
  void setsThePropertyOnlyWhileBuildingAndAlwaysRestoresIt() {
    Config c = config().withCaCertData("Q0E=").build();
    assertEquals(KubectlTrust.NO_FILE, KubectlTrust.build(c, () -> System.getProperty(KubectlTrust.PROPERTY)));
    assertNull(System.getProperty(KubectlTrust.PROPERTY));
    assertThrows(IllegalStateException.class, () -> KubectlTrust.build(c, () -> {
      throw new IllegalStateException("build failed");
    }));
    assertNull(System.getProperty(KubectlTrust.PROPERTY));
    assertFalse(new java.io.File(KubectlTrust.NO_FILE).exists());
  }
}
