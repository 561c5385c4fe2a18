package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.MessageProperties;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TelemetryMapperTest {
  @Test
  void mapsEverySystemKeyToItsHubName() {
    Map<String, String> bag = Map.ofEntries(Map.entry("$.mid", "mid"), Map.entry("$.cid", "cid"),
        Map.entry("$.uid", "uid"), Map.entry("$.to", "to"), Map.entry("$.ct", "ct"), Map.entry("$.ce", "ce"),
        Map.entry("$.exp", "exp"), Map.entry("$.ctime", "ctime"), Map.entry("$.on", "on"),
        Map.entry("$.ifid", "ifid"), Map.entry("$.sub", "sub"));

    DeviceMessage message = TelemetryMapper.toMessage(bag, new byte[0], false, Optional.empty());

    assertThat(message.systemProperties()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry(MessageProperties.MESSAGE_ID, "mid"), Map.entry(MessageProperties.CORRELATION_ID, "cid"),
        Map.entry(MessageProperties.USER_ID, "uid"), Map.entry(MessageProperties.TO, "to"),
        Map.entry(MessageProperties.CONTENT_TYPE, "ct"), Map.entry(MessageProperties.CONTENT_ENCODING, "ce"),
        Map.entry(MessageProperties.ABSOLUTE_EXPIRY_TIME, "exp"),
        Map.entry(MessageProperties.CREATION_TIME, "ctime"),
        Map.entry(MessageProperties.OUTPUT_NAME, "on"), Map.entry(MessageProperties.INTERFACE_ID, "ifid"),
        Map.entry(MessageProperties.COMPONENT, "sub")));
    assertThat(message.applicationProperties()).isEmpty();
  }

  @Test
  void keepsOtherKeysAsApplicationPropertiesAndDropsHubAssignedOnes() {
    DeviceMessage message = TelemetryMapper.toMessage(
        Map.of("temp", "21", "$.custom", "x", "$.cdid", "spoof", "$.cmid", "spoof"), new byte[0], false,
        Optional.empty());

    assertThat(message.applicationProperties())
        .containsExactlyInAnyOrderEntriesOf(Map.of("temp", "21", "$.custom", "x"));
    assertThat(message.systemProperties()).isEmpty();
  }

  @Test
  void marksRetainAndStampsModelId() {
    DeviceMessage message = TelemetryMapper.toMessage(Map.of(), new byte[0], true, Optional.of("dtmi:x;1"));

    assertThat(message.applicationProperties()).containsEntry(MessageProperties.MQTT_RETAIN, "true");
    assertThat(message.systemProperties()).containsEntry(MessageProperties.MODEL_ID, "dtmi:x;1");
  }

  @Test
  void marksWillMessages() {
    DeviceMessage will = TelemetryMapper.toWillMessage(Map.of("k", "v"), new byte[] {1}, false, Optional.empty());

    assertThat(will.applicationProperties())
        .containsEntry(MessageProperties.MESSAGE_TYPE, "Will")
        .containsEntry("k", "v");
  }
}
