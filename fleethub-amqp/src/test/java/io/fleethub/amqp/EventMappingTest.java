package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventMappingTest {
  private static final String DEVICE = "meter-3";

  private AmqpTestHub hub;
  private RawAmqpClient client;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    client = RawAmqpClient.plain(hub);
    client.putToken(AmqpTestHub.audience(AmqpTestHub.HUB_NAME),
        hub.token("service", AmqpTestHub.audience(AmqpTestHub.HUB_NAME)));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void deliversAnEventWithIotHubsAnnotationsPropertiesAndApplicationProperties() throws Exception {
    // GIVEN telemetry with the system properties a device may set
    StoredEvent stored = hub.appendTelemetry(DEVICE, "{\"t\":1}".getBytes(StandardCharsets.UTF_8), Map.of(
        MessageProperties.MESSAGE_ID, "m-1", MessageProperties.CORRELATION_ID, "c-1",
        MessageProperties.USER_ID, "operator", MessageProperties.CONTENT_TYPE, "application/json",
        MessageProperties.CONTENT_ENCODING, "utf-8", MessageProperties.CREATION_TIME, "2026-01-01T00:00:00Z",
        MessageProperties.MODEL_ID, "dtmi:com:example:Meter;1", MessageProperties.COMPONENT, "left"),
        Map.of("alert", "true"));

    // WHEN
    Message message = client.receiver(AmqpTestHub.partitionPath(stored.partition())).take(1).get(0);

    // THEN the body is one Data section
    assertThat(PartitionReceiverAccessTest.bodies(java.util.List.of(message))).containsExactly("{\"t\":1}");
    // AND the Event Hubs annotations and IoT Hub stamps are message annotations, with their AMQP types
    Map<Symbol, Object> annotations = message.getMessageAnnotations().getValue();
    assertThat(annotations)
        .containsEntry(Symbol.valueOf("x-opt-sequence-number"), stored.sequenceNumber())
        .containsEntry(Symbol.valueOf("x-opt-offset"), stored.offset())
        .containsEntry(Symbol.valueOf("x-opt-enqueued-time"), Date.from(stored.data().enqueuedTime()))
        .containsEntry(Symbol.valueOf("x-opt-partition-key"), DEVICE)
        .containsEntry(Symbol.valueOf("iothub-connection-device-id"), DEVICE)
        .containsEntry(Symbol.valueOf("iothub-connection-auth-generation-id"), "638000000000000000")
        .containsEntry(Symbol.valueOf("iothub-enqueuedtime"), Date.from(stored.data().enqueuedTime()))
        .containsEntry(Symbol.valueOf("iothub-message-source"), "Telemetry")
        .containsEntry(Symbol.valueOf("dt-dataschema"), "dtmi:com:example:Meter;1")
        .containsEntry(Symbol.valueOf("dt-subject"), "left")
        .containsKey(Symbol.valueOf("iothub-connection-auth-method"));
    // AND the message's own system properties are in the properties section
    assertThat(message.getMessageId()).isEqualTo("m-1");
    assertThat(message.getCorrelationId()).isEqualTo("c-1");
    assertThat(message.getProperties().getUserId()).isEqualTo(new Binary("operator".getBytes(StandardCharsets.UTF_8)));
    assertThat(message.getContentType()).isEqualTo("application/json");
    assertThat(message.getContentEncoding()).isEqualTo("utf-8");
    // AND the sender's properties, with the creation time, are application properties
    assertThat(message.getApplicationProperties().getValue())
        .containsEntry("alert", "true")
        .containsEntry("iothub-creation-time-utc", "2026-01-01T00:00:00Z")
        .hasSize(2);
  }

  @Test
  void reportsThePartitionsLastEventToAReceiverThatAsksForRuntimeMetrics() throws Exception {
    // GIVEN two events, and a receiver desiring com.microsoft:enable-receiver-runtime-metric
    StoredEvent first = hub.appendTelemetry(DEVICE, "1", Map.of());
    StoredEvent last = hub.appendTelemetry(DEVICE, "2", Map.of());
    Symbol metric = Symbol.valueOf("com.microsoft:enable-receiver-runtime-metric");

    // WHEN
    RawAmqpClient.Receiver receiver =
        client.receiver(AmqpTestHub.partitionPath(first.partition()), null, null, new Symbol[] {metric});
    Message message = receiver.take(1).get(0);

    // THEN the hub offers the capability and annotates the delivery with the last enqueued event
    assertThat(receiver.offeredCapabilities()).containsExactly(metric);
    assertThat(message.getDeliveryAnnotations().getValue())
        .containsEntry(Symbol.valueOf("last_enqueued_sequence_number"), last.sequenceNumber())
        .containsEntry(Symbol.valueOf("last_enqueued_offset"), last.offset())
        .containsEntry(Symbol.valueOf("last_enqueued_time_utc"), Date.from(last.data().enqueuedTime()))
        .containsKey(Symbol.valueOf("runtime_info_retrieval_time_utc"));
  }
}
