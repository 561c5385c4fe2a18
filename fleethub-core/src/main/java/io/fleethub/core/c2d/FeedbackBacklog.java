package io.fleethub.core.c2d;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The feedback records waiting to be sent: unexpired and not locked.
 *
 * @param oldestEnqueuedTime the earliest enqueued time among them; empty exactly when {@code count} is 0
 */
public record FeedbackBacklog(int count, Optional<Instant> oldestEnqueuedTime) {
  public static final FeedbackBacklog EMPTY = new FeedbackBacklog(0, Optional.empty());

  public FeedbackBacklog {
    Objects.requireNonNull(oldestEnqueuedTime, "oldestEnqueuedTime");
    if (count < 0 || (count == 0) != oldestEnqueuedTime.isEmpty()) {
      throw new IllegalArgumentException(
          "a backlog of " + count + " records cannot have oldest enqueued time " + oldestEnqueuedTime);
    }
  }
}
