package io.fleethub.core.certificates;

import io.fleethub.core.memory.InMemoryCaCertificateStore;
import static io.fleethub.core.certificates.CaCertificateUploadTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.TestClock;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.certificates.TestPki.Issued;
import io.fleethub.core.certificates.TestPki.Validity;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.registry.Etag;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The proof-of-possession flow: a verification code, then a certificate with that CN signed by the CA's key. */
class CaCertificateProofOfPossessionTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final Validity VALID =
      new Validity(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(365)));
  private static final CertificateName ROOT = CertificateName.of("contoso-root");
  private static final Issued CA = TestPki.rootCa("Contoso Root CA", VALID);

  private final TestClock clock = new TestClock(START);
  private final CaCertificateRegistry registry =
      new CaCertificateRegistry(new InMemoryCaCertificateStore(), clock, KeyGenerator.secure());

  @Test
  void generatesAFortyEightDigitHexCodeAndANewEtag() {
    // GIVEN
    CaCertificate uploaded = upload();
    clock.advance(Duration.ofSeconds(30));

    // WHEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, uploaded.etag());

    // THEN
    assertThat(withCode.verificationCode()).get().asString().matches("[0-9A-F]{48}");
    assertThat(withCode.verified()).isFalse();
    assertThat(withCode.etag()).isNotEqualTo(uploaded.etag());
    assertThat(withCode.updated()).isEqualTo(START.plusSeconds(30));
    assertThat(registry.get(ROOT)).isEqualTo(withCode);
  }

  @Test
  void generatingACodeNeedsTheCurrentEtagAndAnExistingCertificate() {
    // GIVEN
    CaCertificate uploaded = upload();
    registry.generateVerificationCode(ROOT, uploaded.etag());

    // THEN
    assertRefused(() -> registry.generateVerificationCode(ROOT, uploaded.etag()), ErrorCode.PRECONDITION_FAILED,
        "does not match");
    assertRefused(() -> registry.generateVerificationCode(CertificateName.of("unknown"), Etag.ANY),
        ErrorCode.NOT_FOUND, "unknown");
  }

  @Test
  void proofSignedWithTheCaKeyAndCarryingTheCodeVerifiesTheCertificate() {
    // GIVEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, upload().etag());
    Issued proof = TestPki.leaf(CA, withCode.verificationCode().orElseThrow(), VALID);
    clock.advance(Duration.ofMinutes(1));

    // WHEN
    CaCertificate verified = registry.verify(ROOT, withCode.etag(), proof.pem());

    // THEN
    assertThat(verified.verified()).isTrue();
    assertThat(verified.verificationCode()).isEmpty();
    assertThat(verified.version()).isEqualTo(withCode.version() + 1);
    assertThat(verified.updated()).isEqualTo(START.plus(Duration.ofMinutes(1)));
    assertThat(registry.get(ROOT)).isEqualTo(verified);
    assertThat(registry.verified()).containsExactly(CA.certificate());
  }

  @Test
  void proofMayComeAsBase64OfACerFile() {
    // GIVEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, upload().etag());
    Issued proof = TestPki.leaf(CA, withCode.verificationCode().orElseThrow(), VALID);

    // WHEN
    CaCertificate verified = registry.verify(ROOT, withCode.etag(), TestPki.base64Der(proof.certificate()));

    // THEN
    assertThat(verified.verified()).isTrue();
  }

  @Test
  void refusesAProofSignedWithAnotherKeyEvenUnderTheCaName() {
    // GIVEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, upload().etag());
    Issued impostor = TestPki.rootCa("Contoso Root CA", VALID);
    Issued proof = TestPki.leafSignedBy(CA.subject(), impostor.keys(), withCode.verificationCode().orElseThrow(),
        VALID);

    // THEN
    assertRefused(() -> registry.verify(ROOT, withCode.etag(), proof.pem()), ErrorCode.ARGUMENT_INVALID,
        "not signed with the private key");
    assertStillUnverified(withCode);
  }

  @Test
  void refusesAProofWhoseCommonNameIsNotTheCode() {
    // GIVEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, upload().etag());
    Issued proof = TestPki.leaf(CA, "0000000000000000000000000000000000000000000000AA", VALID);

    // THEN
    assertRefused(() -> registry.verify(ROOT, withCode.etag(), proof.pem()), ErrorCode.ARGUMENT_INVALID,
        "is not the verification code");
    assertStillUnverified(withCode);
  }

  @Test
  void refusesAProofCarryingAnEarlierCode() {
    // GIVEN
    CaCertificate first = registry.generateVerificationCode(ROOT, upload().etag());
    CaCertificate second = registry.generateVerificationCode(ROOT, first.etag());
    Issued proof = TestPki.leaf(CA, first.verificationCode().orElseThrow(), VALID);

    // THEN
    assertRefused(() -> registry.verify(ROOT, second.etag(), proof.pem()), ErrorCode.ARGUMENT_INVALID,
        "is not the verification code");
    assertStillUnverified(second);
  }

  @Test
  void refusesAProofThatExpiredByTheHubsClock() {
    // GIVEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, upload().etag());
    Issued proof = TestPki.leaf(CA, withCode.verificationCode().orElseThrow(),
        new Validity(START.minus(Duration.ofDays(1)), START.plus(Duration.ofHours(1))));
    clock.advance(Duration.ofHours(2));

    // THEN
    assertRefused(() -> registry.verify(ROOT, withCode.etag(), proof.pem()), ErrorCode.ARGUMENT_INVALID,
        "expired");
    assertStillUnverified(withCode);
  }

  @Test
  void refusesAProofNotYetValidByTheHubsClock() {
    // GIVEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, upload().etag());
    Issued proof = TestPki.leaf(CA, withCode.verificationCode().orElseThrow(),
        new Validity(START.plus(Duration.ofHours(1)), START.plus(Duration.ofDays(1))));

    // THEN
    assertRefused(() -> registry.verify(ROOT, withCode.etag(), proof.pem()), ErrorCode.ARGUMENT_INVALID,
        "not valid before");
  }

  @Test
  void verifyingBeforeAnyCodeWasGeneratedIsAnInvalidOperation() {
    // GIVEN
    CaCertificate uploaded = upload();
    Issued proof = TestPki.leaf(CA, "anything", VALID);

    // THEN
    assertRefused(() -> registry.verify(ROOT, uploaded.etag(), proof.pem()), ErrorCode.INVALID_OPERATION,
        "No verification code");
  }

  @Test
  void theCodeIsUsedUpByASuccessfulVerification() {
    // GIVEN
    CaCertificate withCode = registry.generateVerificationCode(ROOT, upload().etag());
    Issued proof = TestPki.leaf(CA, withCode.verificationCode().orElseThrow(), VALID);
    CaCertificate verified = registry.verify(ROOT, withCode.etag(), proof.pem());

    // THEN
    assertRefused(() -> registry.verify(ROOT, verified.etag(), proof.pem()), ErrorCode.INVALID_OPERATION,
        "No verification code");
  }

  @Test
  void verifyingNeedsTheCurrentEtag() {
    // GIVEN
    CaCertificate uploaded = upload();
    CaCertificate withCode = registry.generateVerificationCode(ROOT, uploaded.etag());
    Issued proof = TestPki.leaf(CA, withCode.verificationCode().orElseThrow(), VALID);

    // THEN
    assertRefused(() -> registry.verify(ROOT, uploaded.etag(), proof.pem()), ErrorCode.PRECONDITION_FAILED,
        "does not match");
    assertStillUnverified(withCode);
  }

  @Test
  void verifiedCertificatesLeaveOutUnverifiedOnesAndThoseOutsideTheirValidity() {
    // GIVEN
    Issued current = TestPki.rootCa("Current", VALID);
    Issued expiring = TestPki.rootCa("Expiring", new Validity(VALID.notBefore(), START.plus(Duration.ofDays(1))));
    Issued future = TestPki.rootCa("Future", new Validity(START.plus(Duration.ofDays(2)), VALID.notAfter()));
    Issued unverified = TestPki.rootCa("Unverified", VALID);
    registry.upload(CertificateName.of("current"), current.pem(), true, Optional.empty());
    registry.upload(CertificateName.of("expiring"), expiring.pem(), true, Optional.empty());
    registry.upload(CertificateName.of("future"), future.pem(), true, Optional.empty());
    registry.upload(CertificateName.of("unverified"), unverified.pem(), false, Optional.empty());

    // THEN
    assertThat(registry.verified()).containsExactlyInAnyOrder(current.certificate(), expiring.certificate());
    clock.advance(Duration.ofDays(3));
    assertThat(registry.verified()).containsExactlyInAnyOrder(current.certificate(), future.certificate());
  }

  private CaCertificate upload() {
    return registry.upload(ROOT, CA.pem(), false, Optional.empty()).certificate();
  }

  private void assertStillUnverified(CaCertificate expected) {
    assertThat(registry.get(ROOT)).isEqualTo(expected);
    assertThat(registry.verified()).isEmpty();
  }
}
