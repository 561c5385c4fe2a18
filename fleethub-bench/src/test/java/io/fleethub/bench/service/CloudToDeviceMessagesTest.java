package io.fleethub.bench.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.bench.mqtt.DeviceboundTopic;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

class CloudToDeviceMessagesTest {
  @Test
  void addressesTheDeviceAsTheServiceSdksDoAndCarriesRunAndSendTime() {
    Message message = CloudToDeviceMessages.message("bench-000007", "run-1-42", "run-1", -123_456_789L,
        "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(message.getAddress()).isEqualTo("/devices/bench-000007/messages/devicebound");
    assertThat(message.getMessageId()).isEqualTo("run-1-42");
    assertThat(message.getApplicationProperties().getValue())
        .containsEntry(CloudToDeviceMessages.RUN_PROPERTY, "run-1")
        .containsEntry(CloudToDeviceMessages.SENT_PROPERTY, "-123456789");
    assertThat(((Data) message.getBody()).getValue()).isEqualTo(new Binary("{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsTheSendTimeBackFromTheDeviceboundTopicOfItsOwnRunOnly() {
    String topic = "devices/bench-000007/messages/devicebound/%24.mid=run-1-42&%24.to=%2Fdevices%2Fbench-000007"
        + "%2Fmessages%2Fdevicebound&%24.exp=2026-01-01T00%3A00%3A00.0000000Z&bench-run=run-1"
        + "&bench-sent-nanos=-123456789";
    Map<String, String> properties = DeviceboundTopic.properties(topic).orElseThrow();

    assertThat(CloudToDeviceMessages.sentNanos(properties, "run-1")).hasValue(-123_456_789L);
    assertThat(CloudToDeviceMessages.sentNanos(properties, "run-2")).isEmpty();
    assertThat(CloudToDeviceMessages.sentNanos(Map.of("bench-run", "run-1", "bench-sent-nanos", "soon"), "run-1"))
        .isEmpty();
  }
}
