package io.fleethub.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.auth.RecordedTokens.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SasToken} against tokens the official Azure IoT SDKs made (see {@code sas/README.md}), and against
 * malformed ones.
 */
class SasTokenTest {
  private static final String HOST = RecordedTokens.hostName();
  private static final String DEVICE_PRIMARY = RecordedTokens.key("devicePrimary");
  private static final String DEVICE_SECONDARY = RecordedTokens.key("deviceSecondary");
  private static final String POLICY_PRIMARY = RecordedTokens.key("policyPrimary");
  private static final String POLICY_SECONDARY = RecordedTokens.key("policySecondary");
  private static final String UNRELATED = RecordedTokens.key("unrelated");

  static Stream<Recorded> recordedTokens() {
    return RecordedTokens.all().stream();
  }

  static Stream<Recorded> recordedDeviceAndModuleTokens() {
    return recordedTokens().filter(r -> r.resource().deviceId() != null);
  }

  @Test
  void recordsTokensOfEverySdk() {
    assertThat(RecordedTokens.all())
        .extracting(r -> r.producer().sdk())
        .contains("com.microsoft.azure.sdk.iot:iot-device-client", "com.microsoft.azure.sdk.iot:iot-service-client",
            "npm:azure-iot-common", "npm:azure-iot-device");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void parsesRecordedTokenWithItsExpiryAndPolicyName(Recorded recorded) {
    // WHEN
    SasToken token = SasToken.parse(recorded.token());

    // THEN
    assertThat(token.expiry()).isEqualTo(Instant.ofEpochSecond(recorded.expiry()));
    assertThat(token.keyName()).isEqualTo(Optional.ofNullable(recorded.resource().policy()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void decodesRecordedTokenResourceToTheTargetItWasMadeFor(Recorded recorded) {
    // WHEN
    SasToken token = SasToken.parse(recorded.token());

    // THEN
    assertThat(token.resource()).isEqualTo(recorded.scopeTarget());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void verifiesRecordedTokenWithTheKeyThatSignedIt(Recorded recorded) {
    // GIVEN
    SasToken token = SasToken.parse(recorded.token());

    // WHEN / THEN
    assertThat(token.isSignedByAnyOf(List.of(recorded.key()))).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void rejectsRecordedTokenCheckedAgainstAnyOtherKey(Recorded recorded) {
    // GIVEN
    SasToken token = SasToken.parse(recorded.token());
    List<String> otherKeys = RecordedTokens.keys().values().stream().filter(k -> !k.equals(recorded.key())).toList();
    assertThat(otherKeys).hasSize(RecordedTokens.keys().size() - 1);

    // WHEN / THEN
    for (String other : otherKeys) {
      assertThat(token.isSignedByAnyOf(List.of(other))).as("signed by %s", other).isFalse();
    }
    assertThat(token.isSignedByAnyOf(otherKeys)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void recordedTokenCoversItsTargetAndPathsBelowIt(Recorded recorded) {
    // GIVEN
    SasToken token = SasToken.parse(recorded.token());

    // WHEN / THEN
    assertThat(token.covers(recorded.scopeTarget())).isTrue();
    assertThat(token.covers(recorded.scopeTarget() + "/twin")).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void recordedTokenDoesNotCoverASiblingWhoseNameExtendsItsTarget(Recorded recorded) {
    // GIVEN
    SasToken token = SasToken.parse(recorded.token());

    // WHEN / THEN
    assertThat(token.covers(recorded.scopeTarget() + "x")).isFalse();
    assertThat(token.covers(recorded.scopeTarget() + "x/twin")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedDeviceAndModuleTokens")
  void recordedDeviceTokenDoesNotCoverTheHubOrAnotherDevice(Recorded recorded) {
    // GIVEN
    SasToken token = SasToken.parse(recorded.token());

    // WHEN / THEN
    assertThat(token.covers(HOST)).isFalse();
    assertThat(token.covers(HOST + "/devices")).isFalse();
    assertThat(token.covers(HOST + "/devices/other")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void acceptsRecordedTokenFieldsInAnyOrder(Recorded recorded) {
    // GIVEN
    String prefix = "SharedAccessSignature ";
    List<String> fields = Arrays.asList(recorded.token().substring(prefix.length()).split("&"));

    for (List<String> order : permutations(fields)) {
      // WHEN
      SasToken token = SasToken.parse(prefix + String.join("&", order));

      // THEN
      assertThat(token.isSignedByAnyOf(List.of(recorded.key()))).as("order %s", order).isTrue();
      assertThat(token.covers(recorded.scopeTarget())).as("order %s", order).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void keepsRecordedTokenValidThroughToStringAndParse(Recorded recorded) {
    // GIVEN
    SasToken parsed = SasToken.parse(recorded.token());

    // WHEN
    SasToken reparsed = SasToken.parse(parsed.toString());

    // THEN
    assertThat(reparsed).isEqualTo(parsed);
    assertThat(reparsed.isSignedByAnyOf(List.of(recorded.key()))).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedTokens")
  void rejectsRecordedTokenWhoseExpiryWasMoved(Recorded recorded) {
    // GIVEN
    String moved = recorded.token().replace("se=" + recorded.expiry(), "se=" + (recorded.expiry() + 3600));
    assertThat(moved).isNotEqualTo(recorded.token());

    // WHEN
    SasToken token = SasToken.parse(moved);

    // THEN
    assertThat(token.isSignedByAnyOf(List.of(recorded.key()))).isFalse();
  }

  @Test
  void verifiesTheResourceAsSentWithoutReEncodingIt() {
    // GIVEN the Java device SDK signs sr raw and the Node one signs it encoded, for the same device and key
    Recorded java = RecordedTokens.named("java-device-space-hash");
    Recorded node = RecordedTokens.named("node-device-space-hash");
    String javaResource = "sr=" + HOST + "/devices/dev+ice%231";
    String nodeResource = "sr=" + HOST + "%2Fdevices%2Fdev%20ice%231";
    assertThat(java.token()).contains(javaResource);
    assertThat(node.token()).contains(nodeResource);

    // WHEN each signature is paired with the other SDK's spelling of the same resource
    SasToken javaSignatureNodeResource = SasToken.parse(java.token().replace(javaResource, nodeResource));
    SasToken nodeSignatureJavaResource = SasToken.parse(node.token().replace(nodeResource, javaResource));

    // THEN neither verifies, though both name the same device
    assertThat(javaSignatureNodeResource.covers(java.scopeTarget())).isTrue();
    assertThat(javaSignatureNodeResource.isSignedByAnyOf(List.of(DEVICE_PRIMARY))).isFalse();
    assertThat(nodeSignatureJavaResource.isSignedByAnyOf(List.of(DEVICE_PRIMARY))).isFalse();
  }

  @Test
  void verifiesTokenSignedWithThePrimaryOrTheSecondaryKeyOfAPair() {
    // GIVEN
    SasToken byPrimary = SasToken.parse(RecordedTokens.named("java-device-d1").token());
    SasToken bySecondary = SasToken.parse(RecordedTokens.named("java-device-d1-secondary-key").token());
    List<String> pair = List.of(DEVICE_PRIMARY, DEVICE_SECONDARY);

    // WHEN / THEN
    assertThat(byPrimary.isSignedByAnyOf(pair)).isTrue();
    assertThat(bySecondary.isSignedByAnyOf(pair)).isTrue();
    assertThat(bySecondary.isSignedByAnyOf(List.of(DEVICE_PRIMARY))).isFalse();
  }

  @Test
  void rejectsTokenSignedWithAnotherKey() {
    // GIVEN
    SasToken token = SasToken.parse(RecordedTokens.named("node-common-iothubowner").token());

    // WHEN / THEN
    assertThat(token.isSignedByAnyOf(List.of(POLICY_PRIMARY))).isTrue();
    assertThat(token.isSignedByAnyOf(List.of(UNRELATED, POLICY_SECONDARY))).isFalse();
    assertThat(token.isSignedByAnyOf(List.of())).isFalse();
  }

  @Test
  void coversItsTargetIgnoringCaseAsIotHubDoes() {
    // GIVEN
    SasToken token = SasToken.parse(RecordedTokens.named("java-device-d1").token());

    // WHEN / THEN
    assertThat(token.covers(HOST.toUpperCase(Locale.ROOT) + "/DEVICES/D1")).isTrue();
  }

  @Test
  void ignoresATrailingSlashOnTheResource() {
    // GIVEN
    SasToken token = SasToken.sign(HOST + "/devices/d1/", DEVICE_PRIMARY, Instant.ofEpochSecond(1_767_225_600L),
        Optional.empty());

    // WHEN / THEN
    assertThat(token.resource()).isEqualTo(HOST + "/devices/d1");
    assertThat(token.covers(HOST + "/devices/d1")).isTrue();
    assertThat(token.covers(HOST + "/devices/d1x")).isFalse();
  }

  @Test
  void acceptsTokenUpToFiveMinutesPastItsExpiry() {
    // GIVEN
    Recorded recorded = RecordedTokens.named("node-device-d1");
    SasToken token = SasToken.parse(recorded.token());
    Instant expiry = Instant.ofEpochSecond(recorded.expiry());

    // WHEN / THEN
    assertThat(token.isExpired(expiry.minusSeconds(3600))).isFalse();
    assertThat(token.isExpired(expiry)).isFalse();
    assertThat(token.isExpired(expiry.plus(Duration.ofMinutes(5)).minusSeconds(1))).isFalse();
    assertThat(token.isExpired(expiry.plus(Duration.ofMinutes(5)))).isFalse();
  }

  @Test
  void rejectsTokenMoreThanFiveMinutesPastItsExpiry() {
    // GIVEN
    Recorded recorded = RecordedTokens.named("node-device-d1");
    SasToken token = SasToken.parse(recorded.token());
    Instant expiry = Instant.ofEpochSecond(recorded.expiry());

    // WHEN / THEN
    assertThat(token.isExpired(expiry.plus(Duration.ofMinutes(5)).plusSeconds(1))).isTrue();
    assertThat(token.isExpired(expiry.plus(Duration.ofDays(1)))).isTrue();
  }

  @Test
  void acceptsFieldNamesInAnyCase() {
    // GIVEN
    Recorded recorded = RecordedTokens.named("java-service-iothubowner");
    String upper = recorded.token().replace("sr=", "SR=").replace("sig=", "Sig=").replace("se=", "SE=")
        .replace("skn=", "SKN=");

    // WHEN
    SasToken token = SasToken.parse(upper);

    // THEN
    assertThat(token.isSignedByAnyOf(List.of(recorded.key()))).isTrue();
    assertThat(token.keyName()).contains("iothubowner");
  }

  @Test
  void signsTheSameTokenAsTheJavaServiceSdk() {
    // GIVEN
    Recorded recorded = RecordedTokens.named("java-service-iothubowner");

    // WHEN
    SasToken signed = SasToken.sign(HOST, POLICY_PRIMARY, Instant.ofEpochSecond(recorded.expiry()),
        Optional.of("iothubowner"));

    // THEN
    assertThat(signed.toString()).isEqualTo(recorded.token());
  }

  @Test
  void signsTheSameTokenAsTheNodeDeviceSdkForAPlainDeviceId() {
    // GIVEN
    Recorded recorded = RecordedTokens.named("node-device-d1");

    // WHEN
    SasToken signed = SasToken.sign(HOST + "/devices/d1", DEVICE_PRIMARY, Instant.ofEpochSecond(recorded.expiry()),
        Optional.empty());

    // THEN
    assertThat(signed.toString()).isEqualTo(recorded.token());
  }

  @Test
  void signedTokenSurvivesToStringAndParse() {
    // GIVEN
    String target = HOST + "/devices/dev ice#1/modules/m+1";
    Instant expiry = Instant.parse("2030-01-01T00:00:00Z");

    // WHEN
    SasToken parsed = SasToken.parse(SasToken.sign(target, DEVICE_SECONDARY, expiry, Optional.of("device")).toString());

    // THEN
    assertThat(parsed.isSignedByAnyOf(List.of(DEVICE_SECONDARY))).isTrue();
    assertThat(parsed.isSignedByAnyOf(List.of(DEVICE_PRIMARY))).isFalse();
    assertThat(parsed.resource()).isEqualTo(target);
    assertThat(parsed.covers(target)).isTrue();
    assertThat(parsed.expiry()).isEqualTo(expiry);
    assertThat(parsed.keyName()).contains("device");
  }

  static Stream<Arguments> malformedTokens() {
    String sr = "sr=" + HOST;
    String sig = "sig=c2lnbmF0dXJl";
    String se = "se=1767225600";
    return Stream.of(
        Arguments.of(null, "must start with 'SharedAccessSignature '"),
        Arguments.of("", "must start with 'SharedAccessSignature '"),
        Arguments.of(sr + "&" + sig + "&" + se, "must start with 'SharedAccessSignature '"),
        Arguments.of("SharedAccessKey " + sr + "&" + sig + "&" + se, "must start with 'SharedAccessSignature '"),
        Arguments.of("Bearer eyJhbGciOiJIUzI1NiJ9", "must start with 'SharedAccessSignature '"),
        Arguments.of("SharedAccessSignature " + sig + "&" + se, "needs the fields sr, sig and se"),
        Arguments.of("SharedAccessSignature " + sr + "&" + se, "needs the fields sr, sig and se"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig, "needs the fields sr, sig and se"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&" + se + "&" + sr, "field 'sr' twice"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&sig=b3RoZXI=&" + se, "field 'sig' twice"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&" + se + "&SE=1", "field 'se' twice"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&" + se + "&skn=a&skn=b", "field 'skn' twice"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&se=tomorrow", "se field is not a number"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&se=", "se field is not a number"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&se=1767225600.5", "se field is not a number"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&se=%zz", "badly URL-encoded"),
        Arguments.of("SharedAccessSignature " + sr + "&sig=abc%zz&" + se, "badly URL-encoded"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&" + se + "&skn=%E", "badly URL-encoded"),
        Arguments.of("SharedAccessSignature sr=" + HOST + "%2Fdevices%2Fd%zz1&" + sig + "&" + se, "badly URL-encoded"),
        Arguments.of("SharedAccessSignature " + sr + "&" + sig + "&" + se + "&foo=bar", "unknown field 'foo'"),
        Arguments.of("SharedAccessSignature " + sr + "&sig&" + se, "'sig' is not of the form name=value"),
        Arguments.of("SharedAccessSignature " + sr + "&=abc&" + se, "'=abc' is not of the form name=value"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedTokens")
  void rejectsMalformedTokenSayingWhatIsWrong(String malformed, String expectedMessage) {
    assertThatThrownBy(() -> SasToken.parse(malformed))
        .isInstanceOf(SasTokenException.class)
        .hasMessageContaining(expectedMessage);
  }

  private static List<List<String>> permutations(List<String> items) {
    if (items.isEmpty()) {
      return List.of(List.of());
    }
    List<List<String>> result = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<String> rest = new ArrayList<>(items);
      String first = rest.remove(i);
      for (List<String> tail : permutations(rest)) {
        List<String> order = new ArrayList<>();
        order.add(first);
        order.addAll(tail);
        result.add(order);
      }
    }
    return result;
  }
}
