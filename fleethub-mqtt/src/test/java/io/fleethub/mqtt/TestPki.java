package io.fleethub.mqtt;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made with BouncyCastle: a test CA, a server certificate it signs (for {@code localhost},
 * 127.0.0.1 and the hub's host name, written as PEM for the endpoint), and device certificates, either
 * self-signed or signed by a separate device CA.
 */
final class TestPki {
  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  /** A certificate with its key. */
  record Issued(X509Certificate certificate, KeyPair keys) {
    /** The hex SHA-1 thumbprint IoT Hub registers for a self-signed device. */
    String sha1Thumbprint() {
      try {
        return HexFormat.of().withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Issued serverCa;
  private final Issued deviceCa;
  private final Path serverCertificatePem;
  private final Path serverKeyPem;

  private TestPki(Issued serverCa, Issued deviceCa, Path serverCertificatePem, Path serverKeyPem) {
    this.serverCa = serverCa;
    this.deviceCa = deviceCa;
    this.serverCertificatePem = serverCertificatePem;
    this.serverKeyPem = serverKeyPem;
  }

  /** A CA, a server certificate for {@code hostName} signed by it (chain written to PEM), and a device CA. */
  static TestPki create(Path directory, String hostName) {
    try {
      Issued serverCa = issue("CN=Fleethub Test Server CA", null, true, null);
      Issued server = issue("CN=" + hostName, serverCa, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, hostName), new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      Path certificatePem = directory.resolve("server-chain.pem");
      Path keyPem = directory.resolve("server-key.pem");
      Files.writeString(certificatePem, pem(server.certificate()) + pem(serverCa.certificate()));
      Files.writeString(keyPem, pem(new JcaPKCS8Generator(server.keys().getPrivate(), null)));
      Issued deviceCa = issue("CN=Fleethub Test Device CA", null, true, null);
      return new TestPki(serverCa, deviceCa, certificatePem, keyPem);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate test certificates", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path serverCertificatePem() {
    return serverCertificatePem;
  }

  Path serverKeyPem() {
    return serverKeyPem;
  }

  X509Certificate deviceCa() {
    return deviceCa.certificate();
  }

  Issued selfSignedDevice(String commonName) {
    return issueUnchecked("CN=" + commonName, null);
  }

  Issued caSignedDevice(String commonName) {
    return issueUnchecked("CN=" + commonName, deviceCa);
  }

  /** A client TLS context trusting the server CA, presenting no certificate. */
  SSLContext clientContext() {
    return clientContext(null);
  }

  /** A client TLS context trusting the server CA and presenting {@code device} (with its issuer, if any). */
  SSLContext clientContext(Issued device) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server-ca", serverCa.certificate());
      TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustFactory.init(trust);
      KeyManagerFactory keyFactory = null;
      if (device != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        Certificate[] chain = device.certificate().getIssuerX500Principal()
            .equals(device.certificate().getSubjectX500Principal())
            ? new Certificate[] {device.certificate()}
            : new Certificate[] {device.certificate(), deviceCa.certificate()};
        keys.setKeyEntry("device", device.keys().getPrivate(), "pw".toCharArray(), chain);
        keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(keys, "pw".toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyFactory == null ? null : keyFactory.getKeyManagers(), trustFactory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a client TLS context", e);
    }
  }

  private Issued issueUnchecked(String subject, Issued issuer) {
    try {
      return issue(subject, issuer, false, null);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a test certificate", e);
    }
  }

  private static Issued issue(String subject, Issued issuer, boolean ca, GeneralNames altNames)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name subjectName = new X500Name(subject);
    X500Name issuerName = issuer == null
        ? subjectName : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
        BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(30))), subjectName, keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }
    if (altNames != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, altNames);
    }
    KeyPair signer = issuer == null ? keys : issuer.keys();
    X509Certificate certificate = new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    return new Issued(certificate, keys);
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
