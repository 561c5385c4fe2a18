package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.amqp.AmqpTransportType;
import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The official Event Hubs SDK (com.azure:azure-messaging-eventhubs 5.21.3) reading the built-in endpoint exactly
 * as it reads IoT Hub's, in development-emulator mode: plain AMQP to the port of the connection string's
 * endpoint. The host name is the hub's, mapped to 127.0.0.1 by the test JVM's hosts file.
 */
class EventHubsSdkCompatibilityTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private AmqpTestHub hub;
  private final List<EventHubConsumerAsyncClient> consumers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
  }

  @AfterEach
  void stop() throws Exception {
    consumers.forEach(EventHubConsumerAsyncClient::close);
    hub.close();
  }

  @Test
  void receivesTelemetryFromTheEarliestEventOnTheDevicesPartitionsWithItsProperties() {
    // GIVEN telemetry of two devices, with properties
    StoredEvent a = hub.appendTelemetry("sensor-a", "{\"t\":20}".getBytes(StandardCharsets.UTF_8),
        Map.of(MessageProperties.MESSAGE_ID, "msg-a", MessageProperties.CONTENT_TYPE, "application/json",
            MessageProperties.CONTENT_ENCODING, "utf-8"), Map.of("room", "kitchen"));
    StoredEvent b = hub.appendTelemetry("sensor-b", "{\"t\":21}", Map.of("room", "hall"));
    EventHubConsumerAsyncClient consumer = consumer(builder());

    // WHEN
    EventData first = consumer.receiveFromPartition(Integer.toString(a.partition()), EventPosition.earliest())
        .blockFirst(WAIT).getData();
    PartitionEvent second = consumer.receiveFromPartition(Integer.toString(b.partition()), EventPosition.earliest())
        .filter(event -> event.getData().getSequenceNumber() == b.sequenceNumber())
        .blockFirst(WAIT);

    // THEN
    assertThat(first.getBodyAsString()).isEqualTo("{\"t\":20}");
    assertThat(first.getProperties()).containsEntry("room", "kitchen");
    assertThat(first.getSystemProperties())
        .containsEntry("iothub-connection-device-id", "sensor-a")
        .containsEntry("iothub-message-source", "Telemetry")
        .containsKey("iothub-enqueuedtime")
        .containsKey("iothub-connection-auth-method");
    assertThat(first.getMessageId()).isEqualTo("msg-a");
    assertThat(first.getContentType()).isEqualTo("application/json");
    assertThat(first.getSequenceNumber()).isEqualTo(a.sequenceNumber());
    assertThat(first.getOffsetString()).isEqualTo(a.offset());
    assertThat(first.getEnqueuedTime()).isEqualTo(a.data().enqueuedTime().truncatedTo(ChronoUnit.MILLIS));
    assertThat(second.getPartitionContext().getPartitionId()).isEqualTo(Integer.toString(b.partition()));
    assertThat(second.getData().getSystemProperties()).containsEntry("iothub-connection-device-id", "sensor-b");
    assertThat(second.getData().getProperties()).containsEntry("room", "hall");
  }

  @Test
  void receivesFromAnEnqueuedTime() {
    // GIVEN three events a minute apart
    List<StoredEvent> events = appendMinuteApart("clock", 3);
    EventHubConsumerAsyncClient consumer = consumer(builder());

    // WHEN reading from just after the first one
    List<String> bodies = consumer.receiveFromPartition(partitionOf(events),
            EventPosition.fromEnqueuedTime(events.get(0).data().enqueuedTime()))
        .take(2).map(event -> event.getData().getBodyAsString()).collectList().block(WAIT);

    // THEN
    assertThat(bodies).containsExactly("1", "2");
  }

  @Test
  void receivesFromASequenceNumberExclusiveOrInclusive() {
    // GIVEN
    List<StoredEvent> events = appendMinuteApart("counter", 3);
    EventHubConsumerAsyncClient consumer = consumer(builder());
    long first = events.get(0).sequenceNumber();

    // WHEN
    String after = consumer.receiveFromPartition(partitionOf(events), EventPosition.fromSequenceNumber(first))
        .blockFirst(WAIT).getData().getBodyAsString();
    String at = consumer.receiveFromPartition(partitionOf(events), EventPosition.fromSequenceNumber(first, true))
        .blockFirst(WAIT).getData().getBodyAsString();

    // THEN
    assertThat(after).isEqualTo("1");
    assertThat(at).isEqualTo("0");
  }

  @Test
  void receivesEventsEnqueuedWhileItWaitsAtTheLatestPosition() throws Exception {
    // GIVEN a consumer waiting at the end of a partition
    EventHubConsumerAsyncClient consumer = consumer(builder());
    int partition = AmqpTestHub.partitionOf("late");
    CompletableFuture<EventData> received = new CompletableFuture<>();
    Disposable subscription = consumer.receiveFromPartition(Integer.toString(partition), EventPosition.latest())
        .subscribe(event -> received.complete(event.getData()), received::completeExceptionally);
    try {
      // WHEN telemetry arrives after the link is up
      await().until(() -> hub.endpoint().openReceivers() == 1);
      hub.appendTelemetry("late", "fresh", Map.of());

      // THEN
      assertThat(received.get(30, TimeUnit.SECONDS).getBodyAsString()).isEqualTo("fresh");
    } finally {
      subscription.dispose();
    }
  }

  @Test
  void readsTheEventHubAndPartitionProperties() {
    // GIVEN
    StoredEvent last = hub.appendTelemetry("props", "x", Map.of());
    EventHubConsumerAsyncClient consumer = consumer(builder());

    // WHEN
    EventHubProperties eventHub = consumer.getEventHubProperties().block(WAIT);
    PartitionProperties partition = consumer.getPartitionProperties(Integer.toString(last.partition())).block(WAIT);

    // THEN
    assertThat(eventHub.getName()).isEqualTo(AmqpTestHub.HUB_NAME);
    assertThat(eventHub.getCreatedAt()).isEqualTo(AmqpTestHub.CREATED_AT);
    assertThat(eventHub.getPartitionIds()).containsExactly("0", "1", "2", "3");
    assertThat(consumer.getPartitionIds().collectList().block(WAIT)).containsExactly("0", "1", "2", "3");
    assertThat(partition.getId()).isEqualTo(Integer.toString(last.partition()));
    assertThat(partition.getLastEnqueuedSequenceNumber()).isEqualTo(last.sequenceNumber());
    assertThat(partition.getLastEnqueuedOffset()).isEqualTo(last.offset());
    assertThat(partition.isEmpty()).isFalse();
  }

  @Test
  void aConsumerWithAHigherOwnerLevelStealsThePartition() throws Exception {
    // GIVEN a consumer reading partition 1 with owner level 1
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Disposable first = consumer(builder()).receiveFromPartition("1", EventPosition.earliest(),
            new ReceiveOptions().setOwnerLevel(1L))
        .subscribe(event -> { }, ended::complete, () -> ended.complete(null));
    await().until(() -> hub.endpoint().openReceivers() == 1);

    // WHEN another takes it with owner level 2
    Disposable second = consumer(builder()).receiveFromPartition("1", EventPosition.earliest(),
        new ReceiveOptions().setOwnerLevel(2L)).subscribe();
    try {
      // THEN the first ends with the error Event Hubs raises for a stolen link
      Throwable error = ended.get(60, TimeUnit.SECONDS);
      assertThat(error).isInstanceOf(AmqpException.class);
      assertThat(((AmqpException) error).getErrorCondition()).isEqualTo(AmqpErrorCondition.LINK_STOLEN);
    } finally {
      first.dispose();
      second.dispose();
    }
  }

  @Test
  void reportsAnUnknownConsumerGroupAsAMissingEntityWithoutRetrying() {
    // GIVEN a consumer of a group the hub does not have
    EventHubConsumerAsyncClient consumer = consumer(builder().consumerGroup("nobody"));

    // WHEN
    Throwable error = catchThrowable(
        () -> consumer.receiveFromPartition("0", EventPosition.earliest()).blockFirst(WAIT));

    // THEN
    assertThat(error).isInstanceOf(AmqpException.class);
    assertThat(((AmqpException) error).getErrorCondition()).isEqualTo(AmqpErrorCondition.NOT_FOUND);
    assertThat(((AmqpException) error).isTransient()).isFalse();
  }

  private EventHubClientBuilder builder() {
    String connectionString = "Endpoint=sb://" + AmqpTestHub.HOST_NAME + ":" + hub.plainPort()
        + "/;SharedAccessKeyName=service;SharedAccessKey=" + hub.primaryKey("service")
        + ";EntityPath=" + AmqpTestHub.HUB_NAME + ";UseDevelopmentEmulator=true";
    return new EventHubClientBuilder()
        .connectionString(connectionString)
        .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
        .transportType(AmqpTransportType.AMQP)
        .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(20)).setMaxRetries(1));
  }

  private EventHubConsumerAsyncClient consumer(EventHubClientBuilder builder) {
    EventHubConsumerAsyncClient consumer = builder.buildAsyncConsumerClient();
    consumers.add(consumer);
    return consumer;
  }

  private List<StoredEvent> appendMinuteApart(String device, int count) {
    List<StoredEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(hub.appendTelemetry(device, Integer.toString(i), Map.of()));
      hub.clock().advance(Duration.ofMinutes(1));
    }
    return events;
  }

  private static String partitionOf(List<StoredEvent> events) {
    return Integer.toString(events.get(0).partition());
  }
}
