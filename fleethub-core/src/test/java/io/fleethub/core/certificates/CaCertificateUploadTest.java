package io.fleethub.core.certificates;

import io.fleethub.core.memory.InMemoryCaCertificateStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.TestClock;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.certificates.CaCertificateRegistry.Upload;
import io.fleethub.core.certificates.TestPki.Issued;
import io.fleethub.core.certificates.TestPki.Validity;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.registry.Etag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Uploading, replacing, listing and deleting CA certificates, with IoT Hub's etag rules. */
class CaCertificateUploadTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final Validity VALID =
      new Validity(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(365)));
  private static final CertificateName ROOT = CertificateName.of("contoso-root");
  private static final Issued CA = TestPki.rootCa("Contoso Root CA", VALID);
  private static final Issued OTHER_CA = TestPki.rootCa("Fabrikam Root CA", VALID);

  private final TestClock clock = new TestClock(START);
  private final InMemoryCaCertificateStore store = new InMemoryCaCertificateStore();
  private final CaCertificateRegistry registry = new CaCertificateRegistry(store, clock, KeyGenerator.secure());

  @Test
  void uploadsAPemCaCertificateUnverifiedWithWhatIotHubShowsOfIt() throws Exception {
    // WHEN
    Upload upload = registry.upload(ROOT, CA.pem(), false, Optional.empty());

    // THEN
    CaCertificate stored = upload.certificate();
    byte[] der = TestPki.der(CA.certificate());
    assertThat(upload.created()).isTrue();
    assertThat(stored.name()).isEqualTo(ROOT);
    assertThat(stored.subject()).isEqualTo("CN=Contoso Root CA");
    assertThat(stored.thumbprint())
        .isEqualTo(HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(der)));
    assertThat(stored.sha256Thumbprint())
        .isEqualTo(HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
    assertThat(stored.expiry()).isEqualTo(VALID.notAfter());
    assertThat(stored.created()).isEqualTo(START);
    assertThat(stored.updated()).isEqualTo(START);
    assertThat(stored.verified()).isFalse();
    assertThat(stored.verificationCode()).isEmpty();
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stored.etag()).isEqualTo(Etag.ofVersion(1));
    assertThat(stored.certificate()).isEqualTo(CA.pem());
    assertThat(registry.get(ROOT)).isEqualTo(stored);
  }

  @Test
  void acceptsBase64OfACerFileAndBase64OfPemTextAsTheAzureCliSendsThem() {
    // GIVEN
    String base64Pem = Base64.getEncoder().encodeToString(CA.pem().getBytes(StandardCharsets.US_ASCII));

    // WHEN
    CaCertificate fromDer = registry.upload(CertificateName.of("der"), TestPki.base64Der(CA.certificate()), false,
        Optional.empty()).certificate();
    CaCertificate fromBase64Pem = registry.upload(CertificateName.of("b64pem"), base64Pem, false, Optional.empty())
        .certificate();

    // THEN
    assertThat(fromDer.certificate()).isEqualTo(CA.pem());
    assertThat(fromBase64Pem.certificate()).isEqualTo(CA.pem());
  }

  @Test
  void uploadsAsVerifiedWhenProofOfPossessionIsWaived() {
    // WHEN
    CaCertificate stored = registry.upload(ROOT, CA.pem(), true, Optional.empty()).certificate();

    // THEN
    assertThat(stored.verified()).isTrue();
    assertThat(registry.verified()).containsExactly(CA.certificate());
  }

  @Test
  void refusesTextThatIsNoCertificate() {
    assertRefused(() -> registry.upload(ROOT, "   ", false, Optional.empty()), ErrorCode.ARGUMENT_INVALID, "empty");
    assertRefused(() -> registry.upload(ROOT, "not base64 at all!", false, Optional.empty()),
        ErrorCode.ARGUMENT_INVALID, "neither PEM text");
    assertRefused(() -> registry.upload(ROOT, Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), false,
        Optional.empty()), ErrorCode.ARGUMENT_INVALID, "not a valid X.509 certificate");
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void refusesTextHoldingAPrivateKey() {
    // GIVEN
    String withKey = CA.pem()
        + "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n";

    // THEN
    assertRefused(() -> registry.upload(ROOT, withKey, false, Optional.empty()), ErrorCode.ARGUMENT_INVALID,
        "private key");
  }

  @Test
  void refusesMoreThanOneCertificateAtOnce() {
    assertRefused(() -> registry.upload(ROOT, CA.pem() + OTHER_CA.pem(), false, Optional.empty()),
        ErrorCode.ARGUMENT_INVALID, "holds 2 certificates");
  }

  @Test
  void refusesACertificateWhoseBasicConstraintsSayItIsNoCa() {
    // GIVEN
    Issued deviceCertificate = TestPki.leaf(CA, "device-1", VALID);

    // THEN
    assertRefused(() -> registry.upload(ROOT, deviceCertificate.pem(), false, Optional.empty()),
        ErrorCode.ARGUMENT_INVALID, "CA:FALSE");
  }

  @Test
  void refusesACaWhoseKeyUsageCannotSignCertificates() {
    // GIVEN
    Issued cannotSign = TestPki.caWithoutKeyCertSign("Odd CA", VALID);

    // THEN
    assertRefused(() -> registry.upload(ROOT, cannotSign.pem(), false, Optional.empty()),
        ErrorCode.ARGUMENT_INVALID, "keyCertSign");
  }

  @Test
  void acceptsAVersionOneRootWithoutExtensions() {
    // GIVEN
    Issued legacyRoot = TestPki.versionOneRoot("Legacy Root", VALID);

    // WHEN
    CaCertificate stored = registry.upload(ROOT, legacyRoot.pem(), false, Optional.empty()).certificate();

    // THEN
    assertThat(stored.subject()).isEqualTo("CN=Legacy Root");
  }

  @Test
  void refusesAnExpiredCertificate() {
    // GIVEN
    Issued expired = TestPki.rootCa("Old Root", new Validity(START.minus(Duration.ofDays(30)), START.minusSeconds(1)));

    // THEN
    assertRefused(() -> registry.upload(ROOT, expired.pem(), false, Optional.empty()), ErrorCode.ARGUMENT_INVALID,
        "expired");
  }

  @Test
  void uploadingToATakenNameWithoutAnEtagIsAFailedPrecondition() {
    // GIVEN
    CaCertificate original = registry.upload(ROOT, CA.pem(), false, Optional.empty()).certificate();

    // THEN
    assertRefused(() -> registry.upload(ROOT, OTHER_CA.pem(), false, Optional.empty()),
        ErrorCode.PRECONDITION_FAILED, "If-Match");
    assertThat(registry.get(ROOT)).isEqualTo(original);
  }

  @Test
  void uploadingWithAStaleEtagIsAFailedPrecondition() {
    // GIVEN
    CaCertificate original = registry.upload(ROOT, CA.pem(), false, Optional.empty()).certificate();
    CaCertificate current = registry.generateVerificationCode(ROOT, original.etag());

    // THEN
    assertRefused(() -> registry.upload(ROOT, OTHER_CA.pem(), false, Optional.of(original.etag())),
        ErrorCode.PRECONDITION_FAILED, "does not match");
    assertThat(registry.get(ROOT)).isEqualTo(current);
  }

  @Test
  void creatingWithAnEtagIsAFailedPrecondition() {
    assertRefused(() -> registry.upload(ROOT, CA.pem(), false, Optional.of(Etag.ofVersion(1))),
        ErrorCode.PRECONDITION_FAILED, "no certificate");
    assertThat(registry.list()).isEmpty();
  }

  @Test
  void replacingUnderTheCurrentEtagStoresTheNewCertificateUnverifiedAndKeepsItsCreationTime() {
    // GIVEN
    CaCertificate original = registry.upload(ROOT, CA.pem(), true, Optional.empty()).certificate();
    CaCertificate withCode = registry.generateVerificationCode(ROOT, original.etag());
    clock.advance(Duration.ofMinutes(5));

    // WHEN
    Upload upload = registry.upload(ROOT, OTHER_CA.pem(), false, Optional.of(withCode.etag()));

    // THEN
    CaCertificate replaced = upload.certificate();
    assertThat(upload.created()).isFalse();
    assertThat(replaced.subject()).isEqualTo("CN=Fabrikam Root CA");
    assertThat(replaced.verified()).isFalse();
    assertThat(replaced.verificationCode()).isEmpty();
    assertThat(replaced.created()).isEqualTo(START);
    assertThat(replaced.updated()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThat(replaced.version()).isEqualTo(withCode.version() + 1);
    assertThat(registry.get(ROOT)).isEqualTo(replaced);
    assertThat(registry.verified()).isEmpty();
  }

  @Test
  void replacingWithTheSameCertificateKeepsItsVerification() {
    // GIVEN
    CaCertificate original = registry.upload(ROOT, CA.pem(), true, Optional.empty()).certificate();

    // WHEN
    CaCertificate replaced = registry.upload(ROOT, TestPki.base64Der(CA.certificate()), false,
        Optional.of(original.etag())).certificate();

    // THEN
    assertThat(replaced.verified()).isTrue();
    assertThat(registry.verified()).containsExactly(CA.certificate());
  }

  @Test
  void replacingUnderTheWildcardEtagNeedsNoCurrentEtag() {
    // GIVEN
    registry.upload(ROOT, CA.pem(), false, Optional.empty());

    // WHEN
    Upload upload = registry.upload(ROOT, OTHER_CA.pem(), false, Optional.of(Etag.ANY));

    // THEN
    assertThat(upload.certificate().subject()).isEqualTo("CN=Fabrikam Root CA");
  }

  @Test
  void unknownNameIsNotFoundAndTheListIsInNameOrder() {
    // GIVEN
    registry.upload(CertificateName.of("zeta"), CA.pem(), false, Optional.empty());
    registry.upload(CertificateName.of("Alpha"), OTHER_CA.pem(), false, Optional.empty());
    registry.upload(CertificateName.of("beta"), CA.pem(), false, Optional.empty());

    // THEN
    assertRefused(() -> registry.get(CertificateName.of("ZETA")), ErrorCode.NOT_FOUND, "ZETA");
    assertThat(registry.list()).extracting(c -> c.name().value()).containsExactly("Alpha", "beta", "zeta");
  }

  @Test
  void deleteNeedsTheCurrentEtag() {
    // GIVEN
    CaCertificate original = registry.upload(ROOT, CA.pem(), true, Optional.empty()).certificate();
    CaCertificate current = registry.generateVerificationCode(ROOT, original.etag());

    // THEN
    assertRefused(() -> registry.delete(ROOT, original.etag()), ErrorCode.PRECONDITION_FAILED, "does not match");
    assertThat(registry.get(ROOT)).isEqualTo(current);
    assertThat(registry.delete(ROOT, current.etag())).isTrue();
    assertThat(registry.list()).isEmpty();
    assertThat(registry.verified()).isEmpty();
  }

  @Test
  void deletingAnUnknownCertificateDoesNothing() {
    assertThat(registry.delete(ROOT, Etag.ANY)).isFalse();
    assertThat(registry.delete(ROOT, Etag.ofVersion(3))).isFalse();
  }

  @Test
  void deleteUnderTheWildcardEtagRemovesAnyVersion() {
    // GIVEN
    CaCertificate original = registry.upload(ROOT, CA.pem(), false, Optional.empty()).certificate();
    registry.generateVerificationCode(ROOT, original.etag());

    // WHEN
    boolean deleted = registry.delete(ROOT, Etag.ANY);

    // THEN
    assertThat(deleted).isTrue();
    assertRefused(() -> registry.get(ROOT), ErrorCode.NOT_FOUND, "contoso-root");
  }

  static void assertRefused(ThrowingCallable call, ErrorCode code, String messagePart) {
    HubException refusal = catchThrowableOfType(HubException.class, call);
    assertThat(refusal).as("expected a HubException").isNotNull();
    assertThat(refusal.code()).isEqualTo(code);
    assertThat(refusal.getMessage()).contains(messagePart);
  }
}
