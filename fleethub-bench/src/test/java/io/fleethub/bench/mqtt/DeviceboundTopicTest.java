package io.fleethub.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceboundTopicTest {
  @Test
  void subscribesToTheDevicesOwnDeviceboundTopic() {
    assertThat(DeviceboundTopic.filter("bench-000001")).isEqualTo("devices/bench-000001/messages/devicebound/#");
  }

  @Test
  void readsTheBagAsIotHubWritesItWithKeysAndValuesDecoded() {
    String topic = "devices/deviceID/messages/devicebound/%24.mid=69ea&%24.exp=0"
        + "&%24.to=%2Fdevices%2FdeviceID%2Fmessages%2FdeviceBound&iothub-ack=full&property1=value%201&empty=&bare";

    Map<String, String> properties = DeviceboundTopic.properties(topic).orElseThrow();

    assertThat(properties)
        .containsEntry("$.mid", "69ea")
        .containsEntry("$.to", "/devices/deviceID/messages/deviceBound")
        .containsEntry("iothub-ack", "full")
        .containsEntry("property1", "value 1")
        .containsEntry("empty", "")
        .containsEntry("bare", "");
  }

  @Test
  void findsNoPropertiesOutsideADeviceboundTopic() {
    assertThat(DeviceboundTopic.properties("$iothub/methods/POST/bench/?$rid=1")).isEmpty();
    assertThat(DeviceboundTopic.properties("devices/d1/modules/m1/messages/devicebound/%24.mid=1")).isEmpty();
    assertThat(DeviceboundTopic.properties("devices/d1/messages/devicebound/")).contains(Map.of());
  }
}
