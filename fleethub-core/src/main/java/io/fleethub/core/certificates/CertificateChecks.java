package io.fleethub.core.certificates;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

/**
 * The rules a CA certificate and a proof-of-possession certificate must meet. Each check throws
 * {@link HubException} with {@link ErrorCode#ARGUMENT_INVALID} and a message saying which rule failed.
 */
final class CertificateChecks {
  private static final String BASIC_CONSTRAINTS_OID = "2.5.29.19";
  private static final int KEY_CERT_SIGN = 5;

  private CertificateChecks() {}

  /**
   * Refuses a certificate that cannot serve as a CA: one expired at {@code now}, one whose basic constraints say
   * {@code CA:FALSE}, or one whose key usage leaves out {@code keyCertSign}. A certificate without those
   * extensions (an X.509 v1 root, for instance) is accepted.
   */
  static void requireUsableAsCa(X509Certificate certificate, Instant now) {
    if (now.isAfter(certificate.getNotAfter().toInstant())) {
      throw invalid("The certificate expired at " + certificate.getNotAfter().toInstant() + ".");
    }
    if (certificate.getExtensionValue(BASIC_CONSTRAINTS_OID) != null && certificate.getBasicConstraints() < 0) {
      throw invalid("The certificate is not a CA certificate: its basic constraints say CA:FALSE. Upload the root "
          + "or intermediate CA certificate that signs the device certificates.");
    }
    boolean[] keyUsage = certificate.getKeyUsage();
    if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
      throw invalid("The certificate cannot sign certificates: its key usage does not include keyCertSign.");
    }
  }

  /**
   * Requires {@code proof} to show possession of the CA's private key: its subject CN is the verification code,
   * it was signed with the CA's key, and it is within its validity period at {@code now}.
   */
  static void requireProofOfPossession(CertificateName name, X509Certificate ca, String verificationCode,
      X509Certificate proof, Instant now) {
    String commonName = CertificateCodec.commonName(proof);
    if (!verificationCode.equals(commonName)) {
      throw invalid("The verification certificate's subject CN '" + commonName + "' is not the verification code "
          + "last generated for certificate '" + name + "'.");
    }
    try {
      proof.verify(ca.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalid("The verification certificate was not signed with the private key of certificate '" + name
          + "'.");
    }
    try {
      proof.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw invalid("The verification certificate expired at " + proof.getNotAfter().toInstant() + ".");
    } catch (CertificateNotYetValidException e) {
      throw invalid("The verification certificate is not valid before " + proof.getNotBefore().toInstant() + ".");
    }
  }

  private static HubException invalid(String message) {
    return new HubException(ErrorCode.ARGUMENT_INVALID, message);
  }
}
