package io.fleethub.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code iothub-connection-auth-method} stamp, against the values IoT Hub writes. The schema is in
 * MicrosoftDocs/azure-docs {@code articles/iot-hub/iot-hub-devguide-messages-construct.md} ("Anti-spoofing
 * properties"); the concrete values are those IoT Hub's own samples and logs show: {@code sas}/{@code iothub}
 * with scope {@code device}, {@code module} or {@code hub} (policy), and {@code x509Certificate}/{@code external}
 * for client certificates.
 */
class DevicePrincipalTest {
  private static final IdentityRef DEVICE = IdentityRef.device(DeviceId.of("d1"));
  private static final IdentityRef MODULE = IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1"));

  static Stream<Arguments> stamps() {
    return Stream.of(
        Arguments.of(DEVICE, DeviceAuthMethod.IDENTITY_KEY,
            "{\"scope\":\"device\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}"),
        Arguments.of(MODULE, DeviceAuthMethod.IDENTITY_KEY,
            "{\"scope\":\"module\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}"),
        Arguments.of(DEVICE, DeviceAuthMethod.POLICY_KEY,
            "{\"scope\":\"hub\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}"),
        Arguments.of(MODULE, DeviceAuthMethod.POLICY_KEY,
            "{\"scope\":\"hub\",\"type\":\"sas\",\"issuer\":\"iothub\",\"acceptingIpFilterRule\":null}"),
        Arguments.of(DEVICE, DeviceAuthMethod.X509_SELF_SIGNED,
            "{\"scope\":\"device\",\"type\":\"x509Certificate\",\"issuer\":\"external\","
                + "\"acceptingIpFilterRule\":null}"),
        Arguments.of(DEVICE, DeviceAuthMethod.X509_CA,
            "{\"scope\":\"device\",\"type\":\"x509Certificate\",\"issuer\":\"external\","
                + "\"acceptingIpFilterRule\":null}"),
        Arguments.of(MODULE, DeviceAuthMethod.X509_CA,
            "{\"scope\":\"module\",\"type\":\"x509Certificate\",\"issuer\":\"external\","
                + "\"acceptingIpFilterRule\":null}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("stamps")
  void stampsTheAuthMethodAsIotHubWritesIt(IdentityRef identity, DeviceAuthMethod method, String expected) {
    // GIVEN
    DevicePrincipal principal = new DevicePrincipal(identity, "638000000000000001", method, Optional.empty());

    // WHEN
    String stamp = principal.authMethodStamp();

    // THEN
    assertThat(stamp).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("stamps")
  void stampIsAJsonObjectWithExactlyIotHubsFourFields(IdentityRef identity, DeviceAuthMethod method, String ignored)
      throws Exception {
    // WHEN
    JsonNode stamp = new ObjectMapper().readTree(
        new DevicePrincipal(identity, "638000000000000001", method, Optional.empty()).authMethodStamp());

    // THEN
    assertThat(stamp.isObject()).isTrue();
    assertThat(stamp.fieldNames()).toIterable()
        .containsExactly("scope", "type", "issuer", "acceptingIpFilterRule");
    assertThat(stamp.get("acceptingIpFilterRule").isNull()).isTrue();
  }

  @Test
  void refusesMissingFields() {
    // WHEN / THEN
    assertThatThrownBy(() -> new DevicePrincipal(DEVICE, null, DeviceAuthMethod.IDENTITY_KEY, Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("generationId");
    assertThatThrownBy(() -> new DevicePrincipal(DEVICE, "1", null, Optional.of(Instant.EPOCH)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("method");
  }
}
