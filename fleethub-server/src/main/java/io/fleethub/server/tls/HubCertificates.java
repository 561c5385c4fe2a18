package io.fleethub.server.tls;

import io.fleethub.server.tls.CertificateIssuer.CertificateAuthority;
import io.fleethub.server.tls.CertificateIssuer.ServerCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's TLS material in its data directory, as PEM files: {@code ca.pem} and {@code ca-key.pem} (the hub CA,
 * which clients trust), {@code server.pem} (the server certificate followed by the CA certificate) and
 * {@code server-key.pem}.
 *
 * <p>{@link #ensure} creates what is missing and keeps what is still good: the CA is created once and never
 * replaced, so clients keep trusting the hub; the server certificate is reissued from that CA when it is missing,
 * does not carry the required names (the host name changed), is not signed by the CA, does not match its key, or
 * expires within {@link #RENEW_BEFORE}. Not thread-safe: one hub process owns a data directory.
 */
public final class HubCertificates {
  public static final String CA_CERTIFICATE = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String SERVER_CHAIN = "server.pem";
  public static final String SERVER_KEY = "server-key.pem";

  /** A server certificate closer than this to its expiry is reissued at start. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private static final Logger LOG = LoggerFactory.getLogger(HubCertificates.class);

  private final Path directory;
  private final CertificateIssuer issuer;
  private final Clock clock;

  /** Where the PEM files are, for the HTTPS listener and for clients. */
  public record CertificateFiles(Path caCertificate, Path serverChain, Path serverKey) {}

  public HubCertificates(Path directory, CertificateIssuer issuer, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Makes sure the directory holds a CA and a server certificate for {@code names}, creating or reissuing as
   * described above. Throws {@link CertificateSetupException} when a CA exists but cannot be used.
   */
  public CertificateFiles ensure(ServerNames names) {
    CertificateFiles files = files();
    Instant now = clock.instant();
    CertificateAuthority ca = loadCertificateAuthority().orElseGet(() -> createCertificateAuthority(names, now));
    Optional<String> reissueReason = reasonToReissue(ca, names, now);
    if (reissueReason.isPresent()) {
      ServerCertificate server = issuer.newServerCertificate(ca, names, now);
      Pem.writePrivateKey(files.serverKey(), server.privateKey());
      Pem.writeCertificates(files.serverChain(), List.of(server.certificate(), ca.certificate()));
      LOG.info("Issued a server certificate for {} ({}), valid until {}", String.join(", ", names.dnsNames()),
          reissueReason.get(), server.certificate().getNotAfter().toInstant());
    } else {
      LOG.debug("Reusing the server certificate in {}", files.serverChain());
    }
    return files;
  }

  public CertificateFiles files() {
    return new CertificateFiles(directory.resolve(CA_CERTIFICATE), directory.resolve(SERVER_CHAIN),
        directory.resolve(SERVER_KEY));
  }

  private CertificateAuthority createCertificateAuthority(ServerNames names, Instant now) {
    CertificateAuthority ca = issuer.newCertificateAuthority(names.hostName(), now);
    Pem.writePrivateKey(directory.resolve(CA_KEY), ca.privateKey());
    Pem.writeCertificates(directory.resolve(CA_CERTIFICATE), List.of(ca.certificate()));
    LOG.info("Created the hub CA {} in {}; clients must trust it", ca.certificate().getSubjectX500Principal(),
        directory.resolve(CA_CERTIFICATE));
    return ca;
  }

  private Optional<CertificateAuthority> loadCertificateAuthority() {
    Path certificateFile = directory.resolve(CA_CERTIFICATE);
    Path keyFile = directory.resolve(CA_KEY);
    boolean hasCertificate = Files.exists(certificateFile);
    boolean hasKey = Files.exists(keyFile);
    if (!hasCertificate && !hasKey) {
      return Optional.empty();
    }
    if (!hasCertificate || !hasKey) {
      throw unusableCa("only one of " + CA_CERTIFICATE + " and " + CA_KEY + " exists");
    }
    try {
      X509Certificate certificate = Pem.readCertificates(certificateFile).get(0);
      PrivateKey key = Pem.readPrivateKey(keyFile);
      if (!CertificateIssuer.isKeyPair(certificate.getPublicKey(), key)) {
        throw unusableCa(CA_KEY + " is not the key of " + CA_CERTIFICATE);
      }
      if (certificate.getNotAfter().toInstant().isBefore(clock.instant())) {
        throw unusableCa("the CA certificate expired on " + certificate.getNotAfter().toInstant());
      }
      return Optional.of(new CertificateAuthority(certificate, key));
    } catch (IOException e) {
      throw unusableCa(e.getMessage());
    }
  }

  /** Why the server certificate on disk must be replaced; empty when it is good. */
  private Optional<String> reasonToReissue(CertificateAuthority ca, ServerNames names, Instant now) {
    CertificateFiles files = files();
    if (!Files.exists(files.serverChain()) || !Files.exists(files.serverKey())) {
      return Optional.of("new");
    }
    X509Certificate server;
    PrivateKey key;
    try {
      server = Pem.readCertificates(files.serverChain()).get(0);
      key = Pem.readPrivateKey(files.serverKey());
    } catch (IOException e) {
      return Optional.of("the previous one could not be read: " + e.getMessage());
    }
    if (!isSignedBy(server, ca.certificate())) {
      return Optional.of("the previous one was not signed by the hub CA");
    }
    if (!names.areCoveredBy(server)) {
      return Optional.of("the host name changed");
    }
    if (server.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
      return Optional.of("the previous one expires on " + server.getNotAfter().toInstant());
    }
    if (!CertificateIssuer.isKeyPair(server.getPublicKey(), key)) {
      return Optional.of("the previous one did not match " + SERVER_KEY);
    }
    return Optional.empty();
  }

  private static boolean isSignedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private CertificateSetupException unusableCa(String reason) {
    return new CertificateSetupException("the hub CA in " + directory.toAbsolutePath() + " cannot be used: " + reason
        + ". Restore " + CA_CERTIFICATE + " and " + CA_KEY + ", or delete both to create a new CA"
        + " (clients must then trust the new " + CA_CERTIFICATE + ")");
  }
}
