package io.fleethub.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Device certificates made the way a device maker makes them (P-256 keys, SHA-256 signatures), and the
 * {@link SSLContext} an X.509 device hands the Azure device SDK: its key and chain for the TLS client
 * certificate, and the hub's CA as the only trusted root.
 */
final class DeviceCertificates {
  private static final Duration VALIDITY = Duration.ofDays(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private DeviceCertificates() {}

  /** A certificate with its private key, and the chain from it up to (and including) its root. */
  record Issued(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
    String pem() {
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        writer.writeObject(certificate);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return text.toString();
    }

    /** Hex SHA-1 of the DER encoding, upper case, as IoT Hub lists thumbprints. */
    String sha1Thumbprint() {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()))
            .toUpperCase(Locale.ROOT);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * A TLS 1.2 context, as the SDK's own {@code IotHubSSLContext} builds one, that presents this certificate
     * with its chain and trusts only the CA in {@code trustedCaPem}.
     */
    SSLContext clientContext(Path trustedCaPem) throws IOException, GeneralSecurityException {
      char[] password = "device".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("device", privateKey, password, chain.toArray(Certificate[]::new));
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream pem = Files.newInputStream(trustedCaPem)) {
        trust.setCertificateEntry("hub-ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
      }
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);

      SSLContext context = SSLContext.getInstance("TLSv1.2");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), RANDOM);
      return context;
    }
  }

  /** A self-signed end-entity certificate with subject {@code CN=commonName}. */
  static Issued selfSigned(String commonName) {
    KeyPair keys = newKeyPair();
    X509Certificate certificate = sign(name(commonName), keys, name(commonName), keys.getPrivate(), false);
    return new Issued(certificate, keys.getPrivate(), List.of(certificate));
  }

  /** A self-signed root CA certificate that may sign device certificates. */
  static Issued certificateAuthority(String commonName) {
    KeyPair keys = newKeyPair();
    X509Certificate certificate = sign(name(commonName), keys, name(commonName), keys.getPrivate(), true);
    return new Issued(certificate, keys.getPrivate(), List.of(certificate));
  }

  /** An end-entity certificate with subject {@code CN=commonName}, signed by {@code issuer}. */
  static Issued signedBy(Issued issuer, String commonName) {
    KeyPair keys = newKeyPair();
    X509Certificate certificate = sign(name(commonName), keys,
        X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), issuer.privateKey(), false);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(certificate);
    chain.addAll(issuer.chain());
    return new Issued(certificate, keys.getPrivate(), List.copyOf(chain));
  }

  private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
      boolean isCa) {
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa))
          .addExtension(Extension.keyUsage, true, isCa
              ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
              : new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500Name("CN=" + commonName);
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
