package kubesteps.core.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority the test makes (Bouncy Castle, which kube-api-test brings in test scope): signs client
 * certificates that the test API server trusts ({@link ConnectCluster} makes it the server's {@code --client-ca-file})
 * and self-signed server certificates. Keys as PEM in the formats kubeconfigs carry: PKCS#1 ({@code RSA PRIVATE KEY}),
 * PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}).
 */
public final class TestCa {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final KeyPair key;
  private final X509Certificate cert;

  private TestCa(KeyPair key, X509Certificate cert) {
    this.key = key;
    this.cert = cert;
  }

  /** A key pair and certificate. */
  public record Issued(X509Certificate cert, PrivateKey key) {
    public String certPem() {
      return pem(cert);
    }

    /**
     * The key as {@code openssl genrsa} / {@code openssl ecparam -genkey} write it: PKCS#1 ({@code RSA PRIVATE KEY})
     * for RSA, SEC1 with the named curve and the public key ({@code EC PRIVATE KEY}) for EC.
     */
    public String keyPem() {
      if (!(key instanceof java.security.interfaces.ECPrivateKey ec)) return pem(key);
      try {
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
        var pub = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded());
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
            pub.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters());
        return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The key as PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public String keyPkcs8Pem() {
      try {
        return pem(new JcaPKCS8Generator(key, null).generate());
      } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Writes {@code name.crt} and {@code name.key} into {@code dir} (PKCS#8 key when {@code pkcs8}). */
    public Path[] writeTo(Path dir, String name, boolean pkcs8) {
      try {
        Files.createDirectories(dir);
        Path c = Files.writeString(dir.resolve(name + ".crt"), certPem());
        Path k = Files.writeString(dir.resolve(name + ".key"), pkcs8 ? keyPkcs8Pem() : keyPem());
        return new Path[] {c, k};
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A new self-signed CA named {@code dn} (e.g. {@code "O=system:masters,CN=kubeapitest"}). Its certificate carries
   * no extended key usage, so it may also serve as a client certificate itself (kube-api-test's admin kubeconfig uses
   * its client CA's certificate as the admin's client certificate).
   */
  public static TestCa create(String dn) {
    KeyPair kp = keyPair("RSA");
    X500Name name = new X500Name(dn);
    try {
      JcaX509v3CertificateBuilder b = builder(name, name, kp);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
          | KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      return new TestCa(kp, sign(b, kp.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A client certificate for user {@code cn} in groups {@code orgs} (the API server reads CN as the user name and each
   * O as a group), signed by this CA; {@code algorithm} "RSA" or "EC".
   */
  public Issued client(String algorithm, String cn, String... orgs) {
    StringBuilder dn = new StringBuilder();
    for (String o : orgs) dn.append("O=").append(o).append(',');
    dn.append("CN=").append(cn);
    KeyPair kp = keyPair(algorithm);
    try {
      JcaX509v3CertificateBuilder b = builder(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()),
          new X500Name(dn.toString()), kp);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      return new Issued(sign(b, key.getPrivate()), kp.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A self-signed server certificate for {@code dn} with the subject alternative names {@code sans} (as kube-api-test
   * makes its API server's: trusted by naming the certificate itself as the certificate authority).
   */
  public static Issued selfSignedServer(String dn, GeneralName... sans) {
    KeyPair kp = keyPair("RSA");
    X500Name name = new X500Name(dn);
    try {
      JcaX509v3CertificateBuilder b = builder(name, name, kp);
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      return new Issued(sign(b, kp.getPrivate()), kp.getPrivate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }

  public static GeneralName ip(String address) {
    return new GeneralName(GeneralName.iPAddress, address);
  }

  public X509Certificate cert() {
    return cert;
  }

  public Issued asIssued() {
    return new Issued(cert, key.getPrivate());
  }

  public String certPem() {
    return pem(cert);
  }

  private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair kp) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(365, ChronoUnit.DAYS)), subject, kp.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer) {
    try {
      String alg = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
    } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair(String algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize("EC".equals(algorithm) ? 256 : 2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(Object o) {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s.toString();
  }
}
