package io.fleethub.testkit.store;

import io.fleethub.core.certificates.CaCertificate;
import io.fleethub.core.certificates.CertificateName;
import java.time.Instant;
import java.util.Optional;

/**
 * CA certificate records for store tests. The stores never parse the certificate text, so the examples carry
 * PEM-shaped text of realistic size rather than real certificates; instants carry microseconds.
 */
public final class CaCertificateExamples {
  public static final Instant EXPIRY = Instant.parse("2036-02-29T23:59:59Z");
  public static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");
  public static final Instant UPDATED = Instant.parse("2026-03-02T08:30:15.654321Z");

  private CaCertificateExamples() {}

  /** An unverified certificate at version 1 with a pending verification code. */
  public static CaCertificate certificate(String name) {
    return new CaCertificate(CertificateName.of(name), pem(name), "CN=" + name + " Root CA, O=Contoso, C=US",
        hex('A', 40), hex('B', 64), EXPIRY, CREATED, CREATED, false,
        Optional.of("75B86466DA34D2B04C0C4C9557A119687ADAE7D4732BDDB3"), 1);
  }

  /** A copy one version on, verified, with its code used up and every other stored field but the name changed. */
  public static CaCertificate changed(CaCertificate certificate) {
    return new CaCertificate(certificate.name(), pem(certificate.name().value() + "-renewed"),
        certificate.subject() + " (renewed)", hex('C', 40), hex('D', 64), EXPIRY.plusSeconds(86_400),
        certificate.created(), UPDATED, !certificate.verified(), Optional.empty(), certificate.version() + 1);
  }

  /** PEM-shaped text of about 1.5 KB, different for each seed. */
  private static String pem(String seed) {
    String body = (seed + "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa").repeat(24);
    StringBuilder pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
    for (int i = 0; i < body.length(); i += 64) {
      pem.append(body, i, Math.min(body.length(), i + 64)).append('\n');
    }
    return pem.append("-----END CERTIFICATE-----\n").toString();
  }

  private static String hex(char digit, int length) {
    return String.valueOf(digit).repeat(length);
  }
}
