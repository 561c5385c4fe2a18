package io.fleethub.core.certificates;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes certificates (EC P-256) for the CA certificate tests: CAs, proof-of-possession leaves, and the
 * certificates the upload rules refuse. Every certificate is valid over the given period.
 */
final class TestPki {
  private static final AtomicLong SERIALS = new AtomicLong(5000);

  private TestPki() {}

  /** A certificate with its private key. */
  record Issued(X509Certificate certificate, KeyPair keys) {
    X500Name subject() {
      return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    String pem() {
      return TestPki.pem(certificate);
    }
  }

  /** The validity period of a certificate. */
  record Validity(Instant notBefore, Instant notAfter) {}

  /** A self-signed root CA: basic constraints CA:TRUE, key usage keyCertSign and cRLSign. */
  static Issued rootCa(String commonName, Validity validity) {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    return new Issued(v3(name, keys, name, keys, validity, new BasicConstraints(true),
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), keys);
  }

  /** A leaf signed by {@code issuer}'s key: basic constraints CA:FALSE, key usage digitalSignature. */
  static Issued leaf(Issued issuer, String commonName, Validity validity) {
    return leafSignedBy(issuer.subject(), issuer.keys(), commonName, validity);
  }

  /** A leaf naming {@code issuer} as its issuer but signed with {@code signingKeys}. */
  static Issued leafSignedBy(X500Name issuer, KeyPair signingKeys, String commonName, Validity validity) {
    KeyPair keys = newKeyPair();
    return new Issued(v3(issuer, signingKeys, new X500Name("CN=" + commonName), keys, validity,
        new BasicConstraints(false), new KeyUsage(KeyUsage.digitalSignature)), keys);
  }

  /** A self-signed certificate that says it is a CA but whose key usage leaves out keyCertSign. */
  static Issued caWithoutKeyCertSign(String commonName, Validity validity) {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    return new Issued(v3(name, keys, name, keys, validity, new BasicConstraints(true),
        new KeyUsage(KeyUsage.digitalSignature)), keys);
  }

  /** A self-signed X.509 version 1 certificate: no extensions at all, as some old roots are. */
  static Issued versionOneRoot(String commonName, Validity validity) {
    try {
      KeyPair keys = newKeyPair();
      X500Name name = new X500Name("CN=" + commonName);
      X509CertificateHolder holder = new JcaX509v1CertificateBuilder(name, serial(), Date.from(validity.notBefore()),
          Date.from(validity.notAfter()), name, keys.getPublic()).build(signer(keys));
      return new Issued(new JcaX509CertificateConverter().getCertificate(holder), keys);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(X509Certificate certificate) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der(certificate))
        + "\n-----END CERTIFICATE-----\n";
  }

  /** Base64 of the DER encoding, as a .cer file is uploaded. */
  static String base64Der(X509Certificate certificate) {
    return Base64.getEncoder().encodeToString(der(certificate));
  }

  static byte[] der(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate v3(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
      Validity validity, BasicConstraints basicConstraints, KeyUsage keyUsage) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
          Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, basicConstraints);
      builder.addExtension(Extension.keyUsage, true, keyUsage);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKeys)));
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ContentSigner signer(KeyPair keys) {
    try {
      return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
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
