package io.fleethub.core.auth;

import io.fleethub.core.memory.InMemoryPolicyStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.auth.RecordedTokens.Recorded;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessControlTest {
  private static final String HOST = "myhub.fleethub.test";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String OWNER_PRIMARY = "1J7Q/GYFPsIXb6pqOLwL1BIkg1+SSwnWs/FUDhyr3RY=";
  private static final String OWNER_SECONDARY = "Ia5acWEa0uUDQ+TmnSyUcpkg8U3hmnNscy/D9zYWrYA=";
  private static final String READER_PRIMARY = "iPIyB8u2pqWLtOJzzdxcped+MgOiP+7AYWkL3tyH6tw=";
  private static final String READER_SECONDARY = "06ggil5AQTMFx3sskw15ROuqM+K3+0aVvSvj85D3K4o=";
  private static final String UNRELATED = "Yz8kMYfjpnA6yzYxleUpFttLpaz5Z9aVit9zz7r3iHE=";

  private final InMemoryPolicyStore policies = new InMemoryPolicyStore();
  private final AccessControl accessControl = new AccessControl(policies, Clock.fixed(NOW, ZoneOffset.UTC), HOST);

  @BeforeEach
  void storePolicies() {
    policies.putPolicy(new SharedAccessPolicy("iothubowner", OWNER_PRIMARY, OWNER_SECONDARY,
        SharedAccessPolicy.standardRights("iothubowner")));
    policies.putPolicy(new SharedAccessPolicy("registryRead", READER_PRIMARY, READER_SECONDARY,
        SharedAccessPolicy.standardRights("registryRead")));
  }

  @Test
  void authorizesTokenSignedWithThePolicysPrimaryKey() {
    // GIVEN
    String token = sign(HOST, OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    ServicePrincipal principal = accessControl.authorizeService(token, AccessRight.REGISTRY_WRITE);

    // THEN
    assertThat(principal.policyName()).isEqualTo("iothubowner");
    assertThat(principal.rights()).isEqualTo(EnumSet.allOf(AccessRight.class));
  }

  @Test
  void authorizesTokenSignedWithThePolicysSecondaryKey() {
    // GIVEN
    String token = sign(HOST, READER_SECONDARY, NOW.plusSeconds(3600), "registryRead");

    // WHEN
    ServicePrincipal principal = accessControl.authorizeService(token, AccessRight.REGISTRY_READ);

    // THEN
    assertThat(principal.policyName()).isEqualTo("registryRead");
    assertThat(principal.rights()).containsExactly(AccessRight.REGISTRY_READ);
  }

  @Test
  void authorizesTokenWithinTheFiveMinuteClockSkewAfterItsExpiry() {
    // GIVEN
    String token = sign(HOST, OWNER_PRIMARY, NOW.minus(Duration.ofMinutes(5)), "iothubowner");

    // WHEN / THEN
    assertThat(accessControl.authenticateService(token).policyName()).isEqualTo("iothubowner");
  }

  @Test
  void authorizesTokenWhoseResourceDiffersFromTheHostOnlyInCase() {
    // GIVEN
    String token = sign(HOST.toUpperCase(), OWNER_PRIMARY, NOW.plusSeconds(60), "iothubowner");

    // WHEN / THEN
    assertThat(accessControl.authenticateService(token).policyName()).isEqualTo("iothubowner");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  void rejectsMissingTokenAsUnauthorized(String missing) {
    HubException refused = refusal(missing, AccessRight.REGISTRY_READ);

    assertUnauthorized(refused, "has no SharedAccessSignature");
  }

  @Test
  void rejectsMalformedTokenAsUnauthorizedSayingWhy() {
    // GIVEN
    String token = "SharedAccessSignature sr=" + HOST + "&sig=abc&skn=iothubowner";

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "Malformed SharedAccessSignature: a SAS token needs the fields sr, sig and se");
  }

  @Test
  void rejectsNonSasAuthorizationAsUnauthorized() {
    HubException refused = refusal("Bearer eyJhbGciOiJIUzI1NiJ9", AccessRight.REGISTRY_READ);

    assertUnauthorized(refused, "Malformed SharedAccessSignature");
  }

  @Test
  void rejectsSignedTokenWithBadlyEncodedResourceAsUnauthorized() {
    // GIVEN a token correctly signed over an sr that is not valid URL encoding
    String token = signRaw(HOST + "%2Fdevices%2F%zz", OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "Malformed SharedAccessSignature: the SAS token has a badly URL-encoded field");
  }

  @Test
  void rejectsTokenWithoutPolicyNameAsUnauthorized() {
    // GIVEN a device-style token, without skn
    String token = SasToken.sign(HOST, OWNER_PRIMARY, NOW.plusSeconds(3600), Optional.empty()).toString();

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "names no shared access policy (skn)");
  }

  @Test
  void rejectsTokenOfUnknownPolicyAsUnauthorized() {
    // GIVEN
    String token = sign(HOST, OWNER_PRIMARY, NOW.plusSeconds(3600), "service");

    // WHEN
    HubException refused = refusal(token, AccessRight.SERVICE_CONNECT);

    // THEN
    assertUnauthorized(refused, "The shared access policy 'service' does not exist.");
  }

  @Test
  void rejectsTokenSignedWithAnotherKeyAsUnauthorized() {
    // GIVEN
    String token = sign(HOST, UNRELATED, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "signature does not match the keys of policy 'iothubowner'");
  }

  @Test
  void rejectsTokenSignedWithAnotherPolicysKeyAsUnauthorized() {
    // GIVEN the registryRead key, but claiming to be iothubowner
    String token = sign(HOST, READER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "signature does not match");
  }

  @Test
  void rejectsTokenExpiredBeyondTheClockSkewAsUnauthorized() {
    // GIVEN
    Instant expiry = NOW.minus(Duration.ofMinutes(5)).minusSeconds(1);
    String token = sign(HOST, OWNER_PRIMARY, expiry, "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "The token expired at " + expiry);
  }

  @Test
  void rejectsTokenForAnotherHubAsUnauthorized() {
    // GIVEN
    String token = sign("otherhub.fleethub.test", OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "is for 'otherhub.fleethub.test', not for this hub '" + HOST + "'");
  }

  @Test
  void rejectsTokenForAHostThatMerelyStartsWithTheHubsNameAsUnauthorized() {
    // GIVEN
    String token = sign(HOST + ".evil.example", OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "not for this hub");
  }

  @Test
  void rejectsPolicyTokenScopedToOneDeviceForServiceOperations() {
    // GIVEN
    String token = sign(HOST + "/devices/d1", OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "is for '" + HOST + "/devices/d1'");
  }

  @Test
  void forbidsOperationThePolicyDoesNotGrant() {
    // GIVEN
    String token = sign(HOST, READER_PRIMARY, NOW.plusSeconds(3600), "registryRead");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_WRITE);

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(refused.code().httpStatus()).isEqualTo(403);
    assertThat(refused).hasMessage("The policy 'registryRead' does not grant RegistryWrite, which this operation needs.");
  }

  @Test
  void authorizesEntityTokenScopedAsTheEventHubsSdkScopesIt() {
    // GIVEN a token for amqp://{host}/{entity}, as the Event Hubs SDK signs it for a receive link
    String entity = "myhub/ConsumerGroups/$Default/Partitions/0";
    String token = sign("amqp://" + HOST + "/" + entity, OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    ServicePrincipal principal = accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT, entity);

    // THEN
    assertThat(principal.policyName()).isEqualTo("iothubowner");
  }

  @Test
  void authorizesHostScopedTokenForAnyEntityOfTheHub() {
    // GIVEN
    String token = sign(HOST, OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN / THEN
    assertThat(accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT, "myhub").policyName())
        .isEqualTo("iothubowner");
    assertThat(accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT, "").policyName())
        .isEqualTo("iothubowner");
  }

  @Test
  void rejectsEntityTokenForAnotherEntityAsUnauthorized() {
    // GIVEN a token for partition 0
    String token = sign("amqp://" + HOST + "/myhub/ConsumerGroups/$Default/Partitions/0", OWNER_PRIMARY,
        NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = catchThrowableOfType(HubException.class, () -> accessControl.authorizeService(token,
        AccessRight.SERVICE_CONNECT, "myhub/ConsumerGroups/$Default/Partitions/1"));

    // THEN
    assertUnauthorized(refused, "not for '" + HOST + "/myhub/ConsumerGroups/$Default/Partitions/1' on this hub");
  }

  @Test
  void rejectsEntityTokenForAnotherHostAsUnauthorized() {
    // GIVEN
    String token = sign("amqp://otherhub.fleethub.test/myhub", OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = catchThrowableOfType(HubException.class,
        () -> accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT, "myhub"));

    // THEN
    assertUnauthorized(refused, "is for 'amqp://otherhub.fleethub.test/myhub'");
  }

  @Test
  void forbidsEntityAccessThePolicyDoesNotGrant() {
    // GIVEN
    String token = sign("sb://" + HOST + "/", READER_PRIMARY, NOW.plusSeconds(3600), "registryRead");

    // WHEN
    HubException refused = catchThrowableOfType(HubException.class,
        () -> accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT, "myhub"));

    // THEN
    assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
  }

  @Test
  void authorizesEntityTokenSignedWithTheKeysTextAsTheEventHubsSdkSignsIt() {
    // GIVEN a token whose HMAC key is the policy key's UTF-8 text, not its base64-decoded bytes
    String resource = URLEncoder.encode("amqp://" + HOST + "/myhub", StandardCharsets.UTF_8);
    String token = signRawWith(OWNER_PRIMARY.getBytes(StandardCharsets.UTF_8), resource, NOW.plusSeconds(3600),
        "iothubowner");

    // WHEN / THEN
    assertThat(accessControl.authorizeService(token, AccessRight.SERVICE_CONNECT, "myhub").policyName())
        .isEqualTo("iothubowner");
  }

  @Test
  void rejectsHubWideTokenSignedWithTheKeysText() {
    // GIVEN
    String token = signRawWith(OWNER_PRIMARY.getBytes(StandardCharsets.UTF_8), HOST, NOW.plusSeconds(3600),
        "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "signature does not match");
  }

  @Test
  void keepsRequiringABareHostForHubWideServiceTokens() {
    // GIVEN a URI-scoped token, which only the entity form accepts
    String token = sign("amqp://" + HOST, OWNER_PRIMARY, NOW.plusSeconds(3600), "iothubowner");

    // WHEN
    HubException refused = refusal(token, AccessRight.REGISTRY_READ);

    // THEN
    assertUnauthorized(refused, "not for this hub");
  }

  static Stream<Recorded> recordedServiceTokens() {
    return RecordedTokens.all().stream()
        .filter(r -> r.resource().policy() != null && r.resource().deviceId() == null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedServiceTokens")
  void authenticatesServiceTokenMadeByAnSdk(Recorded recorded) {
    // GIVEN the hub holds the policy with the recorded keys, and the token was made an hour ago
    InMemoryPolicyStore recordedPolicies = new InMemoryPolicyStore();
    String policy = recorded.resource().policy();
    recordedPolicies.putPolicy(new SharedAccessPolicy(policy, RecordedTokens.key("policyPrimary"),
        RecordedTokens.key("policySecondary"), SharedAccessPolicy.standardRights(policy)));
    Clock clock = Clock.fixed(Instant.ofEpochSecond(recorded.expiry()).minusSeconds(3600), ZoneOffset.UTC);
    AccessControl hub = new AccessControl(recordedPolicies, clock, RecordedTokens.hostName());

    // WHEN
    ServicePrincipal principal = hub.authenticateService(recorded.token());

    // THEN
    assertThat(principal.policyName()).isEqualTo(policy);
    assertThat(principal.rights()).isEqualTo(SharedAccessPolicy.standardRights(policy));
  }

  private HubException refusal(String token, AccessRight right) {
    HubException refused = catchThrowableOfType(HubException.class,
        () -> accessControl.authorizeService(token, right));
    assertThat(refused).as("refusal of %s", token).isNotNull();
    return refused;
  }

  private static void assertUnauthorized(HubException refused, String messagePart) {
    assertThat(refused.code()).isEqualTo(ErrorCode.IOT_HUB_UNAUTHORIZED_ACCESS);
    assertThat(refused.code().httpStatus()).isEqualTo(401);
    assertThat(refused).hasMessageContaining(messagePart);
  }

  private static String sign(String resource, String key, Instant expiry, String policy) {
    return SasToken.sign(resource, key, expiry, Optional.of(policy)).toString();
  }

  /** A token signed over {@code rawResource} exactly as given, however it is encoded. */
  private static String signRaw(String rawResource, String key, Instant expiry, String policy) {
    return signRawWith(Base64.getDecoder().decode(key), rawResource, expiry, policy);
  }

  private static String signRawWith(byte[] key, String rawResource, Instant expiry, String policy) {
    try {
      String se = Long.toString(expiry.getEpochSecond());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((rawResource + "\n" + se).getBytes(StandardCharsets.UTF_8));
      String sig = URLEncoder.encode(Base64.getEncoder().encodeToString(digest), StandardCharsets.UTF_8);
      return "SharedAccessSignature sr=" + rawResource + "&sig=" + sig + "&se=" + se + "&skn=" + policy;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
