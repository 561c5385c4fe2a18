package io.fleethub.eventlog.file;

import io.fleethub.core.eventlog.StoredEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries over one snapshot of a partition: its segments and its durable state. Nothing at or past
 * {@link DurableState#nextSequence()} is returned, and no byte past a segment's durable length is read, so a
 * read never sees an event that is not durable yet.
 *
 * <p>Stateless and thread-safe. A segment deleted by retention during a query makes it throw
 * {@link java.nio.channels.ClosedChannelException}; the caller retries with a fresh snapshot.
 */
final class PartitionReader {
  private PartitionReader() {}

  /** Up to {@code max} events from the first retained one numbered at least {@code from}. */
  static List<StoredEvent> read(int partition, List<Segment> segments, DurableState state, long from, int max)
      throws IOException {
    long end = state.nextSequence();
    if (max <= 0 || from >= end) {
      return List.of();
    }
    List<StoredEvent> events = new ArrayList<>((int) Math.min(max, Math.min(end - from, 1024)));
    for (int i = segmentHolding(segments, from); i < segments.size() && events.size() < max; i++) {
      Segment segment = segments.get(i);
      long start = from > segment.baseSequence() ? segment.index().floorPosition(from) : 0;
      RecordCursor cursor = new RecordCursor(segment, start, segment.durableBytes());
      for (ByteBuffer payload = cursor.next(); payload != null; payload = cursor.next()) {
        long sequence = RecordCodec.sequenceOf(payload);
        if (sequence >= end) {
          return events;
        }
        if (sequence >= from) {
          events.add(RecordCodec.decode(partition, payload));
          if (events.size() == max) {
            return events;
          }
        }
      }
    }
    return events;
  }

  /** The first retained event enqueued at or after {@code time}, or the next sequence number when none. */
  static long sequenceNumberAt(List<Segment> segments, DurableState state, Instant time) throws IOException {
    long end = state.nextSequence();
    long millis = ceilingMillis(time);
    for (Segment segment : segments) {
      if (segment.index().maxTimeMillis() < millis) {
        continue;
      }
      long start = segment.index().firstPositionWithTimeAtLeast(millis);
      RecordCursor cursor = new RecordCursor(segment, Math.max(start, 0), segment.durableBytes());
      for (ByteBuffer payload = cursor.next(); payload != null; payload = cursor.next()) {
        long sequence = RecordCodec.sequenceOf(payload);
        if (sequence >= end) {
          return end;
        }
        if (RecordCodec.timeMillisOf(payload) >= millis) {
          return sequence;
        }
      }
    }
    return end;
  }

  /** Index of the segment that holds {@code sequence}, or 0 when it is older than every retained one. */
  private static int segmentHolding(List<Segment> segments, long sequence) {
    int low = 0;
    int high = segments.size() - 1;
    while (low < high) {
      int middle = (low + high + 1) >>> 1;
      if (segments.get(middle).baseSequence() <= sequence) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  /** Events are stored to the millisecond: an event is at or after {@code time} when its millisecond is. */
  private static long ceilingMillis(Instant time) {
    if (time.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
      return Long.MIN_VALUE;
    }
    if (time.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
      return Long.MAX_VALUE;
    }
    long millis = time.toEpochMilli();
    return time.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }
}
