package io.fleethub.eventlog.kafka;

import io.fleethub.core.eventlog.EventData;
import java.util.function.Function;

/**
 * Keeps this node's appends to a {@code CreateTime} topic from going back in time along a partition: each event's
 * enqueued time is raised to the latest one this node sent to the partition (or, at first, the latest the partition
 * held when the log opened), and the record is handed to the producer under the partition's lock, so the producer
 * orders the partition's records as their times. The producer keeps that order (one idempotent producer, ordered
 * retries). Other nodes' appends are not covered: that takes the broker's clock ({@code LogAppendTime}).
 *
 * <p>Thread-safe. Appenders to one partition wait for each other only while one hands its record to the producer.
 */
final class EnqueuedTimeFloors {
  private final Object[] locks;
  /** Per partition, the latest enqueued time sent, epoch milliseconds; guarded by the partition's lock. */
  private final long[] floors;

  /** @param latest per partition, the latest record timestamp it holds, {@link Long#MIN_VALUE} when none */
  EnqueuedTimeFloors(long[] latest) {
    this.floors = latest.clone();
    this.locks = new Object[latest.length];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * Calls {@code send} with the event, its enqueued time raised to the partition's floor when earlier, under the
   * partition's lock, and returns what it returns. {@code send} must hand the record over without waiting for it
   * to be stored.
   */
  <T> T send(int partition, EventData event, Function<EventData, T> send) {
    synchronized (locks[partition]) {
      long millis = Math.max(event.enqueuedTime().toEpochMilli(), floors[partition]);
      floors[partition] = millis;
      return send.apply(EventRecords.withEnqueuedTime(event, millis));
    }
  }
}
