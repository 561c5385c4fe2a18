package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.CloudToDeviceExamples.NOW;
import static io.fleethub.testkit.store.CloudToDeviceExamples.device;
import static io.fleethub.testkit.store.CloudToDeviceExamples.feedback;
import static io.fleethub.testkit.store.CloudToDeviceExamples.lockAt;
import static io.fleethub.testkit.store.CloudToDeviceExamples.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.identity.IdentityRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The concurrency part of {@link CloudToDeviceStoreContract}: receivers and senders racing on one queue from
 * several threads, for several rounds so that they really overlap on at least some of them.
 */
public interface CloudToDeviceConcurrencyContract {
  int ROUNDS = 20;
  int CONTENDERS = 4;

  /** A new, empty store. Called once per test. */
  CloudToDeviceStore newStore();

  @Test
  default void racingLockersOfOneMessageHaveExactlyOneWinner() {
    CloudToDeviceStore store = newStore();
    try (Race race = new Race(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        IdentityRef target = device("contested-" + round);
        store.enqueue(message(target, "only"), 50, NOW);

        List<Optional<CloudToDeviceMessage>> locked = race.run(i -> store.lockNext(target, lockAt(NOW), NOW));

        assertThat(locked).as("round %d", round).filteredOn(Optional::isPresent).hasSize(1);
      }
    }
  }

  @Test
  default void racingLockersOfOneQueueEachGetADifferentMessage() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("busy");
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < CONTENDERS; i++) {
          store.enqueue(message(target, round + "-" + i), 50, NOW);
        }

        List<String> bodies = race.run(i -> store.lockNext(target, lockAt(NOW), NOW)
            .map(m -> new String(m.body(), StandardCharsets.UTF_8))
            .orElse(null));

        assertThat(bodies).as("round %d", round).doesNotContainNull().doesNotHaveDuplicates();
        store.purge(target);
      }
    }
  }

  @Test
  default void racingEnqueuesNeverTakeTheQueuePastItsLimit() {
    CloudToDeviceStore store = newStore();
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        IdentityRef target = device("crowded-" + round);
        store.enqueue(message(target, "already"), 3, NOW);

        List<Boolean> accepted = race.run(i -> store.enqueue(message(target, "racer-" + i), 3, NOW));

        assertThat(accepted).as("round %d", round).filteredOn(Boolean::booleanValue).hasSize(2);
        assertThat(store.depth(target, NOW)).as("round %d", round).isEqualTo(3);
      }
    }
  }

  @Test
  default void racingSettlementsWithOneTokenHaveExactlyOneWinner() {
    CloudToDeviceStore store = newStore();
    try (Race race = new Race(3)) {
      for (int round = 0; round < ROUNDS; round++) {
        IdentityRef target = device("settled-" + round);
        store.enqueue(message(target, "once"), 50, NOW);
        LockToken token = store.lockNext(target, lockAt(NOW), NOW).orElseThrow().lock().orElseThrow().token();

        List<Boolean> won = race.run(i -> switch (i) {
          case 0 -> store.complete(target, token, NOW).isPresent();
          case 1 -> store.reject(target, token, NOW).isPresent();
          default -> store.abandon(target, token, NOW, 10).isPresent();
        });

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
      }
    }
  }

  @Test
  default void racingFeedbackLockersTakeDisjointRecords() {
    CloudToDeviceStore store = newStore();
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < 3 * CONTENDERS; i++) {
          store.appendFeedback(feedback(round + "-" + i, NOW), NOW.plus(Duration.ofHours(1)));
        }

        List<List<FeedbackRecord>> batches = race.run(i -> store.lockFeedback(lockAt(NOW), 3, NOW));

        List<String> ids = new ArrayList<>();
        batches.forEach(batch -> batch.forEach(r -> ids.add(r.originalMessageId().orElseThrow())));
        assertThat(ids).as("round %d", round).hasSize(3 * CONTENDERS).doesNotHaveDuplicates();
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSize(3));
        assertThat(store.feedbackBacklog(NOW).count()).isZero();
        store.removeExpiredFeedback(NOW.plus(Duration.ofDays(1)));
      }
    }
  }
}
