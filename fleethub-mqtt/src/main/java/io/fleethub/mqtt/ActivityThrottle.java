package io.fleethub.mqtt;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides when a connection's activity is worth writing to the registry: the first time, then at most once per
 * interval, so a busy device costs one store write per interval rather than one per message. Confined to the
 * connection's context.
 */
final class ActivityThrottle {
  private final Duration interval;
  private Instant lastRecorded;

  ActivityThrottle(Duration interval) {
    this.interval = interval;
  }

  /** True when activity at {@code now} should be recorded; it then counts as recorded. */
  boolean shouldRecord(Instant now) {
    if (lastRecorded != null && now.isBefore(lastRecorded.plus(interval))) {
      return false;
    }
    lastRecorded = now;
    return true;
  }
}
