package io.fleethub.amqp;

import static io.fleethub.amqp.PartitionReceiverAccessTest.bodies;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.eventlog.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StartPositionFilterTest {
  private static final String DEVICE = "pump-7";

  private AmqpTestHub hub;
  private RawAmqpClient client;
  private String entity;
  private final List<StoredEvent> events = new ArrayList<>();

  @BeforeEach
  void startWithFiveEventsOneSecondApart() throws Exception {
    hub = AmqpTestHub.start();
    client = RawAmqpClient.plain(hub);
    entity = AmqpTestHub.partitionPath(AmqpTestHub.partitionOf(DEVICE));
    String audience = AmqpTestHub.audience(entity);
    client.putToken(audience, hub.token("service", audience));
    for (int i = 0; i < 5; i++) {
      events.add(hub.appendTelemetry(DEVICE, "e" + i, Map.of()));
      hub.clock().advance(Duration.ofSeconds(1));
    }
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void startsAtTheFirstEventForOffsetAfterMinusOne() throws Exception {
    assertThat(read("amqp.annotation.x-opt-offset > '-1'", 5)).containsExactly("e0", "e1", "e2", "e3", "e4");
  }

  @Test
  void startsAtTheFirstEventWithoutAFilter() throws Exception {
    assertThat(read(null, 5)).containsExactly("e0", "e1", "e2", "e3", "e4");
  }

  @Test
  void startsAfterTheGivenOffset() throws Exception {
    String filter = "amqp.annotation.x-opt-offset > '" + events.get(2).offset() + "'";

    assertThat(read(filter, 2)).containsExactly("e3", "e4");
  }

  @Test
  void startsAtTheGivenOffsetWhenInclusive() throws Exception {
    String filter = "amqp.annotation.x-opt-offset >= '" + events.get(2).offset() + "'";

    assertThat(read(filter, 3)).containsExactly("e2", "e3", "e4");
  }

  @Test
  void startsAfterTheGivenSequenceNumber() throws Exception {
    assertThat(read("amqp.annotation.x-opt-sequence-number > '1'", 3)).containsExactly("e2", "e3", "e4");
  }

  @Test
  void startsAtTheGivenSequenceNumberWhenInclusive() throws Exception {
    assertThat(read("amqp.annotation.x-opt-sequence-number >= '1'", 4)).containsExactly("e1", "e2", "e3", "e4");
  }

  @Test
  void startsAfterTheGivenEnqueuedTimeInMilliseconds() throws Exception {
    long millis = events.get(1).data().enqueuedTime().toEpochMilli();

    assertThat(read("amqp.annotation.x-opt-enqueued-time > '" + millis + "'", 3)).containsExactly("e2", "e3", "e4");
  }

  @Test
  void startsAtTheGivenEnqueuedTimeWhenInclusive() throws Exception {
    long millis = events.get(1).data().enqueuedTime().toEpochMilli();

    assertThat(read("amqp.annotation.x-opt-enqueued-time >= '" + millis + "'", 4))
        .containsExactly("e1", "e2", "e3", "e4");
  }

  @Test
  void deliversOnlyEventsEnqueuedAfterAttachingAtLatest() throws Exception {
    // GIVEN a receiver at the end of the stream
    RawAmqpClient.Receiver receiver = client.receiver(entity, "amqp.annotation.x-opt-offset > '@latest'", null);
    assertThat(receiver.isOpen()).isTrue();

    // WHEN
    hub.appendTelemetry(DEVICE, "new", Map.of());

    // THEN
    assertThat(bodies(receiver.take(1))).containsExactly("new");
  }

  @Test
  void waitsForEventsAppendedAfterItCaughtUp() throws Exception {
    // GIVEN a receiver that read everything and still has credit
    RawAmqpClient.Receiver receiver = client.receiver(entity, "amqp.annotation.x-opt-sequence-number > '4'", null);
    receiver.flow(3);

    // WHEN
    hub.appendTelemetry(DEVICE, "e5", Map.of());
    hub.appendTelemetry(DEVICE, "e6", Map.of());

    // THEN
    assertThat(bodies(List.of(receiver.next(), receiver.next()))).containsExactly("e5", "e6");
  }

  @Test
  void refusesAnOffsetTheLogNeverProducedAsAnArgumentError() throws Exception {
    RawAmqpClient.Receiver receiver = client.receiver(entity, "amqp.annotation.x-opt-offset > 'banana'", null);

    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("com.microsoft:argument-error");
  }

  @Test
  void refusesASequenceNumberBeyondTheEndAsAnArgumentError() throws Exception {
    RawAmqpClient.Receiver receiver = client.receiver(entity, "amqp.annotation.x-opt-sequence-number > '99'", null);

    assertThat(receiver.awaitClosed().getDescription()).contains("beyond the end of partition");
  }

  @Test
  void refusesAFilterItDoesNotUnderstandAsAnArgumentError() throws Exception {
    RawAmqpClient.Receiver receiver = client.receiver(entity, "amqp.annotation.x-opt-offset < '3'", null);

    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("com.microsoft:argument-error");
  }

  private List<String> read(String filter, int count) throws Exception {
    RawAmqpClient.Receiver receiver = client.receiver(entity, filter, null);
    assertThat(receiver.isOpen()).as("receiver opened").isTrue();
    List<String> read = new ArrayList<>(bodies(receiver.take(count)));
    receiver.flow(1);
    assertThat(receiver.messages.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS)).as("nothing more").isNull();
    return read;
  }
}
