package io.fleethub.testkit.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * EC P-256 certificates for tests of CA registration and X.509 device authentication: root CAs, and leaves
 * (proofs of possession, device certificates) signed by a CA's key, or forged: naming a CA as issuer but signed
 * by another key. Each is valid from a day before to a year after the instant it is made for (now, unless a
 * test's clock says otherwise). Thread-safe.
 */
public final class TestCertificates {
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xFFFFFFFL);

  private TestCertificates() {}

  /** A certificate with its key pair. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    public X500Name subject() {
      return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    public String pem() {
      return TestCertificates.pem(certificate);
    }

    /** The private key in PKCS#8 PEM form. */
    public String privateKeyPem() {
      return "-----BEGIN PRIVATE KEY-----\n" + mime(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    public byte[] der() {
      try {
        return certificate.getEncoded();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A self-signed root CA valid around now: CA:TRUE, key usage keyCertSign and cRLSign. */
  public static Issued rootCa(String commonName) {
    return rootCa(commonName, Instant.now());
  }

  /** A self-signed root CA valid around {@code now}. */
  public static Issued rootCa(String commonName, Instant now) {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    return new Issued(v3(name, keys, name, keys, now, new BasicConstraints(true),
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys);
  }

  /** A leaf (CA:FALSE) with the given CN, signed by {@code issuer}, valid around now. */
  public static Issued leaf(Issued issuer, String commonName) {
    return leaf(issuer, commonName, Instant.now());
  }

  /** A leaf (CA:FALSE) with the given CN, signed by {@code issuer}, valid around {@code now}. */
  public static Issued leaf(Issued issuer, String commonName, Instant now) {
    return leafSignedBy(issuer.subject(), issuer.keys(), commonName, now);
  }

  /** A leaf naming {@code issuer} as its issuer, but signed with a key pair made for the purpose. */
  public static Issued forgedLeaf(Issued issuer, String commonName) {
    return leafSignedBy(issuer.subject(), newKeyPair(), commonName, Instant.now());
  }

  /** A leaf naming {@code issuer} as its issuer, signed with {@code signingKeys}. */
  public static Issued leafSignedBy(X500Name issuer, KeyPair signingKeys, String commonName, Instant now) {
    KeyPair keys = newKeyPair();
    return new Issued(v3(issuer, signingKeys, new X500Name("CN=" + commonName), keys, now,
        new BasicConstraints(false), new KeyUsage(KeyUsage.digitalSignature)), keys);
  }

  /** A key pair no certificate was made for, to sign forgeries with. */
  public static KeyPair strangerKeys() {
    return newKeyPair();
  }

  public static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n" + mime(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String mime(byte[] der) {
    return Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
  }

  private static X509Certificate v3(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
      Instant now, BasicConstraints basicConstraints, KeyUsage keyUsage) {
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(365))), subject, subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, basicConstraints);
      builder.addExtension(Extension.keyUsage, true, keyUsage);
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
