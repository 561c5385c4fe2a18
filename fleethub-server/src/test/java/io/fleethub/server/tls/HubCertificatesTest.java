package io.fleethub.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.server.tls.HubCertificates.CertificateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCertificatesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final ServerNames NAMES = ServerNames.forHub("fleethub.localhost", "0.0.0.0");

  @TempDir
  Path dir;

  @Test
  void firstStartCreatesACaAndAServerCertificateItSigned() throws Exception {
    // WHEN certificates are ensured in an empty directory
    CertificateFiles files = certificates(NOW).ensure(NAMES);

    // THEN the CA is a CA, and it signed the server certificate, which server.pem follows with the CA
    X509Certificate ca = Pem.readCertificates(files.caCertificate()).get(0);
    List<X509Certificate> chain = Pem.readCertificates(files.serverChain());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(chain).hasSize(2);
    assertThat(chain.get(1)).isEqualTo(ca);
    chain.get(0).verify(ca.getPublicKey());
    assertThat(chain.get(0).getBasicConstraints()).isEqualTo(-1);
    assertThat(CertificateIssuer.isKeyPair(chain.get(0).getPublicKey(), Pem.readPrivateKey(files.serverKey())))
        .isTrue();
    assertThat(chain.get(0).getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(800)));
  }

  @Test
  void theServerCertificateNamesTheHostLocalhostAndTheLoopbackAddress() throws Exception {
    CertificateFiles files = certificates(NOW).ensure(NAMES);

    X509Certificate server = Pem.readCertificates(files.serverChain()).get(0);
    assertThat(alternativeNames(server))
        .containsExactlyInAnyOrder(List.of(2, "fleethub.localhost"), List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void aSpecificBindAddressIsAddedToTheNames() throws Exception {
    CertificateFiles files = certificates(NOW).ensure(ServerNames.forHub("hub.example.org", "10.1.2.3"));

    X509Certificate server = Pem.readCertificates(files.serverChain()).get(0);
    assertThat(alternativeNames(server)).contains(List.of(7, "10.1.2.3"), List.of(2, "hub.example.org"));
  }

  @Test
  void keysAreReadableByTheirOwnerOnlyAndCertificatesByAll() throws IOException {
    CertificateFiles files = certificates(NOW).ensure(NAMES);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.serverKey()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.caCertificate())))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aLaterStartReusesTheCertificates() throws IOException {
    // GIVEN a directory where certificates were made
    CertificateFiles files = certificates(NOW).ensure(NAMES);
    byte[] ca = Files.readAllBytes(files.caCertificate());
    byte[] server = Files.readAllBytes(files.serverChain());
    byte[] key = Files.readAllBytes(files.serverKey());

    // WHEN a day later the same names are ensured
    certificates(NOW.plus(Duration.ofDays(1))).ensure(NAMES);

    // THEN nothing changed
    assertThat(Files.readAllBytes(files.caCertificate())).isEqualTo(ca);
    assertThat(Files.readAllBytes(files.serverChain())).isEqualTo(server);
    assertThat(Files.readAllBytes(files.serverKey())).isEqualTo(key);
  }

  @Test
  void aNewHostNameGetsANewServerCertificateFromTheSameCa() throws Exception {
    // GIVEN certificates for fleethub.localhost
    CertificateFiles files = certificates(NOW).ensure(NAMES);
    byte[] ca = Files.readAllBytes(files.caCertificate());

    // WHEN the hub starts as hub.example.org
    certificates(NOW).ensure(ServerNames.forHub("hub.example.org", "0.0.0.0"));

    // THEN the CA is the same, and it signed a server certificate for the new name
    assertThat(Files.readAllBytes(files.caCertificate())).isEqualTo(ca);
    X509Certificate caCertificate = Pem.readCertificates(files.caCertificate()).get(0);
    X509Certificate server = Pem.readCertificates(files.serverChain()).get(0);
    server.verify(caCertificate.getPublicKey());
    assertThat(alternativeNames(server)).contains(List.of(2, "hub.example.org")).doesNotContain(
        List.of(2, "fleethub.localhost"));
    assertThat(CertificateIssuer.isKeyPair(server.getPublicKey(), Pem.readPrivateKey(files.serverKey()))).isTrue();
  }

  @Test
  void aServerCertificateNearItsExpiryIsReissued() throws Exception {
    CertificateFiles files = certificates(NOW).ensure(NAMES);
    X509Certificate first = Pem.readCertificates(files.serverChain()).get(0);

    Instant nearExpiry = first.getNotAfter().toInstant().minus(Duration.ofDays(10));
    certificates(nearExpiry).ensure(NAMES);

    X509Certificate second = Pem.readCertificates(files.serverChain()).get(0);
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    assertThat(second.getNotAfter()).isAfter(first.getNotAfter());
  }

  @Test
  void aServerKeyThatDoesNotMatchItsCertificateIsReplaced() throws Exception {
    CertificateFiles files = certificates(NOW).ensure(NAMES);
    Files.copy(dir.resolve("ca-key.pem"), files.serverKey(), StandardCopyOption.REPLACE_EXISTING);

    certificates(NOW).ensure(NAMES);

    X509Certificate server = Pem.readCertificates(files.serverChain()).get(0);
    assertThat(CertificateIssuer.isKeyPair(server.getPublicKey(), Pem.readPrivateKey(files.serverKey()))).isTrue();
  }

  @Test
  void aCaWithoutItsKeyIsRefusedRatherThanSilentlyReplaced() throws IOException {
    certificates(NOW).ensure(NAMES);
    Files.delete(dir.resolve("ca-key.pem"));

    assertThatThrownBy(() -> certificates(NOW).ensure(NAMES))
        .isInstanceOf(CertificateSetupException.class)
        .hasMessageContaining("only one of ca.pem and ca-key.pem exists")
        .hasMessageContaining("delete both to create a new CA");
  }

  private HubCertificates certificates(Instant now) {
    return new HubCertificates(dir, new CertificateIssuer(), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Collection<List<?>> alternativeNames(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames();
  }
}
