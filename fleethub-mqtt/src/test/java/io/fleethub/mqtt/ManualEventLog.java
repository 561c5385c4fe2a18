package io.fleethub.mqtt;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.memory.InMemoryEventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An event log whose appends become durable only when the test says so: each append waits until
 * {@link #completeAll()} (or fails on {@link #failAll}). Completed appends land in an {@link InMemoryEventLog}.
 * Thread-safe by one lock.
 */
final class ManualEventLog implements EventLog {
  private record Pending(int partition, EventData event, CompletableFuture<StoredEvent> future) {}

  private final InMemoryEventLog stored;
  private final List<Pending> pending = new ArrayList<>();

  ManualEventLog(int partitionCount) {
    stored = new InMemoryEventLog(partitionCount);
  }

  synchronized int pendingCount() {
    return pending.size();
  }

  /** Makes every waiting append durable, in append order. */
  void completeAll() {
    List<Pending> batch;
    synchronized (this) {
      batch = List.copyOf(pending);
      pending.clear();
    }
    for (Pending append : batch) {
      stored.append(append.partition(), append.event()).thenAccept(append.future()::complete);
    }
  }

  void failAll(RuntimeException failure) {
    List<Pending> batch;
    synchronized (this) {
      batch = List.copyOf(pending);
      pending.clear();
    }
    batch.forEach(append -> append.future().completeExceptionally(failure));
  }

  List<StoredEvent> all() {
    return stored.all();
  }

  @Override
  public int partitionCount() {
    return stored.partitionCount();
  }

  @Override
  public synchronized CompletableFuture<StoredEvent> append(int partition, EventData event) {
    CompletableFuture<StoredEvent> future = new CompletableFuture<>();
    pending.add(new Pending(partition, event, future));
    return future;
  }

  @Override
  public List<StoredEvent> read(int partition, long fromSequenceNumber, int maxEvents) {
    return stored.read(partition, fromSequenceNumber, maxEvents);
  }

  @Override
  public PartitionInfo partitionInfo(int partition) {
    return stored.partitionInfo(partition);
  }

  @Override
  public long sequenceNumberAt(int partition, Instant time) {
    return stored.sequenceNumberAt(partition, time);
  }

  @Override
  public long sequenceNumberOf(int partition, String offset) {
    return stored.sequenceNumberOf(partition, offset);
  }

  @Override
  public AutoCloseable onAppended(int partition, Runnable callback) {
    return stored.onAppended(partition, callback);
  }

  @Override
  public void close() {}
}
