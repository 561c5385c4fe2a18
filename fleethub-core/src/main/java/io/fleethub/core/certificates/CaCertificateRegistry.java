package io.fleethub.core.certificates;

import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.VerifiedCaCertificates;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.registry.Etag;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * IoT Hub's CA certificate registration over a {@link CaCertificateStore}: upload (create, or replace under an
 * {@code If-Match} etag), and proof of possession of the CA's private key (a generated verification code, then a
 * certificate with that code as subject CN signed with the CA's key). Verified, unexpired certificates are what
 * {@link #verified()} gives the device authenticator.
 *
 * <p>Refusals are {@link HubException}s: {@link ErrorCode#NOT_FOUND} for an unknown name,
 * {@link ErrorCode#PRECONDITION_FAILED} for a missing or stale etag (IoT Hub's 412001 "Invalid ETag supplied"),
 * {@link ErrorCode#ARGUMENT_INVALID} for an unusable certificate or a failed proof, and
 * {@link ErrorCode#INVALID_OPERATION} for a verification attempted before any code was generated. Thread-safe;
 * every method blocks on the store.
 */
public final class CaCertificateRegistry implements VerifiedCaCertificates {
  private static final String SHA_1 = "SHA-1";
  private static final String SHA_256 = "SHA-256";

  private final CaCertificateStore store;
  private final Clock clock;
  private final KeyGenerator keys;
  /** Parsed certificates by SHA-256 thumbprint, so that authenticating a device parses nothing. */
  private final ConcurrentMap<String, X509Certificate> parsed = new ConcurrentHashMap<>();

  public CaCertificateRegistry(CaCertificateStore store, Clock clock, KeyGenerator keys) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** What an upload did: the certificate as stored, and whether it was created rather than replaced. */
  public record Upload(CaCertificate certificate, boolean created) {}

  /**
   * Creates the certificate, or replaces the one of that name. Creating takes no {@code ifMatch}; replacing
   * requires the current etag (or {@link Etag#ANY}). A replaced certificate keeps its creation time, and stays
   * verified only when {@code verified} is asked for or its content is unchanged; a pending verification code
   * is dropped.
   *
   * @param certificate PEM text, base64 of the DER encoding, or base64 of PEM text
   * @param verified true to register the certificate as verified without proof of possession
   */
  public Upload upload(CertificateName name, String certificate, boolean verified, Optional<Etag> ifMatch) {
    X509Certificate x509 = CertificateCodec.parse(certificate, "certificate");
    Instant now = clock.instant();
    CertificateChecks.requireUsableAsCa(x509, now);
    Optional<CaCertificate> current = store.find(name);
    return current.isEmpty()
        ? new Upload(create(name, x509, verified, ifMatch, now), true)
        : new Upload(replace(current.get(), x509, verified, ifMatch, now), false);
  }

  /** {@link ErrorCode#NOT_FOUND} when no certificate has that name. */
  public CaCertificate get(CertificateName name) {
    return store.find(name).orElseThrow(() -> notFound(name));
  }

  /** Every registered certificate, in name order. */
  public List<CaCertificate> list() {
    return store.list();
  }

  /**
   * Issues a new verification code for the proof-of-possession flow, replacing any earlier one, if
   * {@code ifMatch} holds. The etag changes.
   */
  public CaCertificate generateVerificationCode(CertificateName name, Etag ifMatch) {
    CaCertificate current = get(name);
    requireMatch(ifMatch, current);
    return write(current, current.verified(), Optional.of(keys.verificationCode()));
  }

  /**
   * Marks the certificate verified if {@code proof} shows possession of its private key: the proof's subject CN is
   * the last generated verification code, it is signed with the CA's key, and it is valid by the hub's clock. The
   * code is used up.
   *
   * @param proof PEM text, base64 of the DER encoding, or base64 of PEM text
   */
  public CaCertificate verify(CertificateName name, Etag ifMatch, String proof) {
    CaCertificate current = get(name);
    requireMatch(ifMatch, current);
    String code = current.verificationCode().orElseThrow(() -> new HubException(ErrorCode.INVALID_OPERATION,
        "No verification code was generated for certificate '" + name + "'. Generate one, then upload a "
            + "certificate with the code as its subject CN, signed with the CA's private key."));
    X509Certificate proofCertificate = CertificateCodec.parse(proof, "verification certificate");
    CertificateChecks.requireProofOfPossession(name, x509(current), code, proofCertificate, clock.instant());
    return write(current, true, Optional.empty());
  }

  /**
   * Deletes the certificate if {@code ifMatch} holds; returns false, as IoT Hub does nothing, when no certificate
   * has that name.
   */
  public boolean delete(CertificateName name, Etag ifMatch) {
    Optional<CaCertificate> current = store.find(name);
    if (current.isEmpty()) {
      return false;
    }
    requireMatch(ifMatch, current.get());
    if (!store.delete(name, current.get().version())) {
      throw concurrentChange(name);
    }
    return true;
  }

  /** The verified certificates within their validity period by the hub's clock. */
  @Override
  public List<X509Certificate> verified() {
    Instant now = clock.instant();
    List<CaCertificate> verified = store.list().stream().filter(CaCertificate::verified).toList();
    Set<String> current = verified.stream().map(CaCertificate::sha256Thumbprint).collect(Collectors.toSet());
    parsed.keySet().retainAll(current);
    return verified.stream()
        .map(this::x509)
        .filter(certificate -> isValidAt(certificate, now))
        .toList();
  }

  private CaCertificate create(CertificateName name, X509Certificate x509, boolean verified,
      Optional<Etag> ifMatch, Instant now) {
    if (ifMatch.isPresent()) {
      throw new HubException(ErrorCode.PRECONDITION_FAILED, "There is no certificate '" + name + "' for the etag "
          + ifMatch.get().quoted() + " to match. Leave If-Match out to create it.");
    }
    CaCertificate created = describe(name, x509, now, now, verified, 1);
    if (!store.insert(created)) {
      throw new HubException(ErrorCode.PRECONDITION_FAILED, "Certificate '" + name
          + "' was created concurrently. Give its etag in If-Match to replace it.");
    }
    return created;
  }

  private CaCertificate replace(CaCertificate current, X509Certificate x509, boolean verified,
      Optional<Etag> ifMatch, Instant now) {
    Etag etag = ifMatch.orElseThrow(() -> new HubException(ErrorCode.PRECONDITION_FAILED, "Certificate '"
        + current.name() + "' exists. Give its etag in If-Match to replace it."));
    requireMatch(etag, current);
    boolean sameCertificate = current.sha256Thumbprint().equals(CertificateCodec.thumbprint(x509, SHA_256));
    CaCertificate replaced = describe(current.name(), x509, current.created(), now,
        verified || (sameCertificate && current.verified()), current.version() + 1);
    if (!store.replace(replaced, current.version())) {
      throw concurrentChange(current.name());
    }
    return replaced;
  }

  /** Stores the current certificate one version on, with the given verification state. */
  private CaCertificate write(CaCertificate current, boolean verified, Optional<String> verificationCode) {
    CaCertificate updated = new CaCertificate(current.name(), current.certificate(), current.subject(),
        current.thumbprint(), current.sha256Thumbprint(), current.expiry(), current.created(), clock.instant(),
        verified, verificationCode, current.version() + 1);
    if (!store.replace(updated, current.version())) {
      throw concurrentChange(current.name());
    }
    return updated;
  }

  private static CaCertificate describe(CertificateName name, X509Certificate x509, Instant created,
      Instant updated, boolean verified, long version) {
    return new CaCertificate(name, CertificateCodec.toPem(x509), CertificateCodec.subject(x509),
        CertificateCodec.thumbprint(x509, SHA_1), CertificateCodec.thumbprint(x509, SHA_256),
        x509.getNotAfter().toInstant(), created, updated, verified, Optional.empty(), version);
  }

  private X509Certificate x509(CaCertificate certificate) {
    return parsed.computeIfAbsent(certificate.sha256Thumbprint(),
        thumbprint -> CertificateCodec.parse(certificate.certificate(), "stored certificate"));
  }

  private static boolean isValidAt(X509Certificate certificate, Instant now) {
    return !now.isBefore(certificate.getNotBefore().toInstant()) && !now.isAfter(certificate.getNotAfter().toInstant());
  }

  private static void requireMatch(Etag ifMatch, CaCertificate current) {
    if (!ifMatch.matchesVersion(current.version())) {
      throw new HubException(ErrorCode.PRECONDITION_FAILED, "The etag " + ifMatch.quoted()
          + " does not match the current etag of certificate '" + current.name() + "'.");
    }
  }

  private static HubException concurrentChange(CertificateName name) {
    return new HubException(ErrorCode.PRECONDITION_FAILED,
        "Certificate '" + name + "' was changed or deleted concurrently.");
  }

  private static HubException notFound(CertificateName name) {
    return new HubException(ErrorCode.NOT_FOUND, "Certificate '" + name + "' is not registered.");
  }
}
