package io.fleethub.core.eventlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventLog} that only records appends; each append's future stays pending until the test completes it
 * (see {@link Append#future()}), so a test controls when an event "becomes durable". Thread-safe.
 */
public final class FakeEventLog implements EventLog {
  /** One call of {@link #append}: where, what, and the future the caller was given. */
  public record Append(int partition, EventData event, CompletableFuture<StoredEvent> future) {
    /** Completes the append as a durable event with the given sequence number. */
    public StoredEvent succeed(long sequenceNumber) {
      StoredEvent stored = new StoredEvent(partition, sequenceNumber, Long.toString(sequenceNumber), event);
      future.complete(stored);
      return stored;
    }
  }

  private final int partitionCount;
  private final List<Append> appends = new ArrayList<>();

  public FakeEventLog(int partitionCount) {
    this.partitionCount = partitionCount;
  }

  /** The appends so far, in call order. */
  public synchronized List<Append> appends() {
    return List.copyOf(appends);
  }

  @Override
  public int partitionCount() {
    return partitionCount;
  }

  @Override
  public synchronized CompletableFuture<StoredEvent> append(int partition, EventData event) {
    if (partition < 0 || partition >= partitionCount) {
      throw new IllegalArgumentException("no partition " + partition);
    }
    CompletableFuture<StoredEvent> future = new CompletableFuture<>();
    appends.add(new Append(partition, event, future));
    return future;
  }

  @Override
  public List<StoredEvent> read(int partition, long fromSequenceNumber, int maxEvents) {
    throw new UnsupportedOperationException("FakeEventLog only records appends");
  }

  @Override
  public PartitionInfo partitionInfo(int partition) {
    throw new UnsupportedOperationException("FakeEventLog only records appends");
  }

  @Override
  public long sequenceNumberAt(int partition, Instant time) {
    throw new UnsupportedOperationException("FakeEventLog only records appends");
  }

  @Override
  public long sequenceNumberOf(int partition, String offset) {
    throw new UnsupportedOperationException("FakeEventLog only records appends");
  }

  @Override
  public AutoCloseable onAppended(int partition, Runnable callback) {
    throw new UnsupportedOperationException("FakeEventLog only records appends");
  }

  @Override
  public void close() {}
}
