package io.fleethub.core.certificates;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Reads and writes certificates in the forms IoT Hub's certificate API accepts, and derives what the API shows of
 * them. Stateless and thread-safe.
 */
final class CertificateCodec {
  private static final String PEM_BEGIN = "-----BEGIN";
  private static final Base64.Encoder PEM_BODY = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private CertificateCodec() {}

  /**
   * Reads exactly one X.509 certificate from PEM text, base64 of its DER encoding (a {@code .cer} file), or base64
   * of PEM text (what {@code az iot hub certificate create} sends). Text holding a private key is refused, so that
   * a key pasted by mistake is never stored.
   *
   * @param what names the input in the error message, e.g. "certificate"
   * @throws HubException {@link ErrorCode#ARGUMENT_INVALID} saying what is wrong with the input
   */
  static X509Certificate parse(String text, String what) {
    if (text == null || text.isBlank()) {
      throw invalid("The " + what + " is empty: give a PEM certificate or the base64 of a .cer file.");
    }
    byte[] input = decode(text.strip(), what);
    if (new String(input, StandardCharsets.US_ASCII).contains("PRIVATE KEY")) {
      throw invalid("The " + what + " holds a private key. Upload only the certificate; keep its key secret.");
    }
    Collection<? extends Certificate> certificates;
    try {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(input));
    } catch (CertificateException e) {
      throw invalid("The " + what + " is not a valid X.509 certificate: " + e.getMessage());
    }
    if (certificates.size() != 1) {
      throw invalid("The " + what + " holds " + certificates.size() + " certificates; give exactly one.");
    }
    return (X509Certificate) certificates.iterator().next();
  }

  /** The certificate as one PEM block with 64-character lines, ending in a newline. */
  static String toPem(X509Certificate certificate) {
    return "-----BEGIN CERTIFICATE-----\n" + PEM_BODY.encodeToString(encoded(certificate))
        + "\n-----END CERTIFICATE-----\n";
  }

  /** Upper-case hex of the digest ({@code SHA-1} or {@code SHA-256}) of the DER encoding. */
  static String thumbprint(X509Certificate certificate, String digest) {
    try {
      return HexFormat.of().withUpperCase()
          .formatHex(MessageDigest.getInstance(digest).digest(encoded(certificate)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks the " + digest + " digest", e);
    }
  }

  /** The subject as IoT Hub writes it, most specific part first: {@code CN=Contoso Root CA, O=Contoso}. */
  static String subject(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName(X500Principal.RFC1779);
  }

  /** The value of the subject's first CN attribute, or an empty string when it has none. */
  static String commonName(X509Certificate certificate) {
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      return "";
    }
    return "";
  }

  private static byte[] decode(String text, String what) {
    if (text.contains(PEM_BEGIN)) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }
    try {
      return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw invalid("The " + what + " is neither PEM text (-----BEGIN CERTIFICATE-----) nor base64.");
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate could not be encoded again", e);
    }
  }

  private static HubException invalid(String message) {
    return new HubException(ErrorCode.ARGUMENT_INVALID, message);
  }
}
