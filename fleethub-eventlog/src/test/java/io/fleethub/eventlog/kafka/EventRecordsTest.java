package io.fleethub.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.StoredEvent;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class EventRecordsTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void systemAndApplicationPropertiesNeverCollide() {
    EventData event = new EventData(T0, "device",
        Map.of("message-id", "sys", "$odd", "system with a dollar", "@odd", "system with an at"),
        Map.of("message-id", "app", "$message-id", "app with a dollar", "@message-id", "app with an at",
            "@@x", "two ats"),
        new byte[] {1});

    StoredEvent read = roundTrip(event);

    assertThat(read.data().systemProperties()).isEqualTo(event.systemProperties());
    assertThat(read.data().applicationProperties()).isEqualTo(event.applicationProperties());
  }

  @Test
  void readsRecordsOfOtherProducersWithoutKeyOrValue() {
    ConsumerRecord<byte[], byte[]> foreign = new ConsumerRecord<>("topic", 0, 7, 1_000, TimestampType.CREATE_TIME,
        0, 0, null, null, new org.apache.kafka.common.header.internals.RecordHeaders(), Optional.empty());

    StoredEvent read = EventRecords.toEvent(foreign);

    assertThat(read.sequenceNumber()).isEqualTo(7);
    assertThat(read.offset()).isEqualTo("7");
    assertThat(read.data().partitionKey()).isEmpty();
    assertThat(read.data().body()).isEmpty();
    assertThat(read.data().enqueuedTime()).isEqualTo(Instant.ofEpochMilli(1_000));
  }

  private static StoredEvent roundTrip(EventData event) {
    ProducerRecord<byte[], byte[]> sent = EventRecords.toRecord("topic", 0, event);
    ConsumerRecord<byte[], byte[]> received = new ConsumerRecord<>("topic", 0, 0, sent.timestamp(),
        TimestampType.CREATE_TIME, sent.key().length, sent.value().length, sent.key(), sent.value(), sent.headers(),
        Optional.empty());
    return EventRecords.toEvent(received);
  }
}
