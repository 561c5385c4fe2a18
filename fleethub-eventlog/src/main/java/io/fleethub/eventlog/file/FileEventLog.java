package io.fleethub.eventlog.file;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event log: per partition, a directory of append-only segment files on the local disk.
 *
 * <p>Durability: each partition has one writer thread that writes queued appends in call order and forces them
 * with one fdatasync per batch (group commit); an append's future completes, on that thread, only after its
 * event is forced, so dependent stages must be quick or use the async variants. A read returns only forced
 * events. After a crash (kill -9, power loss) the next {@link #open} truncates the torn tail of each partition
 * and keeps every event whose append had completed.
 *
 * <p>Enqueued times never decrease along a partition: the writer stores each event with the later of the time it
 * was appended with and the partition's previous event's, in the order it numbers them, so an event that lost a
 * race to the queue keeps its place and takes the time of the event before it. After a restart the previous time
 * is the last retained event's (when retention deleted every event, the next one keeps its own time).
 *
 * <p>Offsets are sequence numbers as decimal text ({@code "0"}, {@code "1"}, ...): stable across restarts and
 * never reused; {@link #sequenceNumberOf} accepts exactly those a partition has produced so far.
 *
 * <p>Errors: an append fails with {@link io.fleethub.core.error.HubException} (code {@code ThrottlingException})
 * when its partition already has the configured maximum of appends waiting for the disk; with
 * {@link IllegalArgumentException} for an event larger than {@link FileEventLogConfig#MAX_EVENT_BYTES}; with
 * {@link IllegalStateException} once the log is closed; with {@link UncheckedIOException} once a write of its
 * partition failed. Partition numbers outside 0 to {@link #partitionCount()} - 1 throw
 * {@link IllegalArgumentException}.
 *
 * <p>Threading: thread-safe. Appends never block. Reads and {@link #sequenceNumberAt} read files (usually the
 * page cache) on the calling thread without holding locks the writers need; call them off event loops.
 * Retention runs every {@link FileEventLogConfig#retentionCheckInterval()} on a thread of the log.
 */
public final class FileEventLog implements EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(FileEventLog.class);

  private final FileEventLogConfig config;
  private final Clock clock;
  private final LogDirectory directory;
  private final Partition[] partitions;
  private final ScheduledExecutorService retention;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FileEventLog(FileEventLogConfig config, Clock clock, LogDirectory directory) {
    this.config = config;
    this.clock = clock;
    this.directory = directory;
    this.partitions = new Partition[config.partitionCount()];
    this.retention = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "fleethub-eventlog-retention");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Opens the log in {@code directory}, creating it when absent, recovering it after a crash when needed.
   * Blocks while it scans the segments. Throws {@link IllegalStateException} when the directory is open
   * elsewhere or holds a log with another partition count, and {@link IOException} when it cannot be read or
   * holds corrupt data other than a torn tail.
   *
   * @param clock what retention measures the age of events against
   */
  public static FileEventLog open(Path directory, FileEventLogConfig config, Clock clock) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    LogDirectory logDirectory = LogDirectory.open(directory, config.partitionCount());
    FileEventLog log = new FileEventLog(config, clock, logDirectory);
    try {
      for (int i = 0; i < log.partitions.length; i++) {
        log.partitions[i] = Partition.open(i, logDirectory.partitionDirectory(i), config, log.closed::get);
      }
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    long interval = config.retentionCheckInterval().toMillis();
    log.retention.scheduleWithFixedDelay(log::enforceRetentionQuietly, interval, interval, TimeUnit.MILLISECONDS);
    return log;
  }

  @Override
  public int partitionCount() {
    return partitions.length;
  }

  /**
   * See {@link EventLog#append}; the returned event's enqueued time is kept to the millisecond, and raised to the
   * partition's previous event's when it is earlier.
   */
  @Override
  public CompletableFuture<StoredEvent> append(int partition, EventData event) {
    Objects.requireNonNull(event, "event");
    return partition(partition).append(event);
  }

  /** See {@link EventLog#read}; throws {@link IllegalArgumentException} for a negative {@code maxEvents}. */
  @Override
  public List<StoredEvent> read(int partition, long fromSequenceNumber, int maxEvents) {
    if (maxEvents < 0) {
      throw new IllegalArgumentException("maxEvents must not be negative, was " + maxEvents);
    }
    return usable(partition).read(fromSequenceNumber, maxEvents);
  }

  @Override
  public PartitionInfo partitionInfo(int partition) {
    return usable(partition).info();
  }

  @Override
  public long sequenceNumberAt(int partition, Instant time) {
    Objects.requireNonNull(time, "time");
    return usable(partition).sequenceNumberAt(time);
  }

  @Override
  public long sequenceNumberOf(int partition, String offset) {
    return partition(partition).sequenceNumberOf(offset);
  }

  /** See {@link EventLog#onAppended}: callbacks run on the partition's writer thread after each group commit. */
  @Override
  public AutoCloseable onAppended(int partition, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    return partition(partition).onAppended(callback);
  }

  /**
   * Deletes, in each partition, the oldest segments whose newest event was enqueued before now (by the clock)
   * minus the retention. The active segment is never deleted: when its newest event has expired too, it is
   * first closed and a new empty one started. Readers then start at the first retained event; sequence numbers
   * go on from where they were. Blocks on the file system. Returns how many segments were deleted.
   */
  public int enforceRetention() throws IOException {
    long cutoff = clock.instant().minus(config.retention()).toEpochMilli();
    int deleted = 0;
    for (Partition partition : partitions) {
      deleted += usable(partition.id()).enforceRetention(cutoff);
    }
    return deleted;
  }

  /**
   * Stops taking appends, lets every partition's writer force what was queued (those appends complete), joins
   * the writers and releases the files and the directory lock. Idempotent; reads after close throw
   * {@link IllegalStateException}. Must not be called from an append's future or an {@link #onAppended}
   * callback (they run on a writer, which close waits for): that throws {@link IllegalStateException}.
   */
  @Override
  public void close() {
    for (Partition partition : partitions) {
      if (partition != null && partition.isWriterThread()) {
        throw new IllegalStateException("The event log cannot be closed from its own writer thread (an append's"
            + " future or an onAppended callback); close it from another thread");
      }
    }
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    retention.shutdown();
    try {
      retention.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    UncheckedIOException failure = null;
    for (Partition partition : partitions) {
      try {
        if (partition != null) {
          partition.close();
        }
      } catch (IOException e) {
        failure = new UncheckedIOException("Closing the event log failed", e);
      }
    }
    try {
      directory.close();
    } catch (IOException e) {
      failure = new UncheckedIOException("Releasing the event log directory failed", e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void enforceRetentionQuietly() {
    try {
      enforceRetention();
    } catch (IOException | RuntimeException e) {
      if (!closed.get()) {
        LOG.warn("Enforcing the event log retention failed; it is tried again in {}",
            config.retentionCheckInterval(), e);
      }
    }
  }

  private Partition partition(int partition) {
    if (partition < 0 || partition >= partitions.length) {
      throw new IllegalArgumentException("partition must be between 0 and " + (partitions.length - 1)
          + ", was " + partition);
    }
    return partitions[partition];
  }

  private Partition usable(int partition) {
    Partition found = partition(partition);
    if (closed.get()) {
      throw new IllegalStateException("The event log is closed");
    }
    return found;
  }
}
