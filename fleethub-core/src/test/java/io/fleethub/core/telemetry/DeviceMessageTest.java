package io.fleethub.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceMessageTest {

  @Test
  void billsBodyPlusSystemPropertyValuesPlusApplicationPropertyNamesAndValues() {
    // GIVEN 10 body bytes; system values "m-1" (3) and "text/plain" (10); application "unit"+"C" (5)
    DeviceMessage message = new DeviceMessage("0123456789".getBytes(StandardCharsets.US_ASCII),
        Map.of(MessageProperties.MESSAGE_ID, "m-1", MessageProperties.CONTENT_TYPE, "text/plain"),
        Map.of("unit", "C"));

    // WHEN
    int size = message.billedSize();

    // THEN system property names are not billed
    assertThat(size).isEqualTo(10 + 3 + 10 + 5);
  }

  @Test
  void billsPropertiesInUtf8Bytes() {
    // GIVEN "é" is one char but two UTF-8 bytes, "€" three
    DeviceMessage message = new DeviceMessage(new byte[0], Map.of(MessageProperties.USER_ID, "é"),
        Map.of("€", "é"));

    // WHEN
    int size = message.billedSize();

    // THEN
    assertThat(size).isEqualTo(2 + 3 + 2);
  }

  @Test
  void billsAnEmptyMessageAsZero() {
    // WHEN / THEN
    assertThat(new DeviceMessage(new byte[0], Map.of(), Map.of()).billedSize()).isZero();
  }
}
