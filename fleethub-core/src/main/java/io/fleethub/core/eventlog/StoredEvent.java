package io.fleethub.core.eventlog;

import java.util.Objects;

/**
 * An event read back from the log with its place in its partition.
 *
 * @param sequenceNumber the event's number in its partition: 0 for the first event ever appended, then one more
 *     for each event, never reused (not even after retention deletes old events)
 * @param offset an opaque position a reader may resume after; readers must not do arithmetic on it
 */
public record StoredEvent(int partition, long sequenceNumber, String offset, EventData data) {
  public StoredEvent {
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(data, "data");
  }
}
