package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.CloudToDeviceExamples.EXPIRY;
import static io.fleethub.testkit.store.CloudToDeviceExamples.LOCK;
import static io.fleethub.testkit.store.CloudToDeviceExamples.NOW;
import static io.fleethub.testkit.store.CloudToDeviceExamples.bareMessage;
import static io.fleethub.testkit.store.CloudToDeviceExamples.device;
import static io.fleethub.testkit.store.CloudToDeviceExamples.expiringAt;
import static io.fleethub.testkit.store.CloudToDeviceExamples.lockAt;
import static io.fleethub.testkit.store.CloudToDeviceExamples.message;
import static io.fleethub.testkit.store.CloudToDeviceExamples.module;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The message queue part of {@link CloudToDeviceStoreContract}: enqueue, lock, settle, expire, purge. */
public interface CloudToDeviceQueueContract {

  /** A new, empty store. Called once per test. */
  CloudToDeviceStore newStore();

  @Test
  default void lockedMessageComesBackWithEveryFieldAndTheNewLock() {
    CloudToDeviceStore store = newStore();
    CloudToDeviceMessage full = message(module("thermostat", "sensor"), "first");
    CloudToDeviceMessage bare = bareMessage(device("thermostat"));
    store.enqueue(full, 50, NOW);
    store.enqueue(bare, 50, NOW);
    MessageLock lock = lockAt(NOW);
    MessageLock otherLock = lockAt(NOW);

    Optional<CloudToDeviceMessage> lockedFull = store.lockNext(full.target(), lock, NOW);
    Optional<CloudToDeviceMessage> lockedBare = store.lockNext(bare.target(), otherLock, NOW);

    assertThat(lockedFull).contains(full.withLock(lock));
    assertThat(lockedBare).contains(bare.withLock(otherLock));
  }

  @Test
  default void aLockGivenWithTheEnqueuedMessageIsNotStored() {
    CloudToDeviceStore store = newStore();
    CloudToDeviceMessage message = message(device("thermostat"), "pre-locked");
    store.enqueue(message.withLock(lockAt(NOW)), 50, NOW);
    MessageLock lock = lockAt(NOW);

    assertThat(store.lockNext(message.target(), lock, NOW)).contains(message.withLock(lock));
  }

  @Test
  default void eachQueueIsFirstInFirstOut() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    for (String text : new String[] {"one", "two", "three"}) {
      store.enqueue(message(target, text), 50, NOW);
    }

    String first = lockedText(store, target);
    String second = lockedText(store, target);
    String third = lockedText(store, target);

