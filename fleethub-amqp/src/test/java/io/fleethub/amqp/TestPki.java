package io.fleethub.amqp;

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
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
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
 * Test certificates made with BouncyCastle: a test CA and a server certificate it signs for the hub's host name,
 * {@code localhost} and 127.0.0.1, written as PEM for the endpoint.
 */
final class TestPki {
  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  private final X509Certificate serverCa;
  private final Path serverCertificatePem;
  private final Path serverKeyPem;

  private TestPki(X509Certificate serverCa, Path serverCertificatePem, Path serverKeyPem) {
    this.serverCa = serverCa;
    this.serverCertificatePem = serverCertificatePem;
    this.serverKeyPem = serverKeyPem;
  }

  static TestPki create(String hostName) {
    try {
      Path directory = Files.createTempDirectory("fleethub-amqp-test");
      directory.toFile().deleteOnExit();
      KeyPair caKeys = keys();
      X509Certificate ca = issue("CN=Fleethub Test Server CA", caKeys, null, null, true, null);
      KeyPair serverKeys = keys();
      X509Certificate server = issue("CN=" + hostName, serverKeys, ca, caKeys, false, new GeneralNames(
          new GeneralName[] {new GeneralName(GeneralName.dNSName, hostName),
              new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      Path certificatePem = directory.resolve("server-chain.pem");
      Path keyPem = directory.resolve("server-key.pem");
      Files.writeString(certificatePem, pem(server) + pem(ca));
      Files.writeString(keyPem, pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
      return new TestPki(ca, certificatePem, keyPem);
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

  /** The CA as PEM, for clients that take trust as PEM. */
  String caPem() {
    try {
      return pem(serverCa);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client TLS context trusting the server CA. */
  SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("server-ca", serverCa);
      TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustFactory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustFactory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a client TLS context", e);
    }
  }

  private static KeyPair keys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate issue(String subject, KeyPair keys, X509Certificate issuer, KeyPair issuerKeys,
      boolean ca, GeneralNames altNames) throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name subjectName = new X500Name(subject);
    X500Name issuerName = issuer == null
        ? subjectName : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
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
    KeyPair signer = issuerKeys == null ? keys : issuerKeys;
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
