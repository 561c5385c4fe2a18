package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CreditFlowTest {
  private static final String DEVICE = "firehose";
  private static final int EVENTS = 10_000;
  private static final int READ_BATCH = 16;
  private static final int MAX_BUFFERED = 32;

  private AmqpTestHub hub;
  private RawAmqpClient client;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start(AmqpTestHub.withBuffering(READ_BATCH, MAX_BUFFERED));
    client = RawAmqpClient.plain(hub);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void aConsumerGrantingSmallCreditWhileTenThousandEventsArriveCostsABoundedBuffer() throws Exception {
    // GIVEN a receiver from the start of the device's partition
    String entity = AmqpTestHub.partitionPath(AmqpTestHub.partitionOf(DEVICE));
    String audience = AmqpTestHub.audience(entity);
    client.putToken(audience, hub.token("service", audience));
    RawAmqpClient.Receiver receiver = client.receiver(entity, "amqp.annotation.x-opt-offset > '-1'", null);

    // WHEN 10,000 events are appended while the consumer grants credit ten at a time
    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < EVENTS; i++) {
        hub.appendTelemetry(DEVICE, Integer.toString(i), Map.of());
      }
    });
    List<Long> sequenceNumbers = new ArrayList<>();
    while (sequenceNumbers.size() < EVENTS) {
      List<Message> batch = receiver.take(10);
      assertThat(batch).as("credit answered after %d events", sequenceNumbers.size()).isNotEmpty();
      batch.forEach(message -> sequenceNumbers.add(
          (Long) message.getMessageAnnotations().getValue().get(Symbol.valueOf("x-opt-sequence-number"))));
    }
    producing.join();

    // THEN every event arrived once, in order, and no link ever held more than its bound
    assertThat(sequenceNumbers).hasSize(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      assertThat(sequenceNumbers.get(i)).isEqualTo(i);
    }
    assertThat(hub.endpoint().peakBufferedEventsPerLink()).isPositive().isLessThanOrEqualTo(MAX_BUFFERED);
  }

  @Test
  void readsNothingAheadForAConsumerThatGrantsNoCredit() throws Exception {
    // GIVEN events in the partition and a receiver that has not granted credit
    for (int i = 0; i < 100; i++) {
      hub.appendTelemetry(DEVICE, Integer.toString(i), Map.of());
    }
    String entity = AmqpTestHub.partitionPath(AmqpTestHub.partitionOf(DEVICE));
    String audience = AmqpTestHub.audience(entity);
    client.putToken(audience, hub.token("service", audience));

    // WHEN
    RawAmqpClient.Receiver receiver = client.receiver(entity);

    // THEN nothing is read or sent until the first credit, which is then answered exactly
    assertThat(receiver.isOpen()).isTrue();
    assertThat(hub.endpoint().peakBufferedEventsPerLink()).isZero();
    assertThat(receiver.take(3)).hasSize(3);
    assertThat(hub.endpoint().peakBufferedEventsPerLink()).isLessThanOrEqualTo(3);
  }
}
