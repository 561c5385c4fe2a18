package io.fleethub.core.eventlog;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The hub's built-in event stream: a fixed number of partitions, each an ordered, retained sequence of events.
 *
 * <p>Durability: the future an {@link #append} returns completes only once the event survives a crash of the
 * process (fsync for a file log, acknowledgement by the in-sync replicas for Kafka); only then may a device be
 * acknowledged. Appends to one partition are stored in the order of the calls. Every method is thread-safe and
 * none blocks on network or disk except {@link #close}.
 */
public interface EventLog extends AutoCloseable {

  int partitionCount();

  /**
   * Appends an event to a partition (0 to {@link #partitionCount()} - 1). The future completes with the stored
   * event once it is durable, or exceptionally when it cannot be stored (then it may or may not be readable).
   */
  CompletableFuture<StoredEvent> append(int partition, EventData event);

  /**
   * Up to {@code maxEvents} events of a partition in sequence order, starting at the first retained event whose
   * sequence number is at least {@code fromSequenceNumber}; empty when there are none yet. Returns what is
   * durable now; does not wait for more.
   */
  List<StoredEvent> read(int partition, long fromSequenceNumber, int maxEvents);

  PartitionInfo partitionInfo(int partition);

  /**
   * The sequence number of the first retained event enqueued at or after {@code time}, or the next sequence
   * number to be written when there is none.
   */
  long sequenceNumberAt(int partition, Instant time);

  /**
   * The sequence number of the event with this offset, as returned in {@link StoredEvent#offset()}; throws
   * {@link IllegalArgumentException} for an offset this log did not produce.
   */
  long sequenceNumberOf(int partition, String offset);

  /**
   * Registers a callback run (on an unspecified thread, quickly) after new events become readable in the
   * partition; returns a handle that unregisters it. Readers use it to stop polling.
   */
  AutoCloseable onAppended(int partition, Runnable callback);

  /** Flushes and releases files or connections; appends still in flight complete or fail first. */
  @Override
  void close();
}
