package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceboundBagTest {
  private static final Instant EXPIRY = Instant.parse("2020-07-25T14:14:25.172Z");

  @Test
  void writesToAndExpiryEvenWithoutOtherProperties() {
    assertThat(DeviceboundBag.of(message(SystemProperties.NONE, Map.of(), Acknowledgement.NONE)))
        .isEqualTo("%24.to=%2Fdevices%2Fd1%2Fmessages%2Fdevicebound&%24.exp=2020-07-25T14%3A14%3A25.1720000Z");
  }

  @Test
  void writesAcknowledgementUnlessNone() {
    assertThat(DeviceboundBag.of(message(SystemProperties.NONE, Map.of(), Acknowledgement.POSITIVE)))
        .endsWith("&iothub-ack=positive");
  }

  @Test
  void keepsSystemPropertiesOverApplicationPropertiesOfTheSameName() {
    String bag = DeviceboundBag.of(message(SystemProperties.ofMessageId("real"),
        Map.of("$.mid", "forged", "$.to", "/elsewhere", "z", "1"), Acknowledgement.NONE));

    assertThat(PropertyBag.decode(bag)).containsExactly(
        Map.entry("$.mid", "real"),
        Map.entry("$.to", "/devices/d1/messages/devicebound"),
        Map.entry("$.exp", "2020-07-25T14:14:25.1720000Z"),
        Map.entry("z", "1"));
  }

  @Test
  void percentEncodesNonAsciiAndReservedCharacters() {
    String bag = DeviceboundBag.of(message(SystemProperties.NONE, Map.of("città", "a+b c&d"), Acknowledgement.NONE));

    assertThat(bag).endsWith("&citt%C3%A0=a%2Bb%20c%26d");
  }

  private static CloudToDeviceMessage message(SystemProperties properties, Map<String, String> application,
      Acknowledgement ack) {
    return new CloudToDeviceMessage(IdentityRef.device(DeviceId.of("d1")), "gen", new byte[0], properties,
        application, ack, EXPIRY.minusSeconds(3600), EXPIRY, 0, Optional.empty());
  }
}
