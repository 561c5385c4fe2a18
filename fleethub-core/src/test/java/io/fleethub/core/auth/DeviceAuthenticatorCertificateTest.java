package io.fleethub.core.auth;

import io.fleethub.core.memory.InMemoryPolicyStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import static io.fleethub.core.registry.TestIdentities.device;
import static io.fleethub.core.registry.TestIdentities.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.TestClock;
import io.fleethub.core.auth.DeviceAuthException.Reason;
import io.fleethub.core.auth.TestCertificates.Issued;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.DeviceStatus;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link DeviceAuthenticator#authenticateCertificate}: registered thumbprints and chains to verified CAs. */
class DeviceAuthenticatorCertificateTest {
  private static final HubIdentity HUB = new HubIdentity("hub.fleethub.example", "hub");
  /** A time in the past, so that a certificate accepted here proves the injected clock was used. */
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(365));
  private static final Instant FAR_AHEAD = NOW.plus(Duration.ofDays(3650));
  private static final Instant LEAF_NOT_AFTER = NOW.plus(Duration.ofDays(30));
  private static final String GENERATION = "638800000000000001";
  private static final IdentityRef D1 = IdentityRef.device(DeviceId.of("d1"));
  private static final IdentityRef D1_M1 = IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1"));

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryRegistryStore registry = new InMemoryRegistryStore();
  private final List<X509Certificate> verifiedCas = new ArrayList<>();
  private final DeviceAuthenticator authenticator =
      new DeviceAuthenticator(registry, new InMemoryPolicyStore(), () -> List.copyOf(verifiedCas), clock, HUB);

  // ---- self-signed: registered thumbprints ----

  static Stream<Arguments> thumbprintForms() {
    UnaryOperator<String> lowerWithColons =
        hex -> String.join(":", hex.toLowerCase(Locale.ROOT).split("(?<=\\G..)"));
    return Stream.of(
        Arguments.of("SHA-1 upper case", "SHA-1", UnaryOperator.<String>identity()),
        Arguments.of("SHA-256 upper case", "SHA-256", UnaryOperator.<String>identity()),
        Arguments.of("SHA-1 lower case", "SHA-1", (UnaryOperator<String>) hex -> hex.toLowerCase(Locale.ROOT)),
        Arguments.of("SHA-1 lower case with colons", "SHA-1", lowerWithColons),
        Arguments.of("SHA-256 lower case with colons", "SHA-256", lowerWithColons));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("thumbprintForms")
  void acceptsSelfSignedLeafWhoseThumbprintIsRegistered(String form, String digest, UnaryOperator<String> format) {
    // GIVEN
    Issued leaf = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    String registered = format.apply(TestCertificates.thumbprint(leaf.certificate(), digest));
    registry.insertDevice(device("d1", GENERATION, DeviceStatus.ENABLED, Authentication.selfSigned(registered, null)));

    // WHEN
    DevicePrincipal principal = authenticator.authenticateCertificate(D1, List.of(leaf.certificate()));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1);
    assertThat(principal.generationId()).isEqualTo(GENERATION);
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_SELF_SIGNED);
    assertThat(principal.credentialExpiry()).isEmpty();
  }

  @Test
  void acceptsSelfSignedLeafMatchingTheSecondaryThumbprint() {
    // GIVEN
    Issued leaf = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    Issued other = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registry.insertDevice(device("d1", GENERATION, DeviceStatus.ENABLED, Authentication.selfSigned(
        TestCertificates.thumbprint(other.certificate(), "SHA-1"),
        TestCertificates.thumbprint(leaf.certificate(), "SHA-1"))));

    // WHEN
    DevicePrincipal principal = authenticator.authenticateCertificate(D1, List.of(leaf.certificate()));

    // THEN
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_SELF_SIGNED);
  }

  @Test
  void refusesSelfSignedLeafWhoseThumbprintIsNotRegistered() {
    // GIVEN the same subject, but another key pair and so another certificate
    Issued registeredLeaf = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    Issued presented = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registry.insertDevice(device("d1", GENERATION, DeviceStatus.ENABLED,
        Authentication.selfSigned(TestCertificates.thumbprint(registeredLeaf.certificate(), "SHA-256"), null)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1,
        List.of(presented.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining(TestCertificates.thumbprint(presented.certificate(), "SHA-1"));
  }

  @Test
  void refusesSelfSignedLeafWithRegisteredThumbprintOnceExpiredByTheHubsClock() {
    // GIVEN
    Issued leaf = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registry.insertDevice(device("d1", GENERATION, DeviceStatus.ENABLED,
        Authentication.selfSigned(TestCertificates.thumbprint(leaf.certificate(), "SHA-1"), null)));
    clock.advance(Duration.ofDays(31));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1, List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("expired");
  }

  // ---- CA-signed: chains to verified CA certificates ----

  @Test
  void acceptsCaSignedLeafWhoseCommonNameIsTheDeviceId() {
    // GIVEN
    Issued ca = verifiedRootCa("Fleethub Test Root");
    Issued leaf = TestCertificates.leaf(ca, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DevicePrincipal principal = authenticator.authenticateCertificate(D1, List.of(leaf.certificate()));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1);
    assertThat(principal.generationId()).isEqualTo(GENERATION);
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_CA);
    assertThat(principal.credentialExpiry()).isEmpty();
  }

  @Test
  void refusesCaSignedLeafWhoseCommonNameIsAnotherDevice() {
    // GIVEN
    Issued ca = verifiedRootCa("Fleethub Test Root");
    Issued leaf = TestCertificates.leaf(ca, "d2", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1, List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("'d2'");
  }

  @Test
  void refusesLeafChainingToACaThatIsNotVerified() {
    // GIVEN a verified CA, and a leaf from another CA with the same name
    verifiedRootCa("Fleethub Test Root");
    Issued unverified = TestCertificates.rootCa("Fleethub Test Root", LONG_AGO, FAR_AHEAD);
    Issued leaf = TestCertificates.leaf(unverified, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1,
        List.of(leaf.certificate(), unverified.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("does not chain to a verified CA");
  }

  @Test
  void refusesCaSignedLeafWhenTheHubHasNoVerifiedCa() {
    // GIVEN
    Issued ca = TestCertificates.rootCa("Fleethub Test Root", LONG_AGO, FAR_AHEAD);
    Issued leaf = TestCertificates.leaf(ca, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1,
        List.of(leaf.certificate(), ca.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesCaSignedLeafOnceExpiredByTheHubsClock() {
    // GIVEN
    Issued ca = verifiedRootCa("Fleethub Test Root");
    Issued leaf = TestCertificates.leaf(ca, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);
    clock.advance(Duration.ofDays(31));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1, List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  /** IoT Hub wants a module's CN to be its identity name as the portal lists it: {@code deviceId/moduleId}. */
  @Test
  void acceptsCaSignedModuleLeafWhoseCommonNameIsDeviceIdSlashModuleId() {
    // GIVEN
    Issued ca = verifiedRootCa("Fleethub Test Root");
    Issued leaf = TestCertificates.leaf(ca, "d1/m1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);
    registry.insertModule(module("d1", "m1", "638800000000000002", Authentication.certificateAuthority()));

    // WHEN
    DevicePrincipal principal = authenticator.authenticateCertificate(D1_M1, List.of(leaf.certificate()));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1_M1);
    assertThat(principal.generationId()).isEqualTo("638800000000000002");
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_CA);
  }

  @Test
  void refusesCaSignedModuleLeafWhoseCommonNameIsOnlyTheModuleId() {
    // GIVEN a leaf that another device's module "m1" could equally present
    Issued ca = verifiedRootCa("Fleethub Test Root");
    Issued leaf = TestCertificates.leaf(ca, "m1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);
    registry.insertModule(module("d1", "m1", "638800000000000002", Authentication.certificateAuthority()));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1_M1,
        List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("'d1/m1'");
  }

  @Test
  void acceptsLeafSignedByAnIntermediateCaPresentedInTheChain() {
    // GIVEN
    Issued root = verifiedRootCa("Fleethub Test Root");
    Issued intermediate = TestCertificates.intermediateCa(root, "Fleethub Test Intermediate", LONG_AGO, FAR_AHEAD);
    Issued leaf = TestCertificates.leaf(intermediate, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DevicePrincipal principal = authenticator.authenticateCertificate(D1,
        List.of(leaf.certificate(), intermediate.certificate()));

    // THEN
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_CA);
  }

  @Test
  void acceptsChainThatAlsoCarriesTheVerifiedRoot() {
    // GIVEN
    Issued root = verifiedRootCa("Fleethub Test Root");
    Issued intermediate = TestCertificates.intermediateCa(root, "Fleethub Test Intermediate", LONG_AGO, FAR_AHEAD);
    Issued leaf = TestCertificates.leaf(intermediate, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DevicePrincipal principal = authenticator.authenticateCertificate(D1,
        List.of(leaf.certificate(), intermediate.certificate(), root.certificate()));

    // THEN
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.X509_CA);
  }

  @Test
  void refusesLeafSignedByAnIntermediateCaThatIsNotPresented() {
    // GIVEN
    Issued root = verifiedRootCa("Fleethub Test Root");
    Issued intermediate = TestCertificates.intermediateCa(root, "Fleethub Test Intermediate", LONG_AGO, FAR_AHEAD);
    Issued leaf = TestCertificates.leaf(intermediate, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1, List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  // ---- refusals common to both kinds ----

  @Test
  void refusesCertificateFromSasIdentity() {
    // GIVEN
    Issued leaf = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registry.insertDevice(device("d1", GENERATION, DeviceStatus.ENABLED, Authentication.sas(
        RecordedTokens.key("devicePrimary"), RecordedTokens.key("deviceSecondary"))));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1, List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("sas");
  }

  @Test
  void refusesEmptyChainAsBadCredentials() {
    // GIVEN
    registerCaAuthenticatedDevice("d1", DeviceStatus.ENABLED);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1, List.of()));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesCertificateOfUnknownDeviceAsUnknownIdentity() {
    // GIVEN
    Issued leaf = TestCertificates.selfSigned("d9", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(
        IdentityRef.device(DeviceId.of("d9")), List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_IDENTITY);
  }

  @Test
  void refusesDisabledDeviceWithValidCertificateAsDisabled() {
    // GIVEN
    Issued ca = verifiedRootCa("Fleethub Test Root");
    Issued leaf = TestCertificates.leaf(ca, "d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.DISABLED);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1, List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.DISABLED);
  }

  @Test
  void refusesDisabledDeviceWithUnregisteredCertificateAsBadCredentials() {
    // GIVEN
    Issued registeredLeaf = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    Issued presented = TestCertificates.selfSigned("d1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registry.insertDevice(device("d1", GENERATION, DeviceStatus.DISABLED,
        Authentication.selfSigned(TestCertificates.thumbprint(registeredLeaf.certificate(), "SHA-1"), null)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(D1,
        List.of(presented.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesSelfSignedModuleOfADisabledDeviceAsDisabled() {
    // GIVEN
    Issued leaf = TestCertificates.selfSigned("m1", NOW.minus(Duration.ofDays(1)), LEAF_NOT_AFTER);
    registerCaAuthenticatedDevice("d1", DeviceStatus.DISABLED);
    registry.insertModule(module("d1", "m1", "638800000000000002",
        Authentication.selfSigned(TestCertificates.thumbprint(leaf.certificate(), "SHA-1"), null)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateCertificate(
        IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1")), List.of(leaf.certificate())));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.DISABLED);
  }

  private Issued verifiedRootCa(String commonName) {
    Issued ca = TestCertificates.rootCa(commonName, LONG_AGO, FAR_AHEAD);
    verifiedCas.add(ca.certificate());
    return ca;
  }

  private void registerCaAuthenticatedDevice(String id, DeviceStatus status) {
    registry.insertDevice(device(id, GENERATION, status, Authentication.certificateAuthority()));
  }

  private static DeviceAuthException refusal(ThrowingCallable call) {
    DeviceAuthException refused = catchThrowableOfType(DeviceAuthException.class, call);
    assertThat(refused).as("a DeviceAuthException").isNotNull();
    return refused;
  }
}
