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
import io.fleethub.core.auth.RecordedTokens.Recorded;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.DeviceStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DeviceAuthenticator#authenticateToken}: whose keys sign what scope, expiry, and the order of refusals. */
class DeviceAuthenticatorTokenTest {
  private static final String HOST = RecordedTokens.hostName();
  private static final HubIdentity HUB = new HubIdentity(HOST, "vectors-hub");
  /** Half a day before the recorded tokens' fixed expiry. */
  private static final Instant NOW = Instant.parse("2025-12-31T12:00:00Z");
  private static final Instant EXPIRY = Instant.parse("2026-01-01T00:00:00Z");

  private static final String DEVICE_PRIMARY = RecordedTokens.key("devicePrimary");
  private static final String DEVICE_SECONDARY = RecordedTokens.key("deviceSecondary");
  private static final String POLICY_PRIMARY = RecordedTokens.key("policyPrimary");
  private static final String POLICY_SECONDARY = RecordedTokens.key("policySecondary");
  private static final String UNRELATED = RecordedTokens.key("unrelated");
  private static final String MODULE_PRIMARY = testKey(0x4d);
  private static final String MODULE_SECONDARY = testKey(0x6e);
  private static final String D2_PRIMARY = testKey(0x22);
  private static final String D2_SECONDARY = testKey(0x33);

  private static final String D1_GENERATION = "638700000000000001";
  private static final String M1_GENERATION = "638700000000000002";
  private static final IdentityRef D1 = IdentityRef.device(DeviceId.of("d1"));
  private static final IdentityRef D1_M1 = IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1"));

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryRegistryStore registry = new InMemoryRegistryStore();
  private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
  private final DeviceAuthenticator authenticator =
      new DeviceAuthenticator(registry, policies, VerifiedCaCertificates.none(), clock, HUB);

  @BeforeEach
  void registerIdentitiesAndPolicies() {
    registry.insertDevice(device("d1", D1_GENERATION, DeviceStatus.ENABLED, Authentication.sas(DEVICE_PRIMARY,
        DEVICE_SECONDARY)));
    registry.insertModule(module("d1", "m1", M1_GENERATION, Authentication.sas(MODULE_PRIMARY, MODULE_SECONDARY)));
    registry.insertDevice(device("d2", "638700000000000003", DeviceStatus.ENABLED,
        Authentication.sas(D2_PRIMARY, D2_SECONDARY)));
    policies.putPolicy(policy("device", AccessRight.DEVICE_CONNECT));
    policies.putPolicy(policy("service", AccessRight.SERVICE_CONNECT));
    policies.putPolicy(policy("registryReadWrite", AccessRight.REGISTRY_READ, AccessRight.REGISTRY_WRITE));
  }

