package io.fleethub.eventlog.file;

import java.util.ArrayList;
import java.util.List;

/**
 * The segments of one partition, oldest first; the last one is the active segment the writer appends to.
 * Never empty.
 *
 * <p>Thread-safe: changes (a roll by the writer, deletions by retention) copy the list under the monitor and
 * publish it through a volatile field, so readers take a consistent {@link #snapshot()} without locking.
 */
final class SegmentList {
  private volatile List<Segment> segments;

  SegmentList(List<Segment> initial) {
    if (initial.isEmpty()) {
      throw new IllegalArgumentException("a partition has at least one segment");
    }
    this.segments = List.copyOf(initial);
  }

  List<Segment> snapshot() {
    return segments;
  }

  Segment active() {
    List<Segment> current = segments;
    return current.get(current.size() - 1);
  }

  /** Makes {@code segment} the new active segment. */
  synchronized void add(Segment segment) {
    List<Segment> next = new ArrayList<>(segments);
    next.add(segment);
    segments = List.copyOf(next);
  }

  /**
   * Removes, from the oldest on, the segments other than the active one whose newest event is enqueued before
   * {@code cutoffMillis}, and returns them for deletion. Stops at the first segment that is kept, so what
   * remains is contiguous.
   */
  synchronized List<Segment> removeExpired(long cutoffMillis) {
    List<Segment> current = segments;
    int expired = 0;
    while (expired < current.size() - 1 && current.get(expired).index().maxTimeMillis() < cutoffMillis) {
      expired++;
    }
    if (expired == 0) {
      return List.of();
    }
    segments = List.copyOf(current.subList(expired, current.size()));
    return current.subList(0, expired);
  }
}
