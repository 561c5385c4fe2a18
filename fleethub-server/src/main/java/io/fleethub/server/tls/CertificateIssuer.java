package io.fleethub.server.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the hub's certificates with BouncyCastle: a self-signed CA, and server certificates it signs. RSA 2048
 * with SHA-256, which every TLS client the Azure SDKs run on accepts. Signing uses the JDK's providers; no
 * security provider is installed. Thread-safe.
 */
public final class CertificateIssuer {
  /** How long the CA is valid: long, since every client trusts it. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /** How long a server certificate is valid: 825 days, the most Apple platforms accept. */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(825);

  private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
  private static final Duration BACKDATE = Duration.ofHours(1);

  private final SecureRandom random = new SecureRandom();

  /** A CA certificate and its key. */
  public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {}

  /** A server certificate signed by a CA, and the server's key. */
  public record ServerCertificate(X509Certificate certificate, PrivateKey privateKey) {}

  /** A new self-signed CA, valid from an hour before {@code now} for {@link #CA_VALIDITY}. */
  public CertificateAuthority newCertificateAuthority(String hostName, Instant now) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Fleethub")
        .addRDN(BCStyle.CN, "Fleethub CA " + hostName + " " + Long.toHexString(random.nextInt() & 0xffff_ffffL))
        .build();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(now),
          Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the hub CA certificate: " + e.getMessage(), e);
    }
  }

  /** A new server key and certificate for {@code names}, signed by {@code ca}, valid for {@link #SERVER_VALIDITY}. */
  public ServerCertificate newServerCertificate(CertificateAuthority ca, ServerNames names, Instant now) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Fleethub")
        .addRDN(BCStyle.CN, names.hostName())
        .build();
    Instant notAfter = min(now.plus(SERVER_VALIDITY), ca.certificate().getNotAfter().toInstant());
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
          notBefore(now), Date.from(notAfter), subject, keys.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(names));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          extensions.createSubjectKeyIdentifier(keys.getPublic()));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          extensions.createAuthorityKeyIdentifier(ca.certificate()));
      return new ServerCertificate(sign(builder, ca.privateKey()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the hub's server certificate: " + e.getMessage(), e);
    }
  }

  /** True when {@code privateKey} is the private half of {@code publicKey} (checked by signing). */
  public static boolean isKeyPair(PublicKey publicKey, PrivateKey privateKey) {
    try {
      byte[] probe = "fleethub key pair probe".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static GeneralNames subjectAlternativeNames(ServerNames names) {
    List<GeneralName> entries = new ArrayList<>();
    names.dnsNames().forEach(dns -> entries.add(new GeneralName(GeneralName.dNSName, dns)));
    names.ipAddresses().forEach(ip -> entries.add(new GeneralName(GeneralName.iPAddress, ip)));
    return new GeneralNames(entries.toArray(GeneralName[]::new));
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
  }

  private KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is not available", e);
    }
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static Date notBefore(Instant now) {
    return Date.from(now.minus(BACKDATE));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
