package io.fleethub.eventlog.file;

import java.util.Arrays;

/**
 * A sparse in-memory index of one segment: an entry (sequence number, file position) about every
 * {@link #INTERVAL_BYTES} bytes, each with the latest enqueued time among the records from that entry to the
 * next (a block). About 24 bytes per 64 KiB of log. Rebuilt by scanning when a log opens.
 *
 * <p>Thread-safe: the partition's writer adds records, readers look up, each under the index's monitor.
 * It may already cover records that are not yet durable; readers bound what they read by the durable state.
 */
final class SparseIndex {
  static final int INTERVAL_BYTES = 64 * 1024;

  private long[] sequences = new long[8];
  private long[] positions = new long[8];
  private long[] blockMaxTimes = new long[8];
  private int size;
  private long maxTimeMillis = Long.MIN_VALUE;

  /** Records a frame written at {@code position}; positions must increase. */
  synchronized void add(long sequence, long position, long timeMillis) {
    if (size == 0 || position - positions[size - 1] >= INTERVAL_BYTES) {
      if (size == sequences.length) {
        int capacity = size * 2;
        sequences = Arrays.copyOf(sequences, capacity);
        positions = Arrays.copyOf(positions, capacity);
        blockMaxTimes = Arrays.copyOf(blockMaxTimes, capacity);
      }
      sequences[size] = sequence;
      positions[size] = position;
      blockMaxTimes[size] = timeMillis;
      size++;
    } else {
      blockMaxTimes[size - 1] = Math.max(blockMaxTimes[size - 1], timeMillis);
    }
    maxTimeMillis = Math.max(maxTimeMillis, timeMillis);
  }

  /** Position of the last entry at or before {@code sequence}: where a scan for it starts; 0 when none. */
  synchronized long floorPosition(long sequence) {
    int found = Arrays.binarySearch(sequences, 0, size, sequence);
    int entry = found >= 0 ? found : -found - 2;
    return entry < 0 ? 0 : positions[entry];
  }

  /** Position of the first block holding a record enqueued at or after {@code timeMillis}, or -1 when none. */
  synchronized long firstPositionWithTimeAtLeast(long timeMillis) {
    for (int i = 0; i < size; i++) {
      if (blockMaxTimes[i] >= timeMillis) {
        return positions[i];
      }
    }
    return -1;
  }

  /** The latest enqueued time in the segment, {@link Long#MIN_VALUE} when it holds no record. */
  synchronized long maxTimeMillis() {
    return maxTimeMillis;
  }

  synchronized boolean isEmpty() {
    return size == 0;
  }
}
