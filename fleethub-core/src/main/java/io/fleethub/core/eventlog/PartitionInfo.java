package io.fleethub.core.eventlog;

import java.time.Instant;
import java.util.Optional;

/**
 * What a partition holds now, as the Event Hubs {@code $management} READ reports it.
 *
 * @param beginningSequenceNumber the first sequence number still retained (the next one to be written when empty)
 * @param lastEnqueuedSequenceNumber the last sequence number written, or -1 when nothing was ever written
 * @param lastEnqueuedOffset the last event's offset, empty when the partition is empty
 * @param lastEnqueuedTime the last event's enqueued time, empty when the partition is empty
 */
public record PartitionInfo(
    int partition,
    long beginningSequenceNumber,
    long lastEnqueuedSequenceNumber,
    Optional<String> lastEnqueuedOffset,
    Optional<Instant> lastEnqueuedTime) {

  public boolean isEmpty() {
    return lastEnqueuedOffset.isEmpty();
  }
}
