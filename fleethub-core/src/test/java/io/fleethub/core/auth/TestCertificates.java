package io.fleethub.core.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes X.509 certificates (EC P-256) for authentication tests: CAs, intermediates, leaves and self-signed ones. */
final class TestCertificates {
  private static final AtomicLong SERIALS = new AtomicLong(1000);

  private TestCertificates() {}

  /** A certificate with the private key that can sign others. */
  record Issued(X509Certificate certificate, KeyPair keys) {
    X500Name subject() {
      return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }
  }

  /** A self-signed leaf (not a CA), as a device with a registered thumbprint uses. */
  static Issued selfSigned(String commonName, Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    return new Issued(build(name, keys, name, keys, notBefore, notAfter, false), keys);
  }

  /** A self-signed root CA certificate. */
  static Issued rootCa(String commonName, Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeyPair();
    X500Name name = new X500Name("CN=" + commonName);
    return new Issued(build(name, keys, name, keys, notBefore, notAfter, true), keys);
  }

  /** An intermediate CA certificate signed by {@code issuer}. */
  static Issued intermediateCa(Issued issuer, String commonName, Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeyPair();
    return new Issued(
        build(issuer.subject(), issuer.keys(), new X500Name("CN=" + commonName), keys, notBefore, notAfter, true),
        keys);
  }

  /** A leaf certificate signed by {@code issuer}. */
  static Issued leaf(Issued issuer, String commonName, Instant notBefore, Instant notAfter) {
    KeyPair keys = newKeyPair();
    return new Issued(
        build(issuer.subject(), issuer.keys(), new X500Name("CN=" + commonName), keys, notBefore, notAfter, false),
        keys);
  }

  /** Hex (upper case, no separators) of the digest of the DER encoding: "SHA-1" or "SHA-256". */
  static String thumbprint(X509Certificate certificate, String digest) {
    try {
      return HexFormat.of().withUpperCase()
          .formatHex(MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
      Instant notBefore, Instant notAfter, boolean ca) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
          subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
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
