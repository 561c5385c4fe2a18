package io.fleethub.eventlog.file;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a partition (group commit): it takes queued appends in call order, numbers them,
 * settles their enqueued times (see {@link #write}), writes them, keeps adding appends that are already queued
 * until the batch holds {@code maxBatchEvents} or is {@code maxBatchWait} old, forces the segment once
 * (fdatasync), publishes the new durable state, and only then completes the batch's futures and runs the
 * partition's listeners, on this thread.
 *
 * <p>Failure: an I/O error fails the batch, everything queued, and every later append of the partition (the
 * state of unforced pages is unknown after a failed fsync, so nothing is retried); reads of what was durable
 * go on. Retention rolls the active segment under {@link #lock}, between batches.
 */
final class PartitionWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionWriter.class);

  private final int partition;
  private final Partition owner;
  private final AppendQueue queue;
  private final ActiveSegment active;
  private final int maxBatchEvents;
  private final long maxBatchWaitNanos;
  /** Held while writing a batch and while retention rolls; guards the fields below and {@link #active}. */
  private final ReentrantLock lock = new ReentrantLock();
  private long nextSequence;
  private long lastTimeMillis;
  private boolean stopped;

  PartitionWriter(Partition owner, AppendQueue queue, ActiveSegment active, DurableState recovered,
      FileEventLogConfig config) {
    this.partition = owner.id();
    this.owner = owner;
    this.queue = queue;
    this.active = active;
    this.nextSequence = recovered.nextSequence();
    this.lastTimeMillis = recovered.lastTimeMillis();
    this.maxBatchEvents = config.maxBatchEvents();
    this.maxBatchWaitNanos = config.maxBatchWait().toNanos();
  }

  /** Runs until the queue is closed and drained, or until an error fails the partition. */
  @Override
  public void run() {
    List<PendingAppend> batch = new ArrayList<>();
    try {
      for (batch.addAll(queue.take(maxBatchEvents)); !batch.isEmpty(); batch.addAll(queue.take(maxBatchEvents))) {
        commit(batch);
        complete(batch);
        owner.notifyAppended();
        batch.clear();
      }
      stop();
    } catch (Throwable t) {
      fail(batch, t);
    }
  }

  /**
   * Rolls the active segment when its newest event was enqueued before {@code cutoffMillis}, so retention can
   * delete it. Waits for a batch being written. Returns whether it rolled.
   */
  boolean rollIfExpired(long cutoffMillis) throws IOException {
    lock.lock();
    try {
      return !stopped && active.rollIfExpired(cutoffMillis, nextSequence);
    } finally {
      lock.unlock();
    }
  }

  private void commit(List<PendingAppend> batch) throws IOException {
    Thread.interrupted();
    lock.lock();
    try {
      long started = System.nanoTime();
      write(batch, 0);
      while (batch.size() < maxBatchEvents && System.nanoTime() - started < maxBatchWaitNanos) {
        int written = batch.size();
        batch.addAll(queue.poll(maxBatchEvents - written));
        if (batch.size() == written) {
          break;
        }
        write(batch, written);
      }
      active.force();
      owner.publish(new DurableState(nextSequence, lastTimeMillis));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Numbers and writes appends in queue order. Each event is stored with the later of its own enqueued time and
   * the partition's previous event's (known after a restart from recovery), so enqueued times never decrease
   * along the partition however the appending threads raced.
   */
  private void write(List<PendingAppend> batch, int from) throws IOException {
    for (int i = from; i < batch.size(); i++) {
      PendingAppend append = batch.get(i);
      long sequence = nextSequence;
      EventData event = notBeforeLastTime(append);
      long time = event.enqueuedTime().toEpochMilli();
      active.write(sequence, append.tail, time);
      append.stored = new StoredEvent(partition, sequence, Long.toString(sequence), event);
      nextSequence = sequence + 1;
      lastTimeMillis = time;
    }
  }

  /** The event to store: as appended, or with its enqueued time (in its encoded tail too) raised to the last. */
  private EventData notBeforeLastTime(PendingAppend append) {
    EventData event = append.event;
    if (event.enqueuedTime().toEpochMilli() >= lastTimeMillis) {
      return event;
    }
    RecordCodec.putTimeMillis(append.tail, lastTimeMillis);
    return RecordCodec.withTimeMillis(event, lastTimeMillis);
  }

  private static void complete(List<PendingAppend> batch) {
    for (PendingAppend append : batch) {
      append.future.complete(append.stored);
    }
  }

  private void stop() throws IOException {
    lock.lock();
    try {
      stopped = true;
      active.force();
      active.close();
    } finally {
      lock.unlock();
    }
  }

  private void fail(List<PendingAppend> batch, Throwable cause) {
    String message = "Partition " + partition + " of the event log failed to write (" + cause
        + "); its appends are refused until the log is reopened";
    LOG.error(message, cause);
    lock.lock();
    try {
      stopped = true;
      active.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    } finally {
      lock.unlock();
    }
    List<PendingAppend> failed = new ArrayList<>(batch);
    failed.addAll(queue.close(() -> new UncheckedIOException(message, asIoException(cause)), true));
    RuntimeException error = new UncheckedIOException(message, asIoException(cause));
    for (PendingAppend append : failed) {
      append.future.completeExceptionally(error);
    }
  }

  private static IOException asIoException(Throwable cause) {
    return cause instanceof IOException io ? io : new IOException(cause);
  }
}
