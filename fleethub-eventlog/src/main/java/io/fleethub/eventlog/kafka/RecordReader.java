package io.fleethub.eventlog.kafka;

import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * One consumer of the topic, assigned by hand to the partition of the current call. Not thread-safe: a
 * {@link ReaderPool} lends it to one thread at a time. Each call blocks on the cluster, at most about the
 * operation timeout, and throws {@link TimeoutException} past it.
 *
 * <p>A read first asks for the partition's end offset (its high watermark: what the in-sync replicas hold), then
 * fetches up to it and no further, so it returns what is durable now and never waits for new records. A start
 * before the partition's beginning (deleted by retention) makes the consumer reset to the beginning
 * ({@code auto.offset.reset=earliest}).
 */
final class RecordReader implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration timeout;
  private TopicPartition assigned;

  RecordReader(Consumer<byte[], byte[]> consumer, String topic, Duration timeout) {
    this.consumer = consumer;
    this.topic = topic;
    this.timeout = timeout;
  }

  /** The partition this reader was last assigned, or -1; the pool prefers a reader already on the partition. */
  int assignedPartition() {
    return assigned == null ? -1 : assigned.partition();
  }

  List<StoredEvent> read(int partition, long fromOffset, int maxEvents) {
    TopicPartition tp = assign(partition);
    long end = endOffset(tp);
    if (maxEvents == 0 || fromOffset >= end) {
      return List.of();
    }
    consumer.seek(tp, Math.max(0, fromOffset));
    return fetchUntil(tp, fromOffset, end, maxEvents);
  }

  PartitionInfo info(int partition) {
    TopicPartition tp = assign(partition);
    long beginning = consumer.beginningOffsets(Set.of(tp), timeout).get(tp);
    long end = endOffset(tp);
    if (beginning >= end) {
      return new PartitionInfo(partition, end, end - 1, Optional.empty(), Optional.empty());
    }
    consumer.seek(tp, end - 1);
    Optional<Instant> lastTime = fetchUntil(tp, end - 1, end, 1).stream().findFirst()
        .map(event -> event.data().enqueuedTime());
    return new PartitionInfo(partition, beginning, end - 1, Optional.of(Long.toString(end - 1)), lastTime);
  }

  /** The first offset whose record timestamp is at or after {@code epochMillis}, or the end offset. */
  long offsetAt(int partition, long epochMillis) {
    TopicPartition tp = assign(partition);
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(tp, epochMillis), timeout);
    OffsetAndTimestamp offset = found.get(tp);
    return offset != null ? offset.offset() : endOffset(tp);
  }

  long endOffset(int partition) {
    return endOffset(assign(partition));
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(timeout));
  }

  private List<StoredEvent> fetchUntil(TopicPartition tp, long fromOffset, long end, int maxEvents) {
    List<StoredEvent> events = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < maxEvents && consumer.position(tp, timeout) < end) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("Reading partition " + tp.partition() + " of Kafka topic '" + topic
            + "' up to offset " + end + " took longer than " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
        if (record.offset() >= end || events.size() == maxEvents) {
          break;
        }
        if (record.offset() >= fromOffset) {
          events.add(EventRecords.toEvent(record));
        }
      }
    }
    return events;
  }

  private long endOffset(TopicPartition tp) {
    return consumer.endOffsets(Set.of(tp), timeout).get(tp);
  }

  private TopicPartition assign(int partition) {
    if (assigned == null || assigned.partition() != partition) {
      assigned = new TopicPartition(topic, partition);
      consumer.assign(Set.of(assigned));
    }
    return assigned;
  }
}
