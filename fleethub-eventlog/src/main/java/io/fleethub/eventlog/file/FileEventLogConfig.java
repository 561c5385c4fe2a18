package io.fleethub.eventlog.file;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link FileEventLog}; each is validated here, with a message naming the setting.
 *
 * @param partitionCount partitions of the log, 1 to 32 (default 4); fixed once the directory was created
 * @param retention how long events are kept, 1 to 7 days (default 1 day); whole segments are deleted once
 *     their newest event is older than this
 * @param segmentMaxBytes size at which a partition starts a new segment file, 4 KiB to 1 GiB (default 64 MiB);
 *     a single event larger than this gets a segment of its own
 * @param maxBatchEvents most events written under one fsync (group commit), 1 to 65536 (default 1024)
 * @param maxBatchWait longest a batch keeps taking events that are already queued before it is forced,
 *     0 to 1 s (default 2 ms); the writer never waits idle for more events: a lone append is forced at once
 * @param maxPendingAppends appends per partition that may wait for the disk, 1 to 1,000,000 (default 8192);
 *     more are refused as overload
 * @param maxPendingBytes encoded bytes per partition that may wait for the disk, at least
 *     {@link #MAX_EVENT_BYTES} and at most 1 GiB (default 16 MiB); more are refused as overload
 * @param retentionCheckInterval how often the log enforces retention by itself, 1 s to 1 day (default 1 minute)
 */
public record FileEventLogConfig(
    int partitionCount,
    Duration retention,
    long segmentMaxBytes,
    int maxBatchEvents,
    Duration maxBatchWait,
    int maxPendingAppends,
    long maxPendingBytes,
    Duration retentionCheckInterval) {

  /** Largest encoded event (body, properties and framing) the log stores: 4 MiB, far above IoT Hub's 256 KB. */
  public static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

  public static final int MAX_PARTITIONS = 32;

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;

  public FileEventLogConfig {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(maxBatchWait, "maxBatchWait");
    Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
    requireRange("partitionCount", partitionCount, 1, MAX_PARTITIONS);
    requireRange("retention", retention, Duration.ofDays(1), Duration.ofDays(7));
    requireRange("segmentMaxBytes", segmentMaxBytes, 4 * KIB, GIB);
    requireRange("maxBatchEvents", maxBatchEvents, 1, 65_536);
    requireRange("maxBatchWait", maxBatchWait, Duration.ZERO, Duration.ofSeconds(1));
    requireRange("maxPendingAppends", maxPendingAppends, 1, 1_000_000);
    requireRange("maxPendingBytes", maxPendingBytes, MAX_EVENT_BYTES, GIB);
    requireRange("retentionCheckInterval", retentionCheckInterval, Duration.ofSeconds(1), Duration.ofDays(1));
  }

  /** 4 partitions, 1 day retention, 64 MiB segments, batches of up to 1024 events or 2 ms. */
  public static FileEventLogConfig defaults() {
    return new FileEventLogConfig(4, Duration.ofDays(1), 64 * MIB, 1024, Duration.ofMillis(2), 8192, 16 * MIB,
        Duration.ofMinutes(1));
  }

  public FileEventLogConfig withPartitionCount(int value) {
    return new FileEventLogConfig(value, retention, segmentMaxBytes, maxBatchEvents, maxBatchWait,
        maxPendingAppends, maxPendingBytes, retentionCheckInterval);
  }

  public FileEventLogConfig withRetention(Duration value) {
    return new FileEventLogConfig(partitionCount, value, segmentMaxBytes, maxBatchEvents, maxBatchWait,
        maxPendingAppends, maxPendingBytes, retentionCheckInterval);
  }

  public FileEventLogConfig withSegmentMaxBytes(long value) {
    return new FileEventLogConfig(partitionCount, retention, value, maxBatchEvents, maxBatchWait,
        maxPendingAppends, maxPendingBytes, retentionCheckInterval);
  }

  public FileEventLogConfig withGroupCommit(int batchEvents, Duration batchWait) {
    return new FileEventLogConfig(partitionCount, retention, segmentMaxBytes, batchEvents, batchWait,
        maxPendingAppends, maxPendingBytes, retentionCheckInterval);
  }

  public FileEventLogConfig withPendingLimits(int appends, long bytes) {
    return new FileEventLogConfig(partitionCount, retention, segmentMaxBytes, maxBatchEvents, maxBatchWait,
        appends, bytes, retentionCheckInterval);
  }

  public FileEventLogConfig withRetentionCheckInterval(Duration value) {
    return new FileEventLogConfig(partitionCount, retention, segmentMaxBytes, maxBatchEvents, maxBatchWait,
        maxPendingAppends, maxPendingBytes, value);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void requireRange(String name, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
