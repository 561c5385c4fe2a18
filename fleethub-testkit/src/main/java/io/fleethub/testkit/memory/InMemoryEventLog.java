package io.fleethub.testkit.memory;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EventLog} in memory, for tests of the layers above it. Appends are "durable" at once; offsets are
 * sequence numbers as decimal text. Enqueued times never decrease along a partition: an event appended with an
 * earlier time than the partition's last event is stored with the last event's time. Thread-safe by one lock per
 * log; {@link #onAppended} callbacks run on the appending thread.
 */
public final class InMemoryEventLog implements EventLog {
  private final List<List<StoredEvent>> partitions = new ArrayList<>();
  private final List<List<Runnable>> listeners = new ArrayList<>();

  public InMemoryEventLog(int partitionCount) {
    for (int i = 0; i < partitionCount; i++) {
      partitions.add(new ArrayList<>());
      listeners.add(new CopyOnWriteArrayList<>());
    }
  }

  @Override
  public int partitionCount() {
    return partitions.size();
  }

  @Override
  public CompletableFuture<StoredEvent> append(int partition, EventData event) {
    StoredEvent stored;
    synchronized (this) {
      List<StoredEvent> events = partitions.get(partition);
      long sequence = events.size();
      stored = new StoredEvent(partition, sequence, Long.toString(sequence), notBeforeLast(events, event));
      events.add(stored);
    }
    listeners.get(partition).forEach(Runnable::run);
    return CompletableFuture.completedFuture(stored);
  }

  @Override
  public synchronized List<StoredEvent> read(int partition, long fromSequenceNumber, int maxEvents) {
    List<StoredEvent> events = partitions.get(partition);
    int from = (int) Math.max(0, Math.min(fromSequenceNumber, events.size()));
    return List.copyOf(events.subList(from, Math.min(events.size(), from + maxEvents)));
  }

  /** Every event of every partition, partition by partition, for assertions. */
  public synchronized List<StoredEvent> all() {
    return partitions.stream().flatMap(List::stream).toList();
  }

  @Override
  public synchronized PartitionInfo partitionInfo(int partition) {
    List<StoredEvent> events = partitions.get(partition);
    if (events.isEmpty()) {
      return new PartitionInfo(partition, 0, -1, Optional.empty(), Optional.empty());
    }
    StoredEvent last = events.get(events.size() - 1);
    return new PartitionInfo(partition, 0, last.sequenceNumber(), Optional.of(last.offset()),
        Optional.of(last.data().enqueuedTime()));
  }

  @Override
  public synchronized long sequenceNumberAt(int partition, Instant time) {
    List<StoredEvent> events = partitions.get(partition);
    return events.stream()
        .filter(e -> !e.data().enqueuedTime().isBefore(time))
        .mapToLong(StoredEvent::sequenceNumber)
        .findFirst()
        .orElse(events.size());
  }

  @Override
  public long sequenceNumberOf(int partition, String offset) {
    try {
      return Long.parseLong(offset);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + offset + "' is not an offset of this log");
    }
  }

  @Override
  public AutoCloseable onAppended(int partition, Runnable callback) {
    listeners.get(partition).add(callback);
    return () -> listeners.get(partition).remove(callback);
  }

  @Override
  public void close() {}

  private static EventData notBeforeLast(List<StoredEvent> events, EventData event) {
    if (events.isEmpty()) {
      return event;
    }
    Instant last = events.get(events.size() - 1).data().enqueuedTime();
    if (!event.enqueuedTime().isBefore(last)) {
      return event;
    }
    return new EventData(last, event.partitionKey(), event.systemProperties(), event.applicationProperties(),
        event.body());
  }
}
