package io.fleethub.core.c2d;

import static io.fleethub.core.c2d.C2dFixture.DEVICE;
import static io.fleethub.core.c2d.C2dFixture.START;
import static io.fleethub.core.c2d.C2dFixture.acked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How feedback records reach the service: batches of 64 or after 15 s, locked, completed or abandoned. */
class FeedbackQueueTest {
  private final C2dFixture hub = new C2dFixture();
  private final FeedbackQueue feedback = hub.service.feedback();

  @Test
  void aLoneRecordWaitsFifteenSecondsForOthers() {
    // GIVEN one completed message that asked for feedback
    complete("solo");

    // WHEN the service asks just before and at 15 seconds
    hub.clock.advance(Duration.ofSeconds(15).minusMillis(1));
    Optional<FeedbackBatch> early = feedback.receive();
    hub.clock.advance(Duration.ofMillis(1));
    FeedbackBatch batch = feedback.receive().orElseThrow();

    // THEN it gets nothing, then a batch of the one record, formed now
    assertThat(early).isEmpty();
    assertThat(batch.records()).extracting(r -> r.originalMessageId().orElseThrow()).containsExactly("solo");
    assertThat(batch.enqueuedTime()).isEqualTo(START.plusSeconds(15));
  }

  @Test
  void sixtyFourRecordsFormABatchAtOnceAndTheRestWait() {
    // GIVEN 65 completed messages, more than one queue holds, so sent to the device in rounds
    for (int i = 0; i < 65; i++) {
      complete("m" + i);
    }

    // WHEN the service asks at once, twice
    FeedbackBatch first = feedback.receive().orElseThrow();
    Optional<FeedbackBatch> second = feedback.receive();

    // THEN the first batch holds the 64 oldest, and the 65th waits for its window
    assertThat(first.records()).hasSize(FeedbackQueue.BATCH_SIZE);
    assertThat(first.records().get(0).originalMessageId()).contains("m0");
    assertThat(second).isEmpty();
    hub.clock.advance(FeedbackQueue.BATCH_WINDOW);
    assertThat(feedback.receive().orElseThrow().records()).extracting(r -> r.originalMessageId().orElseThrow())
        .containsExactly("m64");
  }

  @Test
  void aCompletedBatchIsGoneAndItsTokenSpent() {
    complete("done");
    hub.clock.advance(FeedbackQueue.BATCH_WINDOW);
    FeedbackBatch batch = feedback.receive().orElseThrow();

    feedback.complete(batch.lockToken());

    hub.clock.advance(Duration.ofMinutes(5));
    assertThat(feedback.receive()).isEmpty();
    HubException again = catchThrowableOfType(HubException.class, () -> feedback.complete(batch.lockToken()));
    assertThat(again.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
  }

  @Test
  void anAbandonedBatchIsOfferedAgainAtOnce() {
    complete("bounced");
    hub.clock.advance(FeedbackQueue.BATCH_WINDOW);
    FeedbackBatch batch = feedback.receive().orElseThrow();

    feedback.abandon(batch.lockToken());

    FeedbackBatch again = feedback.receive().orElseThrow();
    assertThat(again.records()).isEqualTo(batch.records());
    assertThat(again.lockToken()).isNotEqualTo(batch.lockToken());
  }

  @Test
  void aBatchLockedButNeverSettledIsOfferedAgainAfterTheLockDuration() {
    complete("forgotten");
    hub.clock.advance(FeedbackQueue.BATCH_WINDOW);
    FeedbackBatch batch = feedback.receive().orElseThrow();

    hub.clock.advance(Duration.ofSeconds(59));
    Optional<FeedbackBatch> whileLocked = feedback.receive();
    hub.clock.advance(Duration.ofSeconds(1));
    Optional<FeedbackBatch> afterLock = feedback.receive();

    assertThat(whileLocked).isEmpty();
    assertThat(afterLock.orElseThrow().records()).isEqualTo(batch.records());
    assertThat(catchThrowableOfType(HubException.class, () -> feedback.complete(batch.lockToken())).code())
        .isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
  }

  @Test
  void recordsAbandonedTheMaximumNumberOfTimesAreDropped() {
    C2dFixture strict = new C2dFixture(
        new CloudToDeviceConfig(Duration.ofHours(1), 10, Duration.ofHours(1), 2, Duration.ofSeconds(60)));
    strict.service.send(DEVICE, acked("twice", Acknowledgement.POSITIVE));
    strict.service.complete(DEVICE, strict.receiveToken(DEVICE));
    strict.clock.advance(FeedbackQueue.BATCH_WINDOW);

    strict.service.feedback().abandon(strict.service.feedback().receive().orElseThrow().lockToken());
    strict.service.feedback().abandon(strict.service.feedback().receive().orElseThrow().lockToken());

    assertThat(strict.service.feedback().receive()).isEmpty();
  }

  @Test
  void recordsNotTakenWithinTheFeedbackTimeToLiveExpire() {
    complete("unread");

    hub.clock.advance(Duration.ofHours(1));
    int expired = feedback.expire();

    assertThat(expired).isEqualTo(1);
    assertThat(feedback.receive()).isEmpty();
  }

  @Test
  void settlingAnUnknownBatchIsLockLost() {
    HubException completed = catchThrowableOfType(HubException.class, () -> feedback.complete(LockToken.random()));
    HubException abandoned = catchThrowableOfType(HubException.class, () -> feedback.abandon(LockToken.random()));

    assertThat(completed.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
    assertThat(abandoned.code()).isEqualTo(ErrorCode.DEVICE_MESSAGE_LOCK_LOST);
  }

  /** Sends a message asking for positive feedback and completes it at once. */
  private void complete(String messageId) {
    hub.service.send(DEVICE, acked(messageId, Acknowledgement.POSITIVE));
    hub.service.complete(DEVICE, hub.receiveToken(DEVICE));
  }
}
