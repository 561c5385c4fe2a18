package io.fleethub.core.certificates;

import io.fleethub.core.registry.Etag;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CA certificate registered with the hub, as the store holds it. The subject, thumbprints and expiry are read
 * from the certificate when it is uploaded and kept beside it, so that listing needs no parsing.
 *
 * @param certificate the certificate in PEM form (one {@code BEGIN CERTIFICATE} block)
 * @param subject the subject's distinguished name, e.g. {@code CN=Contoso Root CA, O=Contoso}
 * @param thumbprint hex SHA-1 of the DER encoding, upper case, as IoT Hub shows it
 * @param sha256Thumbprint hex SHA-256 of the DER encoding, upper case
 * @param expiry the certificate's {@code notAfter}
 * @param verified whether proof of possession of the CA's private key was given (or waived on upload)
 * @param verificationCode the code a proof-of-possession certificate must carry as its subject CN, once generated
 * @param version increases on every write; the etag is derived from it
 */
public record CaCertificate(
    CertificateName name,
    String certificate,
    String subject,
    String thumbprint,
    String sha256Thumbprint,
    Instant expiry,
    Instant created,
    Instant updated,
    boolean verified,
    Optional<String> verificationCode,
    long version) {
  private static final Pattern SHA1_HEX = Pattern.compile("[0-9A-F]{40}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9A-F]{64}");

  public CaCertificate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(thumbprint, "thumbprint");
    Objects.requireNonNull(sha256Thumbprint, "sha256Thumbprint");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(verificationCode, "verificationCode");
    if (!SHA1_HEX.matcher(thumbprint).matches()) {
      throw new IllegalArgumentException("thumbprint must be 40 upper-case hex digits (SHA-1)");
    }
    if (!SHA256_HEX.matcher(sha256Thumbprint).matches()) {
      throw new IllegalArgumentException("sha256Thumbprint must be 64 upper-case hex digits (SHA-256)");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, not " + version);
    }
  }

  public Etag etag() {
    return Etag.ofVersion(version);
  }
}
