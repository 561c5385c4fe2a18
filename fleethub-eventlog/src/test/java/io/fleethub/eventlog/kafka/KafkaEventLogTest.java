package io.fleethub.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.EventLogContract;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka event log on a topic it creates, whose records the broker stamps with its own time
 * ({@code LogAppendTime}); {@link KafkaCreateTimeTopicTest} runs the contract on a topic that keeps the hub's times.
 */
class KafkaEventLogTest implements EventLogContract {
  private final KafkaTestLogs logs = new KafkaTestLogs();

  /** The clock is not used: the broker stamps the enqueued times. */
  @Override
  public EventLog newLog(int partitions, Clock clock) {
    return logs.open(logs.newTopic(partitions));
  }

  @Override
  public boolean storesAppendedEnqueuedTimes() {
    return false;
  }

  @AfterEach
  void closeLogs() {
    logs.close();
  }

  @Test
  void offsetsAreKafkaOffsetsAsDecimalText() throws Exception {
    KafkaEventLog log = logs.open(logs.newTopic(1));
    append(log, 0, "e0");
    append(log, 0, "e1");

    assertThat(log.read(0, 0, 2)).extracting(StoredEvent::offset).containsExactly("0", "1");
    assertThat(log.sequenceNumberOf(0, "1")).isEqualTo(1);
    for (String foreign : List.of("2", "-1", "01", "+1", " 1", "1.0", "99999999999999999999")) {
      assertThatThrownBy(() -> log.sequenceNumberOf(0, foreign)).as(foreign)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not an offset of partition 0");
    }
  }

  @Test
  void anyKafkaClientReadsTheEventsWithTheirProperties() throws Exception {
    KafkaEventLogConfig config = logs.newTopic(2);
    KafkaEventLog log = logs.open(config);
    EventData event = new EventData(Instant.parse("2025-03-01T10:00:00.123Z"), "thermostat-7",
        Map.of("iothub-connection-device-id", "thermostat-7", "message-id", "m-1", "content-type", "application/json"),
        Map.of("temperature", "21.5", "$custom", "dollar", "@at", "at"),
        "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8));
    StoredEvent appended = log.append(1, event).get(10, TimeUnit.SECONDS);

    ConsumerRecord<byte[], byte[]> record = readFirstRecordWithAPlainConsumer(config.topic(), 1);

    assertThat(text(record.key())).isEqualTo("thermostat-7");
    assertThat(text(record.value())).isEqualTo("{\"t\":21.5}");
    assertThat(record.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
    assertThat(record.timestamp()).isEqualTo(appended.data().enqueuedTime().toEpochMilli());
    assertThat(headers(record)).containsOnly(
        Map.entry("$iothub-connection-device-id", "thermostat-7"),
        Map.entry("$message-id", "m-1"),
        Map.entry("$content-type", "application/json"),
        Map.entry("temperature", "21.5"),
        Map.entry("@$custom", "dollar"),
        Map.entry("@@at", "at"));
    assertThat(log.read(1, 0, 1).get(0).data().applicationProperties())
        .isEqualTo(event.applicationProperties());
  }

  @Test
  void storesTheTimeTheBrokerAppendedTheEventAtRatherThanTheOneItCarried() throws Exception {
    // GIVEN a log on a topic it created
    KafkaEventLog log = logs.open(logs.newTopic(1));
    Instant before = Instant.ofEpochMilli(System.currentTimeMillis());

    // WHEN an event enqueued long ago is appended
    StoredEvent appended = log.append(0, event(T0, "late")).get(10, TimeUnit.SECONDS);
    Instant after = Instant.now();

    // THEN it is stored with the broker's time of the append, as the append returns and reads show
    assertThat(appended.data().enqueuedTime()).isBetween(before, after);
    assertThat(log.read(0, 0, 1).get(0).data().enqueuedTime()).isEqualTo(appended.data().enqueuedTime());
    assertThat(log.partitionInfo(0).lastEnqueuedTime()).contains(appended.data().enqueuedTime());
    assertThat(log.sequenceNumberAt(0, T0)).isZero();
  }

  @Test
  void failsAnAppendEnqueuedBefore1970() {
    KafkaEventLog log = logs.open(logs.newTopic(1));

    CompletableFuture<StoredEvent> future = log.append(0, event(Instant.parse("1969-12-31T23:59:59Z"), "old"));

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before 1970");
  }

  @Test
  void failsAnAppendLargerThanTheTopicAccepts() {
    KafkaEventLog log = logs.open(logs.newTopic(1));
    byte[] tooLarge = new byte[2 * 1024 * 1024];

    CompletableFuture<StoredEvent> future = log.append(0, new EventData(T0, "d", Map.of(), Map.of(), tooLarge));

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the largest record");
  }

  @Test
  void rejectsPartitionsOutOfRangeAndANegativeMaximum() {
    KafkaEventLog log = logs.open(logs.newTopic(2));

    assertThatThrownBy(() -> log.append(2, event(T0, "e"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition must be between 0 and 1, was 2");
    assertThatThrownBy(() -> log.read(-1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.read(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(log.read(0, 0, 0)).isEmpty();
  }

  @Test
  void refusesUseAfterClose() {
    KafkaEventLog log = logs.open(logs.newTopic(1));
    log.close();
    log.close();

    assertThatThrownBy(() -> log.append(0, event(T0, "late")).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> log.read(0, 0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesToBeClosedFromAnAppendsFuture() throws Exception {
    KafkaEventLog log = logs.open(logs.newTopic(1));

    CompletableFuture<Throwable> closeFailure = log.append(0, event(T0, "e0")).handle((stored, error) -> {
      try {
        log.close();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });

    assertThat(closeFailure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("own thread");
    assertThat(append(log, 0, "e1").sequenceNumber()).isEqualTo(1);
  }

  private ConsumerRecord<byte[], byte[]> readFirstRecordWithAPlainConsumer(String topic, int partition) {
    Properties settings = new Properties();
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, logs.bootstrapServers());
    settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
      TopicPartition tp = new TopicPartition(topic, partition);
      consumer.assign(Set.of(tp));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(Duration.ofMillis(100)).records(tp);
        if (!records.isEmpty()) {
          return records.get(0);
        }
      }
    }
    throw new AssertionError("no record in " + topic + "-" + partition);
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), text(header.value()));
    }
    return headers;
  }

  private static StoredEvent append(EventLog log, int partition, String body) throws Exception {
    return log.append(partition, event(T0, body)).get(10, TimeUnit.SECONDS);
  }

  private static EventData event(Instant time, String body) {
    return new EventData(time, "device", Map.of("message-id", body), Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
