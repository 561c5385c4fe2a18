package io.fleethub.core.eventlog;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The hub's built-in event stream: a fixed number of partitions, each an ordered, retained sequence of events.
 *
 * <p>Durability: the future an {@link #append} returns completes only once the event survives a crash of the
 * process (fsync for a file log, acknowledgement by the in-sync replicas for Kafka); only then may a device be
 * acknowledged. Appends to one partition are stored in the order of the calls.
 *
 * <p>Enqueued times never decrease along a partition, as Event Hubs readers and {@link #sequenceNumberAt} assume:
 * a stored event's enqueued time is at least that of the event before it in its partition, whatever time it was
 * appended with (see {@link #append}).
 *
 * <p>Threading: every method is thread-safe. {@link #append} does not wait for storage: it hands the event over and
 * returns, and the future completes later (an implementation may wait a bounded moment for room in a full buffer,
 * then fails the append). {@link #read}, {@link #partitionInfo}, {@link #sequenceNumberAt} and
 * {@link #sequenceNumberOf} may block briefly on storage (a disk read, or a round trip to a cluster), so callers
 * keep them off event loops. {@link #close} blocks until the appends in flight are settled.
 */
public interface EventLog extends AutoCloseable {

  int partitionCount();

  /**
   * Appends an event to a partition (0 to {@link #partitionCount()} - 1). The future completes with the stored
   * event once it is durable, or exceptionally when it cannot be stored (then it may or may not be readable). The
   * stored event's enqueued time may differ from the appended one: it is never earlier than the partition's
   * previous event's (a log raises an earlier time to that one, or stamps its own clock's time), and it may be
   * kept to a coarser precision such as the millisecond.
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
