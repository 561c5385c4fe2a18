package io.fleethub.compat.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a back end reading the built-in endpoint with the official Event Hubs SDK (azure-messaging-eventhubs
 * 5.21.3, {@link EventHubConsumerAsyncClient}) sees of telemetry the official device SDK sent over MQTT: the same
 * for every backend of the event stream, each run by a subclass through the endpoints it names.
 *
 * <p>Before the tests, four devices send 25 messages each with application properties, in two rounds (15, then
 * 10) with a point in time between them; one partition receives nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BuiltInEndpointReceiveContract {
  private static final int FIRST_ROUND = 15;
  private static final int SECOND_ROUND = 10;
  private static final int EMPTY_PARTITION = 3;
  /** The events of these tests arrive within a second; the bound only ends a hung run. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  private CompatHub hub;
  private Instant hubStarted;
  private List<String> devices;
  private Map<String, List<SentMessage>> firstRound;
  private Map<String, List<SentMessage>> secondRound;
  private Instant betweenRounds;

  /** Starts a hub on the Azure ports with the backend under test. */
  abstract CompatHub startHub() throws Exception;

  /** The endpoints to read through. */
  abstract Stream<EventHubEndpoint> endpoints();

  @BeforeAll
  void devicesSendTwoRoundsOfTelemetry() throws Exception {
    hubStarted = Instant.now();
    hub = startHub();
    devices = DeviceFleet.idsLeavingOnePartitionEmpty(hub, EMPTY_PARTITION);
    try (DeviceFleet fleet = DeviceFleet.connect(hub, devices)) {
      firstRound = fleet.sendEach(FIRST_ROUND);
      betweenRounds = Instant.now();
      // Enqueued-time filters count in milliseconds: the second round starts a whole millisecond after every
      // first-round message was acknowledged, and so enqueued.
      await().pollInterval(Duration.ofMillis(1))
          .until(() -> Instant.now().toEpochMilli() > betweenRounds.toEpochMilli() + 1);
      secondRound = fleet.sendEach(SECOND_ROUND);
    }
  }

  @AfterAll
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void fromTheEarliestEventReceivesEveryMessageOnceOnItsDevicesPartitionInSendOrderWithItsProperties(
      EventHubEndpoint endpoint) throws Exception {
    // GIVEN the two rounds the devices sent
    Map<String, SentMessage> sentById = DeviceFleet.byId(firstRound, secondRound);

    try (EventHubConsumerAsyncClient consumer = consumer(endpoint)) {
      for (int partition = 0; partition < hub.partitionCount(); partition++) {
        List<String> partitionDevices = devicesOn(partition);
        List<SentMessage> expected = sentById.values().stream()
            .filter(message -> partitionDevices.contains(message.deviceId()))
            .toList();

        // WHEN a back end reads the partition from its earliest event
        List<EventData> events = read(consumer, partition, EventPosition.earliest(), expected.size());

        // THEN it receives the messages of exactly the devices the hub put there, each once
        assertThat(events).extracting(EventData::getMessageId).as("partition %d", partition)
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(SentMessage::messageId).toList());
        // AND each device's in the order it sent them, enqueued one after another
        for (String device : partitionDevices) {
          List<EventData> fromDevice = events.stream().filter(event -> sentBy(event, device)).toList();
          assertThat(fromDevice).extracting(EventData::getMessageId).as("order of %s", device)
              .containsExactlyElementsOf(DeviceFleet.idsInSendOrder(device, firstRound, secondRound));
          assertThat(fromDevice).extracting(EventData::getEnqueuedTime).as("enqueued times of %s", device)
              .isSorted();
        }
        // AND with the properties its sender set, stamped with who sent it
        for (EventData event : events) {
          SentMessage sent = sentById.get(event.getMessageId());
          assertThat(event.getProperties()).as("properties of %s", sent.messageId()).isEqualTo(sent.properties());
          assertThat(event.getSystemProperties()).as("system properties of %s", sent.messageId())
              .containsEntry("iothub-connection-device-id", sent.deviceId())
              .containsEntry("iothub-message-source", "Telemetry");
          assertThat(event.getContentType()).isEqualTo("application/json");
          assertThat(event.getBodyAsString()).startsWith("{\"seq\":" + sent.properties().get("seq") + ",");
        }
        // AND in increasing sequence numbers, with nothing after the last one
        assertThat(events).extracting(EventData::getSequenceNumber).isSorted().doesNotHaveDuplicates();
        PartitionProperties properties = consumer.getPartitionProperties(Integer.toString(partition)).block(WAIT);
        assertThat(properties.getLastEnqueuedSequenceNumber())
            .isEqualTo(events.isEmpty() ? -1 : events.get(events.size() - 1).getSequenceNumber());
      }
    }
  }

  /**
   * Event Hubs stamps an event's enqueued time when the partition takes it, so along a partition enqueued times
   * never decrease, and a back end reading from a time gets no event enqueued before it. The hub stamps a time when
   * a device's message arrives, and the event log raises it to the partition's previous event's when two devices'
   * appends race (EventLog#append).
   */
  @ParameterizedTest
  @MethodSource("endpoints")
  void enqueuedTimesNeverDecreaseAlongAPartitionWhoeverSentTheEvents(EventHubEndpoint endpoint) throws Exception {
    try (EventHubConsumerAsyncClient consumer = consumer(endpoint)) {
      for (int partition : partitionsWithDevices()) {
        // WHEN a back end reads a partition several devices send to
        List<EventData> events = read(consumer, partition, EventPosition.earliest(), sentTo(partition));

        // THEN the enqueued times follow the sequence numbers
        assertThat(events).extracting(EventData::getEnqueuedTime).as("partition %d", partition).isSorted();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void fromAnEnqueuedTimeReceivesOnlyTheMessagesEnqueuedAfterIt(EventHubEndpoint endpoint) throws Exception {
    try (EventHubConsumerAsyncClient consumer = consumer(endpoint)) {
      for (int partition = 0; partition < hub.partitionCount(); partition++) {
        // GIVEN the messages of the second round on the partition, all enqueued after a time the first round's
        // were enqueued before
        List<String> partitionDevices = devicesOn(partition);
        List<String> expected = DeviceFleet.byId(secondRound).values().stream()
            .filter(message -> partitionDevices.contains(message.deviceId()))
            .map(SentMessage::messageId)
            .toList();

        // WHEN a back end reads the partition from that time
        List<EventData> events = read(consumer, partition, EventPosition.fromEnqueuedTime(betweenRounds),
            expected.size());

        // THEN it receives the second round only
        assertThat(events).extracting(EventData::getMessageId).as("partition %d", partition)
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(events).extracting(EventData::getEnqueuedTime).allMatch(time -> time.isAfter(betweenRounds));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void fromASequenceNumberReceivesTheMessagesAfterItOrFromIt(EventHubEndpoint endpoint) throws Exception {
    try (EventHubConsumerAsyncClient consumer = consumer(endpoint)) {
      for (int partition : partitionsWithDevices()) {
        // GIVEN a partition's events and the sequence number of one in the middle
        List<EventData> all = read(consumer, partition, EventPosition.earliest(), sentTo(partition));
        int middle = all.size() / 2;
        long sequenceNumber = all.get(middle).getSequenceNumber();

        // WHEN a back end reads from that sequence number, exclusively and inclusively
        List<EventData> after = read(consumer, partition, EventPosition.fromSequenceNumber(sequenceNumber),
            all.size() - middle - 1);
        List<EventData> from = read(consumer, partition, EventPosition.fromSequenceNumber(sequenceNumber, true),
            all.size() - middle);

        // THEN it receives the events after it, or from it on
        assertThat(after).extracting(EventData::getMessageId)
            .containsExactlyElementsOf(all.subList(middle + 1, all.size()).stream()
                .map(EventData::getMessageId).toList());
        assertThat(from).extracting(EventData::getMessageId)
            .containsExactlyElementsOf(all.subList(middle, all.size()).stream()
                .map(EventData::getMessageId).toList());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void describesTheEventHubAndEachPartitionAsItsEventsAre(EventHubEndpoint endpoint) throws Exception {
    try (EventHubConsumerAsyncClient consumer = consumer(endpoint)) {
      // WHEN a back end asks for the event hub's properties
      EventHubProperties eventHub = consumer.getEventHubProperties().block(WAIT);

      // THEN it is named after the hub, has partitions "0" to "3" and was created when the hub started
      assertThat(eventHub.getName()).isEqualTo(hub.hubName());
      assertThat(eventHub.getPartitionIds()).containsExactly("0", "1", "2", "3");
      assertThat(eventHub.getCreatedAt()).isBetween(hubStarted.minusSeconds(1), Instant.now());

      for (int partition = 0; partition < hub.partitionCount(); partition++) {
        // AND each partition's properties match its events
        List<EventData> events = read(consumer, partition, EventPosition.earliest(), sentTo(partition));
        PartitionProperties properties = consumer.getPartitionProperties(Integer.toString(partition)).block(WAIT);
        assertThat(properties.getId()).isEqualTo(Integer.toString(partition));
        assertThat(properties.getEventHubName()).isEqualTo(hub.hubName());
        if (events.isEmpty()) {
          assertThat(properties.isEmpty()).as("partition %d is empty", partition).isTrue();
          assertThat(properties.getLastEnqueuedSequenceNumber()).isEqualTo(-1);
        } else {
          EventData last = events.get(events.size() - 1);
          assertThat(properties.isEmpty()).as("partition %d is empty", partition).isFalse();
          assertThat(properties.getBeginningSequenceNumber()).isEqualTo(events.get(0).getSequenceNumber());
          assertThat(properties.getLastEnqueuedSequenceNumber()).isEqualTo(last.getSequenceNumber());
          assertThat(properties.getLastEnqueuedOffset()).isEqualTo(last.getOffsetString());
          assertThat(properties.getLastEnqueuedTime()).isEqualTo(last.getEnqueuedTime());
        }
      }
    }
  }

  private EventHubConsumerAsyncClient consumer(EventHubEndpoint endpoint) {
    return new EventHubClientBuilder()
        .connectionString(endpoint.connectionString(hub.info()))
        .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
        .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(20)).setMaxRetries(1))
        .buildAsyncConsumerClient();
  }

  /**
   * The first {@code count} events of a partition from {@code position}; fewer when no more arrive within
   * {@link #WAIT}.
   */
  private static List<EventData> read(EventHubConsumerAsyncClient consumer, int partition, EventPosition position,
      int count) {
    if (count == 0) {
      return List.of();
    }
    return consumer.receiveFromPartition(Integer.toString(partition), position)
        .take(count)
        .take(WAIT)
        .map(PartitionEvent::getData)
        .collectList()
        .block();
  }

  private List<String> devicesOn(int partition) {
    return devices.stream().filter(device -> hub.partitionOf(device) == partition).toList();
  }

  private int[] partitionsWithDevices() {
    return IntStream.range(0, hub.partitionCount()).filter(partition -> !devicesOn(partition).isEmpty()).toArray();
  }

  /** How many messages the devices sent to a partition. */
  private int sentTo(int partition) {
    return devicesOn(partition).size() * (FIRST_ROUND + SECOND_ROUND);
  }

  private static boolean sentBy(EventData event, String device) {
    return device.equals(event.getSystemProperties().get("iothub-connection-device-id"));
  }
}