    assertThat(first + second + third).isEqualTo("onetwothree");
    assertThat(store.lockNext(target, lockAt(NOW), NOW)).isEmpty();
  }

  @Test
  default void devicesAndTheirModulesHaveSeparateQueues() {
    CloudToDeviceStore store = newStore();
    store.enqueue(message(device("edge"), "for-device"), 50, NOW);
    store.enqueue(message(module("edge", "filter"), "for-filter"), 50, NOW);
    store.enqueue(message(device("other"), "for-other"), 50, NOW);

    assertThat(lockedText(store, module("edge", "filter"))).isEqualTo("for-filter");
    assertThat(lockedText(store, device("edge"))).isEqualTo("for-device");
    assertThat(store.lockNext(module("edge", "absent"), lockAt(NOW), NOW)).isEmpty();
    assertThat(store.depth(device("other"), NOW)).isEqualTo(1);
  }

  @Test
  default void enqueueRefusesAtTheLimitCountingLockedButNotExpiredMessages() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("full");
    store.enqueue(expiringAt(target, "stale", NOW.plusSeconds(1)), 3, NOW);
    store.enqueue(message(target, "locked"), 3, NOW);
    store.lockNext(target, lockAt(NOW), NOW.plusSeconds(1));
    store.enqueue(message(target, "waiting"), 3, NOW);
    Instant later = NOW.plusSeconds(1);

    boolean third = store.enqueue(message(target, "third"), 3, later);
    boolean fourth = store.enqueue(message(target, "fourth"), 3, later);

    assertThat(third).isTrue();
    assertThat(fourth).isFalse();
    assertThat(store.depth(target, later)).isEqualTo(3);
    assertThat(store.depth(target, NOW)).as("the stale message counts while unexpired").isEqualTo(4);
  }

  @Test
  default void aLockedMessageIsNotLockedAgainUntilItsLockExpires() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    CloudToDeviceMessage message = message(target, "only");
    store.enqueue(message, 50, NOW);
    store.lockNext(target, lockAt(NOW), NOW);
    Instant expiry = NOW.plus(LOCK);
    MessageLock relock = lockAt(expiry);

    Optional<CloudToDeviceMessage> whileHeld = store.lockNext(target, lockAt(NOW), expiry.minusNanos(1000));
    Optional<CloudToDeviceMessage> afterExpiry = store.lockNext(target, relock, expiry);

    assertThat(whileHeld).isEmpty();
    assertThat(afterExpiry).as("an expired lock is not a delivery").contains(message.withLock(relock));
  }

  @Test
  default void anExpiredMessageIsNotDelivered() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    store.enqueue(message(target, "old"), 50, NOW);

    assertThat(store.lockNext(target, lockAt(EXPIRY), EXPIRY)).isEmpty();
    assertThat(store.lockNext(target, lockAt(NOW), EXPIRY.minusNanos(1000))).isPresent();
  }

  @Test
  default void completeRemovesTheMessageOnlyUnderItsHoldingLock() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    store.enqueue(message(target, "done"), 50, NOW);
    CloudToDeviceMessage locked = store.lockNext(target, lockAt(NOW), NOW).orElseThrow();
    LockToken token = locked.lock().orElseThrow().token();

    Optional<CloudToDeviceMessage> strangerToken = store.complete(target, LockToken.random(), NOW);
    Optional<CloudToDeviceMessage> otherIdentity = store.complete(device("other"), token, NOW);
    Optional<CloudToDeviceMessage> completed = store.complete(target, token, NOW.plusSeconds(59));
    Optional<CloudToDeviceMessage> again = store.complete(target, token, NOW.plusSeconds(59));

    assertThat(strangerToken).isEmpty();
    assertThat(otherIdentity).isEmpty();
    assertThat(completed).contains(locked);
    assertThat(again).isEmpty();
    assertThat(store.depth(target, NOW)).isZero();
  }

  @Test
  default void settlingUnderAnExpiredLockChangesNothing() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("slow");
    store.enqueue(message(target, "late"), 50, NOW);
    LockToken token = store.lockNext(target, lockAt(NOW), NOW).orElseThrow().lock().orElseThrow().token();
    Instant lockExpired = NOW.plus(LOCK);

    assertThat(store.complete(target, token, lockExpired)).isEmpty();
    assertThat(store.abandon(target, token, lockExpired, 10)).isEmpty();
    assertThat(store.reject(target, token, lockExpired)).isEmpty();
    assertThat(store.lockNext(target, lockAt(lockExpired), lockExpired).orElseThrow().deliveryCount()).isZero();
  }

  @Test
  default void anOldTokenNoLongerSettlesAMessageLockedAgain() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    store.enqueue(message(target, "twice"), 50, NOW);
    LockToken old = store.lockNext(target, lockAt(NOW), NOW).orElseThrow().lock().orElseThrow().token();
    Instant later = NOW.plus(LOCK);
    CloudToDeviceMessage relocked = store.lockNext(target, lockAt(later), later).orElseThrow();

    assertThat(store.complete(target, old, later)).isEmpty();
    assertThat(store.complete(target, relocked.lock().orElseThrow().token(), later)).contains(relocked);
  }

  @Test
  default void abandonUnlocksCountsTheDeliveryAndKeepsTheMessageFirst() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    CloudToDeviceMessage first = message(target, "first");
    store.enqueue(first, 50, NOW);
    store.enqueue(message(target, "second"), 50, NOW);
    LockToken token = store.lockNext(target, lockAt(NOW), NOW).orElseThrow().lock().orElseThrow().token();

    Optional<CloudToDeviceMessage> abandoned = store.abandon(target, token, NOW, 10);

    assertThat(abandoned).contains(first.abandoned());
    MessageLock again = lockAt(NOW);
    assertThat(store.lockNext(target, again, NOW)).contains(first.abandoned().withLock(again));
    assertThat(store.complete(target, token, NOW)).as("the old token is spent").isEmpty();
  }

  @Test
  default void abandonThatReachesTheLimitRemovesTheMessage() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    CloudToDeviceMessage message = message(target, "doomed");
    store.enqueue(message, 50, NOW);
    LockToken first = store.lockNext(target, lockAt(NOW), NOW).orElseThrow().lock().orElseThrow().token();
    store.abandon(target, first, NOW, 2);
    LockToken second = store.lockNext(target, lockAt(NOW), NOW).orElseThrow().lock().orElseThrow().token();

    Optional<CloudToDeviceMessage> deadLettered = store.abandon(target, second, NOW, 2);

    assertThat(deadLettered).contains(message.abandoned().abandoned());
    assertThat(store.depth(target, NOW)).isZero();
    assertThat(store.lockNext(target, lockAt(NOW), NOW)).isEmpty();
  }

  @Test
  default void rejectRemovesTheLockedMessage() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("thermostat");
    store.enqueue(message(target, "unwanted"), 50, NOW);
    store.enqueue(message(target, "kept"), 50, NOW);
    CloudToDeviceMessage locked = store.lockNext(target, lockAt(NOW), NOW).orElseThrow();

    Optional<CloudToDeviceMessage> rejected = store.reject(target, locked.lock().orElseThrow().token(), NOW);

    assertThat(rejected).contains(locked);
    assertThat(store.depth(target, NOW)).isEqualTo(1);
    assertThat(lockedText(store, target)).isEqualTo("kept");
  }

  @Test
  default void removeExpiredTakesExpiredUnlockedMessagesOfAnyQueueOldestFirstUpToTheLimit() {
    CloudToDeviceStore store = newStore();
    Instant soon = NOW.plusSeconds(10);
    CloudToDeviceMessage a = expiringAt(device("a"), "a", soon);
    CloudToDeviceMessage b = expiringAt(module("b", "m"), "b", soon);
    CloudToDeviceMessage held = expiringAt(device("held"), "held", soon);
    CloudToDeviceMessage c = expiringAt(device("a"), "c", soon);
    CloudToDeviceMessage fresh = message(device("a"), "fresh");
    for (CloudToDeviceMessage message : new CloudToDeviceMessage[] {a, b, held, c, fresh}) {
      store.enqueue(message, 50, NOW);
    }
    store.lockNext(held.target(), new MessageLock(LockToken.random(), soon.plusSeconds(5)), NOW);

    assertThat(store.removeExpired(soon, 2)).containsExactly(a, b);
    assertThat(store.removeExpired(soon, 10)).containsExactly(c);
    assertThat(store.removeExpired(soon.plusSeconds(5), 10)).extracting(CloudToDeviceMessage::target)
        .containsExactly(held.target());
    assertThat(store.depth(device("a"), NOW)).isEqualTo(1);
  }

  @Test
  default void purgeRemovesLockedAndUnlockedMessagesOfThatQueueOnly() {
    CloudToDeviceStore store = newStore();
    IdentityRef target = device("purged");
    CloudToDeviceMessage first = message(target, "first");
    store.enqueue(first, 50, NOW);
    store.enqueue(message(target, "second"), 50, NOW);
    store.enqueue(message(module("purged", "m"), "module's"), 50, NOW);
    MessageLock lock = lockAt(NOW);
    store.lockNext(target, lock, NOW);

    assertThat(store.purge(target)).containsExactly(first.withLock(lock), message(target, "second"));
    assertThat(store.purge(target)).isEmpty();
    assertThat(store.depth(module("purged", "m"), NOW)).isEqualTo(1);
  }

  @Test
  default void discardDeviceRemovesTheQueuesOfTheDeviceAndItsModulesOnly() {
    CloudToDeviceStore store = newStore();
    store.enqueue(message(device("gone"), "one"), 50, NOW);
    store.enqueue(message(module("gone", "m1"), "two"), 50, NOW);
    store.enqueue(message(module("gone", "m2"), "three"), 50, NOW);
    store.enqueue(message(device("gone-too"), "kept"), 50, NOW);

    int discarded = store.discardDevice(DeviceId.of("gone"));

    assertThat(discarded).isEqualTo(3);
    assertThat(store.depth(module("gone", "m1"), NOW)).isZero();
    assertThat(store.depth(device("gone-too"), NOW)).isEqualTo(1);
  }

  @Test
  default void idsAreCaseSensitive() {
    CloudToDeviceStore store = newStore();
    store.enqueue(message(device("Thermostat"), "upper"), 50, NOW);

    assertThat(store.depth(device("thermostat"), NOW)).isZero();
    assertThat(store.lockNext(device("thermostat"), lockAt(NOW), NOW)).isEmpty();
    assertThat(store.discardDevice(DeviceId.of("thermostat"))).isZero();
  }

  @Test
  default void anEmptyStoreHasNothingToGive() {
    CloudToDeviceStore store = newStore();
    IdentityRef nobody = device("nobody");

    assertThat(store.depth(nobody, NOW)).isZero();
    assertThat(store.lockNext(nobody, lockAt(NOW), NOW)).isEmpty();
    assertThat(store.removeExpired(NOW.plus(Duration.ofDays(3)), 10)).isEmpty();
    assertThat(store.purge(nobody)).isEmpty();
  }

  private static String lockedText(CloudToDeviceStore store, IdentityRef target) {
    CloudToDeviceMessage locked = store.lockNext(target, lockAt(NOW), NOW).orElseThrow();
    return new String(locked.body(), StandardCharsets.UTF_8);
  }
}