  // ---- the identity's own keys ----

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"primary", "secondary"})
  void acceptsDeviceTokenSignedWithEitherDeviceKey(String which) {
    // GIVEN
    String key = which.equals("primary") ? DEVICE_PRIMARY : DEVICE_SECONDARY;

    // WHEN
    DevicePrincipal principal = authenticator.authenticateToken(D1, token(HOST + "/devices/d1", key, EXPIRY, null));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1);
    assertThat(principal.generationId()).isEqualTo(D1_GENERATION);
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.IDENTITY_KEY);
    assertThat(principal.credentialExpiry()).contains(EXPIRY);
    assertThat(principal.authMethodStamp())
        .isEqualTo("{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}");
  }

  @Test
  void acceptsModuleTokenSignedWithModuleKey() {
    // WHEN
    DevicePrincipal principal = authenticator.authenticateToken(D1_M1,
        token(HOST + "/devices/d1/modules/m1", MODULE_SECONDARY, EXPIRY, null));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1_M1);
    assertThat(principal.generationId()).as("the module's own generation").isEqualTo(M1_GENERATION);
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.IDENTITY_KEY);
    assertThat(principal.authMethodStamp()).contains("\"scope\":\"module\"");
  }

  @Test
  void refusesModuleTokenSignedWithItsDevicesKey() {
    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(D1_M1,
        token(HOST + "/devices/d1/modules/m1", DEVICE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  /**
   * A token scoped to the device ({@code host/devices/d1}) covers its modules by path segment, as IoT Hub's
   * prefix rule does; the signature is then checked against the module's own keys. So it authenticates the
   * module when the module's key signed it, and a device key never authenticates a module.
   */
  @Test
  void acceptsDeviceScopedTokenSignedWithTheModulesKeyForTheModule() {
    // WHEN
    DevicePrincipal principal =
        authenticator.authenticateToken(D1_M1, token(HOST + "/devices/d1", MODULE_PRIMARY, EXPIRY, null));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1_M1);
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.IDENTITY_KEY);
  }

  @Test
  void refusesDeviceTokenSignedWithTheDeviceKeyForOneOfItsModules() {
    // WHEN
    DeviceAuthException refused = refusal(() ->
        authenticator.authenticateToken(D1_M1, token(HOST + "/devices/d1", DEVICE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesModuleTokenPresentedForItsDevice() {
    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(D1,
        token(HOST + "/devices/d1/modules/m1", DEVICE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("does not cover");
  }

  // ---- policies ----

  @ParameterizedTest(name = "sr={0}")
  @ValueSource(strings = {"", "/devices", "/devices/d1"})
  void acceptsDeviceConnectPolicyTokenWhoseScopeCoversTheDevice(String path) {
    // WHEN
    DevicePrincipal principal =
        authenticator.authenticateToken(D1, token(HOST + path, POLICY_PRIMARY, EXPIRY, "device"));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1);
    assertThat(principal.generationId()).isEqualTo(D1_GENERATION);
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.POLICY_KEY);
    assertThat(principal.authMethodStamp())
        .isEqualTo("{\"scope\":\"hub\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}");
  }

  @Test
  void acceptsDeviceConnectPolicyTokenSignedWithThePolicysSecondaryKeyForAModule() {
    // WHEN
    DevicePrincipal principal =
        authenticator.authenticateToken(D1_M1, token(HOST + "/devices/d1", POLICY_SECONDARY, EXPIRY, "device"));

    // THEN
    assertThat(principal.identity()).isEqualTo(D1_M1);
    assertThat(principal.generationId()).isEqualTo(M1_GENERATION);
    assertThat(principal.method()).isEqualTo(DeviceAuthMethod.POLICY_KEY);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"service", "registryReadWrite"})
  void refusesCorrectlySignedPolicyTokenWithoutDeviceConnect(String policyName) {
    // WHEN
    DeviceAuthException refused =
        refusal(() -> authenticator.authenticateToken(D1, token(HOST, POLICY_PRIMARY, EXPIRY, policyName)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("DeviceConnect");
  }

  @Test
  void refusesPolicyTokenScopedToAnotherDevice() {
    // WHEN
    DeviceAuthException refused = refusal(() ->
        authenticator.authenticateToken(D1, token(HOST + "/devices/d2", POLICY_PRIMARY, EXPIRY, "device")));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesTokenNamingAPolicyThatDoesNotExist() {
    // WHEN
    DeviceAuthException refused =
        refusal(() -> authenticator.authenticateToken(D1, token(HOST, POLICY_PRIMARY, EXPIRY, "nosuchpolicy")));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  // ---- wrong identity, wrong key, malformed ----

  @Test
  void refusesTokenOfAnotherDevice() {
    // GIVEN d2's own, valid token
    String d2Token = token(HOST + "/devices/d2", D2_PRIMARY, EXPIRY, null);

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(D1, d2Token));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesTokenForTheDeviceSignedWithAnotherDevicesKey() {
    // WHEN
    DeviceAuthException refused =
        refusal(() -> authenticator.authenticateToken(D1, token(HOST + "/devices/d1", D2_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesTokenOfADeviceWhoseIdIsAPrefixOfTheConnectingOne() {
    // GIVEN d1's key is also d10's, so only the scope can refuse
    registry.insertDevice(device("d10", "638700000000000010", DeviceStatus.ENABLED,
        Authentication.sas(DEVICE_PRIMARY, DEVICE_SECONDARY)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(IdentityRef.device(DeviceId.of("d10")),
        token(HOST + "/devices/d1", DEVICE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesTokenSignedWithAnUnrelatedKey() {
    // WHEN
    DeviceAuthException refused =
        refusal(() -> authenticator.authenticateToken(D1, token(HOST + "/devices/d1", UNRELATED, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("signature");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {
      "", "Bearer abc", "SharedAccessSignature sr=x&se=1", "SharedAccessSignature sr=a&sig=b&se=soon"})
  void refusesMalformedTokenAsBadCredentials(String malformed) {
    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(D1, malformed));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageStartingWith("Malformed SAS token");
  }

  // ---- expiry ----

  @Test
  void acceptsTokenUpToFiveMinutesPastItsExpiry() {
    // GIVEN
    String token = token(HOST + "/devices/d1", DEVICE_PRIMARY, EXPIRY, null);
    clock.advance(Duration.between(NOW, EXPIRY).plus(SasToken.MAX_CLOCK_SKEW));

    // WHEN
    DevicePrincipal principal = authenticator.authenticateToken(D1, token);

    // THEN
    assertThat(principal.identity()).isEqualTo(D1);
  }

  @Test
  void refusesTokenMoreThanFiveMinutesPastItsExpiryAsExpired() {
    // GIVEN
    String token = token(HOST + "/devices/d1", DEVICE_PRIMARY, EXPIRY, null);
    clock.advance(Duration.between(NOW, EXPIRY).plusMinutes(5).plusSeconds(1));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(D1, token));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void refusesExpiredTokenWithABadSignatureAsBadCredentialsNotExpired() {
    // GIVEN
    String token = token(HOST + "/devices/d1", UNRELATED, EXPIRY, null);
    clock.advance(Duration.ofDays(30));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(D1, token));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  // ---- unknown, disabled, wrong authentication type ----

  @Test
  void refusesUnknownDeviceAsUnknownIdentity() {
    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(IdentityRef.device(DeviceId.of("d9")),
        token(HOST + "/devices/d9", DEVICE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_IDENTITY);
  }

  @Test
  void refusesUnknownModuleOfAKnownDeviceAsUnknownIdentity() {
    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(
        IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m9")),
        token(HOST + "/devices/d1/modules/m9", MODULE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_IDENTITY);
  }

  @Test
  void refusesDisabledDeviceWithValidTokenAsDisabled() {
    // GIVEN
    registry.insertDevice(device("off", "638700000000000020", DeviceStatus.DISABLED,
        Authentication.sas(DEVICE_PRIMARY, DEVICE_SECONDARY)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(IdentityRef.device(DeviceId.of("off")),
        token(HOST + "/devices/off", DEVICE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.DISABLED);
  }

  @Test
  void refusesDisabledDeviceWithBadTokenAsBadCredentialsSoStrangersCannotTellItIsDisabled() {
    // GIVEN
    registry.insertDevice(device("off", "638700000000000020", DeviceStatus.DISABLED,
        Authentication.sas(DEVICE_PRIMARY, DEVICE_SECONDARY)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(IdentityRef.device(DeviceId.of("off")),
        token(HOST + "/devices/off", UNRELATED, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
  }

  @Test
  void refusesModuleOfADisabledDeviceAsDisabled() {
    // GIVEN
    registry.insertDevice(device("off", "638700000000000020", DeviceStatus.DISABLED,
        Authentication.sas(DEVICE_PRIMARY, DEVICE_SECONDARY)));
    registry.insertModule(module("off", "m1", "638700000000000021", Authentication.sas(MODULE_PRIMARY,
        MODULE_SECONDARY)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(
        IdentityRef.module(DeviceId.of("off"), ModuleId.of("m1")),
        token(HOST + "/devices/off/modules/m1", MODULE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.DISABLED);
  }

  @Test
  void refusesTokenFromSelfSignedCertificateIdentity() {
    // GIVEN
    registry.insertDevice(device("x509", "638700000000000030", DeviceStatus.ENABLED,
        Authentication.selfSigned("0123456789ABCDEF0123456789ABCDEF01234567", null)));

    // WHEN
    DeviceAuthException refused = refusal(() -> authenticator.authenticateToken(
        IdentityRef.device(DeviceId.of("x509")), token(HOST + "/devices/x509", DEVICE_PRIMARY, EXPIRY, null)));

    // THEN
    assertThat(refused.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
    assertThat(refused).hasMessageContaining("selfSigned");
  }

  // ---- encoded ids and tokens the official SDKs made ----

  @Test
  void acceptsJavaSdkStyleResourceWithTheDeviceIdUrlEncoded() {
    // GIVEN an id with characters the Java SDK URL-encodes in the sr path (the raw sr is what is signed)
    registry.insertDevice(device("dev%20ice#1", "638700000000000040", DeviceStatus.ENABLED,
        Authentication.sas(DEVICE_PRIMARY, DEVICE_SECONDARY)));
    String token = token(HOST + "/devices/dev%2520ice%231", DEVICE_PRIMARY, EXPIRY, null);

    // WHEN
    DevicePrincipal principal = authenticator.authenticateToken(IdentityRef.device(DeviceId.of("dev%20ice#1")), token);

    // THEN
    assertThat(principal.identity().deviceId().value()).isEqualTo("dev%20ice#1");
  }

  static Stream<Recorded> recordedTokensForRegistrableIdentities() {
    return RecordedTokens.all().stream()
        .filter(r -> r.resource().deviceId() != null)
        .filter(r -> isValidId(r.resource().deviceId())
            && (r.resource().moduleId() == null || isValidId(r.resource().moduleId())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokensForRegistrableIdentities")
  void acceptsTokenTheOfficialSdkMadeForTheIdentity(Recorded recorded) {
    // GIVEN the identity registered with the keys the SDK signed with
    RecordedTokens.Resource resource = recorded.resource();
    InMemoryRegistryStore recordedRegistry = new InMemoryRegistryStore();
    Authentication keys = Authentication.sas(DEVICE_PRIMARY, DEVICE_SECONDARY);
    recordedRegistry.insertDevice(device(resource.deviceId(), "638700000000000050", DeviceStatus.ENABLED, keys));
    IdentityRef identity = IdentityRef.device(DeviceId.of(resource.deviceId()));
    if (resource.moduleId() != null) {
      recordedRegistry.insertModule(module(resource.deviceId(), resource.moduleId(), "638700000000000051", keys));
      identity = IdentityRef.module(DeviceId.of(resource.deviceId()), ModuleId.of(resource.moduleId()));
    }
    DeviceAuthenticator recordedAuthenticator =
        new DeviceAuthenticator(recordedRegistry, policies, VerifiedCaCertificates.none(), clock, HUB);

    // WHEN
    DevicePrincipal principal = recordedAuthenticator.authenticateToken(identity, recorded.token());

    // THEN
    assertThat(principal.identity()).isEqualTo(identity);
    assertThat(principal.method())
        .isEqualTo(resource.policy() == null ? DeviceAuthMethod.IDENTITY_KEY : DeviceAuthMethod.POLICY_KEY);
    assertThat(principal.credentialExpiry()).contains(Instant.ofEpochSecond(recorded.expiry()));
  }

  @Test
  void recordedTokensIncludeAnUrlEncodedDeviceIdOfEveryJavaAndNodeDeviceSdk() {
    // THEN the parameterised test above really covers encoded ids, not only "d1"
    assertThat(recordedTokensForRegistrableIdentities().map(Recorded::name))
        .contains("java-device-all-symbols", "node-device-all-symbols", "java-module-d1-m1",
            "node-client-device-policy");
  }

  private static boolean isValidId(String id) {
    try {
      DeviceId.of(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A SAS token over exactly {@code rawResource}, signed here rather than by {@link SasToken#sign}. */
  static String token(String rawResource, String base64Key, Instant expiry, String policyName) {
    String se = Long.toString(expiry.getEpochSecond());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
      String sig = Base64.getEncoder()
          .encodeToString(mac.doFinal((rawResource + "\n" + se).getBytes(StandardCharsets.UTF_8)));
      return "SharedAccessSignature sr=" + rawResource + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8)
          + "&se=" + se + Optional.ofNullable(policyName).map(p -> "&skn=" + p).orElse("");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SharedAccessPolicy policy(String name, AccessRight first, AccessRight... rest) {
    return new SharedAccessPolicy(name, POLICY_PRIMARY, POLICY_SECONDARY, EnumSet.of(first, rest));
  }

  private static String testKey(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static DeviceAuthException refusal(ThrowingCallable call) {
    DeviceAuthException refused = catchThrowableOfType(DeviceAuthException.class, call);
    assertThat(refused).as("a DeviceAuthException").isNotNull();
    return refused;
  }
}
