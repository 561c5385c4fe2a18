package io.fleethub.core.c2d;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Feedback records locked for one service receiver, sent as one feedback message. The receiver completes the
 * batch (the records are gone) or abandons it (they are offered again) with {@link #lockToken()}; if it does
 * neither before the lock expires, they are offered again too.
 *
 * @param enqueuedTime when the hub formed the batch, the feedback message's enqueued time
 * @param records oldest first; never empty
 */
public record FeedbackBatch(LockToken lockToken, Instant enqueuedTime, List<FeedbackRecord> records) {
  /** The content type of a feedback message, whose body is the records as a JSON array. */
  public static final String CONTENT_TYPE = "application/vnd.microsoft.iothub.feedback.json";

  public FeedbackBatch {
    Objects.requireNonNull(lockToken, "lockToken");
    Objects.requireNonNull(enqueuedTime, "enqueuedTime");
    records = List.copyOf(records);
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a feedback batch holds at least one record");
    }
  }
}
