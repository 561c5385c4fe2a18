package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.CloudToDeviceExamples.LOCK;
import static io.fleethub.testkit.store.CloudToDeviceExamples.NOW;
import static io.fleethub.testkit.store.CloudToDeviceExamples.anonymousFeedback;
import static io.fleethub.testkit.store.CloudToDeviceExamples.feedback;
import static io.fleethub.testkit.store.CloudToDeviceExamples.lockAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.c2d.FeedbackBacklog;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The feedback queue part of {@link CloudToDeviceStoreContract}: append, lock in batches, settle, expire. */
public interface FeedbackRecordsContract {
  Instant KEPT_UNTIL = NOW.plus(Duration.ofHours(1));

  /** A new, empty store. Called once per test. */
  CloudToDeviceStore newStore();

  @Test
  default void lockedFeedbackComesBackWithEveryFieldOldestFirst() {
    CloudToDeviceStore store = newStore();
    FeedbackRecord first = feedback("first", NOW);
    FeedbackRecord anonymous = anonymousFeedback(NOW.plusSeconds(1));
    FeedbackRecord third = feedback("third", NOW.plusSeconds(2));
    store.appendFeedback(first, KEPT_UNTIL);
    store.appendFeedback(anonymous, KEPT_UNTIL);
    store.appendFeedback(third, KEPT_UNTIL);

    List<FeedbackRecord> locked = store.lockFeedback(lockAt(NOW), 10, NOW);

    assertThat(locked).containsExactly(first, anonymous, third);
  }

  @Test
  default void lockFeedbackTakesAtMostTheLimitAndSkipsLockedAndExpiredRecords() {
    CloudToDeviceStore store = newStore();
    store.appendFeedback(feedback("short-lived", NOW), NOW.plusSeconds(1));
    for (String id : new String[] {"a", "b", "c", "d"}) {
      store.appendFeedback(feedback(id, NOW), KEPT_UNTIL);
    }
    Instant later = NOW.plusSeconds(1);

    List<FeedbackRecord> first = store.lockFeedback(lockAt(later), 2, later);
    List<FeedbackRecord> second = store.lockFeedback(lockAt(later), 5, later);
    List<FeedbackRecord> third = store.lockFeedback(lockAt(later), 5, later);

    assertThat(ids(first)).containsExactly("a", "b");
    assertThat(ids(second)).containsExactly("c", "d");
    assertThat(third).isEmpty();
  }

  @Test
  default void backlogCountsTheOfferedRecordsAndTheOldestOfThem() {
    CloudToDeviceStore store = newStore();
    assertThat(store.feedbackBacklog(NOW)).isEqualTo(FeedbackBacklog.EMPTY);
    store.appendFeedback(feedback("locked", NOW.minusSeconds(30)), KEPT_UNTIL);
    store.appendFeedback(feedback("expired", NOW.minusSeconds(20)), NOW);
    store.appendFeedback(feedback("offered", NOW.minusSeconds(10)), KEPT_UNTIL);
    store.appendFeedback(feedback("newest", NOW.minusSeconds(5)), KEPT_UNTIL);
    store.lockFeedback(lockAt(NOW.minusSeconds(30)), 1, NOW.minusSeconds(30));

    FeedbackBacklog backlog = store.feedbackBacklog(NOW);

    assertThat(backlog).isEqualTo(new FeedbackBacklog(2, Optional.of(NOW.minusSeconds(10))));
  }

  @Test
  default void completeFeedbackRemovesOnlyTheRecordsOfAHoldingLock() {
    CloudToDeviceStore store = newStore();
    store.appendFeedback(feedback("batched", NOW), KEPT_UNTIL);
    MessageLock lock = lockAt(NOW);
    store.lockFeedback(lock, 1, NOW);
    store.appendFeedback(feedback("later", NOW), KEPT_UNTIL);

    boolean stranger = store.completeFeedback(LockToken.random(), NOW);
    boolean completed = store.completeFeedback(lock.token(), NOW.plusSeconds(59));
    boolean again = store.completeFeedback(lock.token(), NOW.plusSeconds(59));

    assertThat(stranger).isFalse();
    assertThat(completed).isTrue();
    assertThat(again).isFalse();
    assertThat(ids(store.lockFeedback(lockAt(NOW), 10, NOW))).containsExactly("later");
  }

  @Test
  default void aBatchWhoseLockExpiredIsOfferedAgainAndItsTokenIsSpent() {
    CloudToDeviceStore store = newStore();
    store.appendFeedback(feedback("forgotten", NOW), KEPT_UNTIL);
    MessageLock lock = lockAt(NOW);
    store.lockFeedback(lock, 1, NOW);
    Instant expired = NOW.plus(LOCK);

    boolean completed = store.completeFeedback(lock.token(), expired);
    List<FeedbackRecord> relocked = store.lockFeedback(lockAt(expired), 1, expired);

    assertThat(completed).isFalse();
    assertThat(ids(relocked)).containsExactly("forgotten");
  }

  @Test
  default void abandonFeedbackOffersTheRecordsAgainUntilTheirCountReachesTheLimit() {
    CloudToDeviceStore store = newStore();
    store.appendFeedback(feedback("bounced", NOW), KEPT_UNTIL);
    MessageLock first = lockAt(NOW);
    store.lockFeedback(first, 1, NOW);

    boolean abandoned = store.abandonFeedback(first.token(), NOW, 2);
    MessageLock second = lockAt(NOW);
    List<FeedbackRecord> again = store.lockFeedback(second, 1, NOW);
    boolean abandonedAgain = store.abandonFeedback(second.token(), NOW, 2);

    assertThat(abandoned).isTrue();
    assertThat(ids(again)).containsExactly("bounced");
    assertThat(abandonedAgain).isTrue();
    assertThat(store.feedbackBacklog(NOW)).isEqualTo(FeedbackBacklog.EMPTY);
    assertThat(store.abandonFeedback(second.token(), NOW, 2)).isFalse();
  }

  @Test
  default void removeExpiredFeedbackDropsExpiredRecordsThatNoLockHolds() {
    CloudToDeviceStore store = newStore();
    store.appendFeedback(feedback("held", NOW), NOW.plusSeconds(10));
    store.appendFeedback(feedback("expired", NOW), NOW.plusSeconds(10));
    store.appendFeedback(feedback("kept", NOW), KEPT_UNTIL);
    store.lockFeedback(new MessageLock(LockToken.random(), NOW.plusSeconds(20)), 1, NOW.plusSeconds(9));

    int removedWhileHeld = store.removeExpiredFeedback(NOW.plusSeconds(10));
    int removedAfterLock = store.removeExpiredFeedback(NOW.plusSeconds(20));

    assertThat(removedWhileHeld).as("only the unlocked one").isEqualTo(1);
    assertThat(removedAfterLock).as("the held one once its lock expired").isEqualTo(1);
    assertThat(ids(store.lockFeedback(lockAt(NOW.plusSeconds(20)), 10, NOW.plusSeconds(20))))
        .containsExactly("kept");
  }

  private static List<String> ids(List<FeedbackRecord> records) {
    return records.stream().map(r -> r.originalMessageId().orElse("")).toList();
  }
}
