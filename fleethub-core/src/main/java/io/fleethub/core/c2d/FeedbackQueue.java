package io.fleethub.core.c2d;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The service-bound feedback queue: records the outcomes senders asked about, and hands them to service receivers
 * (the AMQP link {@code /messages/servicebound/feedback}, the HTTPS feedback resource) in batches, as IoT Hub does:
 * a batch is formed once {@value #BATCH_SIZE} records wait, or once the oldest has waited {@link #BATCH_WINDOW}.
 * A receiver completes or abandons a batch by its lock token; feedback is delivered at least once. Thread-safe;
 * every method blocks on the store.
 */
public final class FeedbackQueue {
  /** The most records in one feedback message. */
  public static final int BATCH_SIZE = 64;

  /** How long a record waits for others to join its batch. */
  public static final Duration BATCH_WINDOW = Duration.ofSeconds(15);

  private final CloudToDeviceStore store;
  private final Clock clock;
  private final CloudToDeviceConfig config;

  FeedbackQueue(CloudToDeviceStore store, Clock clock, CloudToDeviceConfig config) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Records that {@code message} ended in {@code status} at {@code at}, if its sender asked for that feedback. The
   * record lives for the feedback time to live from now, however long ago {@code at} was.
   */
  void record(CloudToDeviceMessage message, FeedbackStatus status, Instant at) {
    if (message.ack().wants(status)) {
      store.appendFeedback(FeedbackRecord.of(message, status, at), clock.instant().plus(config.feedbackTtl()));
    }
  }

  /**
   * The next batch, locked for the configured feedback lock duration, when one is due; empty when no record
   * waits, or too few have waited too briefly.
   */
  public Optional<FeedbackBatch> receive() {
    Instant now = clock.instant();
    if (!isDue(store.feedbackBacklog(now), now)) {
      return Optional.empty();
    }
    LockToken token = LockToken.random();
    List<FeedbackRecord> records =
        store.lockFeedback(new MessageLock(token, now.plus(config.feedbackLockDuration())), BATCH_SIZE, now);
    return records.isEmpty() ? Optional.empty() : Optional.of(new FeedbackBatch(token, now, records));
  }

  /** Removes the batch's records for good; {@link ErrorCode#DEVICE_MESSAGE_LOCK_LOST} when its lock is gone. */
  public void complete(LockToken token) {
    if (!store.completeFeedback(token, clock.instant())) {
      throw lockLost(token);
    }
  }

  /**
   * Offers the batch's records again, dropping those abandoned {@code feedback.maxDeliveryCount} times;
   * {@link ErrorCode#DEVICE_MESSAGE_LOCK_LOST} when its lock is gone.
   */
  public void abandon(LockToken token) {
    if (!store.abandonFeedback(token, clock.instant(), config.feedbackMaxDeliveryCount())) {
      throw lockLost(token);
    }
  }

  /** Drops the records that outlived the feedback time to live; returns how many. */
  public int expire() {
    return store.removeExpiredFeedback(clock.instant());
  }

  private static boolean isDue(FeedbackBacklog backlog, Instant now) {
    return backlog.count() >= BATCH_SIZE
        || backlog.oldestEnqueuedTime().filter(oldest -> !now.isBefore(oldest.plus(BATCH_WINDOW))).isPresent();
  }

  private static HubException lockLost(LockToken token) {
    return new HubException(ErrorCode.DEVICE_MESSAGE_LOCK_LOST,
        "No feedback is locked by lock token '" + token + "': it was completed or abandoned, or its lock expired.");
  }
}
