package io.fleethub.eventlog.file;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a {@link FileEventLog}: its directory of segments, its bounded append queue, its writer
 * thread, and its listeners. Thread-safe; see {@link FileEventLog} for the contract of each operation.
 */
final class Partition {
  private static final Logger LOG = LoggerFactory.getLogger(Partition.class);
  /** Offsets are sequence numbers in canonical decimal. */
  private static final Pattern OFFSET = Pattern.compile("0|[1-9][0-9]{0,18}");

  private final int id;
  private final SegmentList segments;
  private final AppendQueue queue;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final BooleanSupplier logClosed;
  private final PartitionWriter writer;
  private final Thread writerThread;
  private volatile DurableState durable;

  private Partition(int id, SegmentList segments, DurableState durable, ActiveSegment active,
      FileEventLogConfig config, BooleanSupplier logClosed) {
    this.id = id;
    this.segments = segments;
    this.durable = durable;
    this.queue = new AppendQueue(id, config.maxPendingAppends(), config.maxPendingBytes());
    this.logClosed = logClosed;
    this.writer = new PartitionWriter(this, queue, active, durable, config);
    this.writerThread = new Thread(writer, "fleethub-eventlog-writer-" + id);
    this.writerThread.setDaemon(true);
  }

  /** Recovers the partition in {@code directory} and starts its writer thread. */
  static Partition open(int id, Path directory, FileEventLogConfig config, BooleanSupplier logClosed)
      throws IOException {
    PartitionRecovery.Recovered recovered = PartitionRecovery.recover(directory);
    SegmentList segments = new SegmentList(recovered.segments());
    ActiveSegment active;
    try {
      active = ActiveSegment.open(directory, segments, config.segmentMaxBytes());
    } catch (IOException e) {
      for (Segment segment : recovered.segments()) {
        segment.close();
      }
      throw e;
    }
    Partition partition = new Partition(id, segments, recovered.state(), active, config, logClosed);
    partition.writerThread.start();
    return partition;
  }

  int id() {
    return id;
  }

  /** Whether the calling thread is this partition's writer (which runs futures' dependents and listeners). */
  boolean isWriterThread() {
    return Thread.currentThread() == writerThread;
  }

  CompletableFuture<StoredEvent> append(EventData event) {
    EventData stored = RecordCodec.asStored(event);
    byte[] tail;
    try {
      tail = RecordCodec.encodeTail(stored);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    PendingAppend append = new PendingAppend(stored, tail);
    queue.offer(append);
    return append.future;
  }

  List<StoredEvent> read(long fromSequenceNumber, int maxEvents) {
    while (true) {
      DurableState state = durable;
      try {
        return PartitionReader.read(id, segments.snapshot(), state, fromSequenceNumber, maxEvents);
      } catch (ClosedByInterruptException e) {
        throw new UncheckedIOException("Reading partition " + id + " of the event log was interrupted", e);
      } catch (ClosedChannelException e) {
        retryUnlessClosed(e);
      } catch (IOException e) {
        throw new UncheckedIOException("Reading partition " + id + " of the event log failed", e);
      }
    }
  }

  long sequenceNumberAt(Instant time) {
    while (true) {
      DurableState state = durable;
      try {
        return PartitionReader.sequenceNumberAt(segments.snapshot(), state, time);
      } catch (ClosedByInterruptException e) {
        throw new UncheckedIOException("Reading partition " + id + " of the event log was interrupted", e);
      } catch (ClosedChannelException e) {
        retryUnlessClosed(e);
      } catch (IOException e) {
        throw new UncheckedIOException("Reading partition " + id + " of the event log failed", e);
      }
    }
  }

  PartitionInfo info() {
    DurableState state = durable;
    long next = state.nextSequence();
    long beginning = Math.min(segments.snapshot().get(0).baseSequence(), next);
    if (beginning == next) {
      return new PartitionInfo(id, next, next - 1, Optional.empty(), Optional.empty());
    }
    return new PartitionInfo(id, beginning, next - 1, Optional.of(Long.toString(next - 1)),
        Optional.of(Instant.ofEpochMilli(state.lastTimeMillis())));
  }

  long sequenceNumberOf(String offset) {
    if (offset == null || !OFFSET.matcher(offset).matches()) {
      throw notAnOffset(offset);
    }
    long sequence;
    try {
      sequence = Long.parseLong(offset);
    } catch (NumberFormatException e) {
      throw notAnOffset(offset);
    }
    if (sequence >= durable.nextSequence()) {
      throw notAnOffset(offset);
    }
    return sequence;
  }

  AutoCloseable onAppended(Runnable callback) {
    listeners.add(callback);
    return () -> listeners.remove(callback);
  }

  /** Rolls an expired active segment and deletes expired segments; returns how many were deleted. */
  int enforceRetention(long cutoffMillis) throws IOException {
    writer.rollIfExpired(cutoffMillis);
    List<Segment> expired = segments.removeExpired(cutoffMillis);
    for (Segment segment : expired) {
      segment.delete();
      LOG.info("Deleted segment {} of partition {}: its newest event is older than the retention", segment, id);
    }
    return expired.size();
  }

  /** Called by the writer once a batch is durable, before its futures complete. */
  void publish(DurableState state) {
    durable = state;
  }

  /** Called by the writer after a batch became readable; a failing listener does not stop the others. */
  void notifyAppended() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("An onAppended listener of partition {} failed", id, e);
      }
    }
  }

  /** Refuses new appends, lets the writer finish what is queued, then releases the files. */
  void close() throws IOException {
    queue.close(() -> new IllegalStateException("The event log is closed"), false);
    boolean interrupted = false;
    while (writerThread.isAlive()) {
      try {
        writerThread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    for (Segment segment : segments.snapshot()) {
      segment.close();
    }
  }

  private void retryUnlessClosed(ClosedChannelException e) {
    if (logClosed.getAsBoolean()) {
      throw new IllegalStateException("The event log is closed", e);
    }
  }

  private IllegalArgumentException notAnOffset(String offset) {
    return new IllegalArgumentException("'" + offset + "' is not an offset of partition " + id
        + " of this event log");
  }
}
