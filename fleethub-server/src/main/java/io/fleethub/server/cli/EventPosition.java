package io.fleethub.server.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * Where a reader of the built-in endpoint starts in each partition, as the Event Hubs SDKs ask for it: the
 * expression of an {@code apache.org:selector-filter:string} source filter.
 *
 * @param filter e.g. {@code amqp.annotation.x-opt-enqueued-time > '1714557600000'}
 * @param description what the position means, for messages
 */
record EventPosition(String filter, String description) {
  private static final String OFFSET = "amqp.annotation.x-opt-offset";
  private static final String ENQUEUED_TIME = "amqp.annotation.x-opt-enqueued-time";

  /** The first event each partition still holds. */
  static final EventPosition EARLIEST = new EventPosition(OFFSET + " > '-1'", "the earliest event");

  /** Only events enqueued after the receivers attached. */
  static final EventPosition LATEST = new EventPosition(OFFSET + " > '@latest'", "the latest event");

  /** Events enqueued after {@code now}. */
  static EventPosition after(Instant now) {
    return new EventPosition(ENQUEUED_TIME + " > '" + now.toEpochMilli() + "'", "events enqueued after " + now);
  }

  /** Events enqueued at or after {@code time}. */
  static EventPosition from(Instant time) {
    return new EventPosition(ENQUEUED_TIME + " >= '" + time.toEpochMilli() + "'", "events enqueued from " + time);
  }

  /**
   * Parses {@code earliest}, {@code latest}, {@code now} (events enqueued after the clock's now), an ISO-8601 time
   * such as {@code 2024-05-01T10:00:00Z} or {@code 2024-05-01T12:00:00+02:00}, or milliseconds since the epoch.
   */
  static EventPosition parse(String text, Clock clock) {
    String trimmed = text.trim();
    switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "earliest":
        return EARLIEST;
      case "latest":
        return LATEST;
      case "now":
        return after(clock.instant());
      default:
        break;
    }
    try {
      if (trimmed.matches("[0-9]{1,15}")) {
        return from(Instant.ofEpochMilli(Long.parseLong(trimmed)));
      }
      return from(OffsetDateTime.parse(trimmed).toInstant());
    } catch (DateTimeException | NumberFormatException e) {
      throw new CliException("--from must be earliest, latest, now, an ISO-8601 time such as 2024-05-01T10:00:00Z"
          + " or milliseconds since the epoch, not '" + text + "'");
    }
  }
}
