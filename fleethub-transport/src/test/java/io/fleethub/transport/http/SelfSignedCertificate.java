package io.fleethub.transport.http;

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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed EC server certificate for {@code localhost}, 127.0.0.1 and the test hub's host name
 * ({@link RunningHub#HOST_NAME}, which clients that verify host names reach through a proxy), written as PEM files
 * for tests (the key in PKCS#8).
 */
public final class SelfSignedCertificate {
  private final X509Certificate certificate;
  private final Path certificatePem;
  private final Path privateKeyPem;

  private SelfSignedCertificate(X509Certificate certificate, Path certificatePem, Path privateKeyPem) {
    this.certificate = certificate;
    this.certificatePem = certificatePem;
    this.privateKeyPem = privateKeyPem;
  }

  /** Generates a key pair and certificate and writes both as PEM into {@code directory}. */
  public static SelfSignedCertificate generate(Path directory) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X509Certificate certificate = sign(keys);
      Path certificatePem = directory.resolve("server-cert.pem");
      Path privateKeyPem = directory.resolve("server-key.pem");
      Files.writeString(certificatePem, pem(certificate));
      Files.writeString(privateKeyPem, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
      return new SelfSignedCertificate(certificate, certificatePem, privateKeyPem);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate a test certificate", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public Path certificatePem() {
    return certificatePem;
  }

  public Path privateKeyPem() {
    return privateKeyPem;
  }

  /** A TLS client context that trusts this certificate and nothing else. */
  public SSLContext trustingContext() {
    try {
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      trustStore.setCertificateEntry("fleethub-test", certificate);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store for the test certificate", e);
    }
  }

  private static X509Certificate sign(KeyPair keys)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), name, keys.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.dNSName, RunningHub.HOST_NAME),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString();
  }
}
