package io.fleethub.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.files.FileNotification;
import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.core.identity.DeviceId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FileNotificationStore}, for every implementation: first in, first out; one holder per
 * notification while its lock holds; complete removes; abandon offers again until the dead-letter count; expiry.
 * Implement {@link #newStore()} in a test class per backend.
 */
public interface FileNotificationStoreContract {
  Instant NOW = Instant.parse("2026-01-02T03:04:05.123456Z");
  Instant KEPT_UNTIL = NOW.plus(Duration.ofHours(1));
  Duration LOCK = Duration.ofMinutes(1);

  /** A new, empty store. Called once per test. */
  FileNotificationStore newStore();

  @Test
  default void lockedNotificationsComeBackWithEveryFieldOldestFirst() {
    FileNotificationStore store = newStore();
    FileNotification first = notification("d1", "d1/a.txt", 10);
    FileNotification second = notification("d2", "d2/logs/b c.bin", 12_345_678_901L);
    store.append(first, KEPT_UNTIL);
    store.append(second, KEPT_UNTIL);

    assertThat(store.lockNext(lockAt(NOW), NOW)).contains(first);
    assertThat(store.lockNext(lockAt(NOW), NOW)).contains(second);
    assertThat(store.lockNext(lockAt(NOW), NOW)).isEmpty();
  }

  @Test
  default void aLockedNotificationIsOfferedAgainOnceItsLockExpires() {
    FileNotificationStore store = newStore();
    FileNotification only = notification("d1", "d1/a", 1);
    store.append(only, KEPT_UNTIL);
    store.lockNext(lockAt(NOW), NOW);

    assertThat(store.lockNext(lockAt(NOW.plusSeconds(59)), NOW.plusSeconds(59))).isEmpty();
    assertThat(store.lockNext(lockAt(NOW.plus(LOCK)), NOW.plus(LOCK))).contains(only);
  }

  @Test
  default void completeRemovesOnlyTheNotificationOfAHoldingLock() {
    FileNotificationStore store = newStore();
    store.append(notification("d1", "d1/a", 1), KEPT_UNTIL);
    store.append(notification("d1", "d1/b", 2), KEPT_UNTIL);
    MessageLock lock = lockAt(NOW);
    store.lockNext(lock, NOW);

    assertThat(store.complete(LockToken.random(), NOW)).isFalse();
    assertThat(store.complete(lock.token(), NOW.plus(LOCK))).isFalse();
    assertThat(store.complete(lock.token(), NOW.plusSeconds(1))).isTrue();
    assertThat(store.complete(lock.token(), NOW.plusSeconds(1))).isFalse();
    assertThat(store.lockNext(lockAt(NOW.plusSeconds(2)), NOW.plusSeconds(2)).map(FileNotification::blobName))
        .contains("d1/b");
    assertThat(store.lockNext(lockAt(NOW.plus(Duration.ofMinutes(5))), NOW.plus(Duration.ofMinutes(5)))
        .map(FileNotification::blobName)).contains("d1/b");
  }

  @Test
  default void abandonOffersAgainUntilTheDeadLetterCount() {
    FileNotificationStore store = newStore();
    FileNotification only = notification("d1", "d1/a", 1);
    store.append(only, KEPT_UNTIL);

    for (int attempt = 1; attempt < 3; attempt++) {
      MessageLock lock = lockAt(NOW);
      assertThat(store.lockNext(lock, NOW)).as("attempt %d", attempt).contains(only);
      assertThat(store.abandon(lock.token(), NOW, 3)).isTrue();
    }
    MessageLock last = lockAt(NOW);
    assertThat(store.lockNext(last, NOW)).contains(only);
    assertThat(store.abandon(last.token(), NOW, 3)).isTrue();

    assertThat(store.lockNext(lockAt(NOW), NOW)).isEmpty();
    assertThat(store.abandon(last.token(), NOW, 3)).isFalse();
  }

  @Test
  default void abandonWithAnExpiredLockChangesNothing() {
    FileNotificationStore store = newStore();
    store.append(notification("d1", "d1/a", 1), KEPT_UNTIL);
    MessageLock lock = lockAt(NOW);
    store.lockNext(lock, NOW);

    assertThat(store.abandon(lock.token(), NOW.plus(LOCK), 1)).isFalse();
    assertThat(store.lockNext(lockAt(NOW.plus(LOCK)), NOW.plus(LOCK))).isPresent();
  }

  @Test
  default void expiredNotificationsAreNotOfferedAndRemovedUnlessLocked() {
    FileNotificationStore store = newStore();
    store.append(notification("d1", "d1/short", 1), NOW.plusSeconds(10));
    store.append(notification("d1", "d1/locked", 2), NOW.plusSeconds(10));
    store.append(notification("d1", "d1/long", 3), KEPT_UNTIL);
    store.lockNext(lockAt(NOW), NOW);
    MessageLock held = new MessageLock(LockToken.random(), NOW.plus(Duration.ofMinutes(5)));
    assertThat(store.lockNext(held, NOW).map(FileNotification::blobName)).contains("d1/locked");
    Instant later = NOW.plus(Duration.ofMinutes(2));

    assertThat(store.removeExpired(later)).isEqualTo(1);

    assertThat(store.lockNext(lockAt(later), later).map(FileNotification::blobName)).contains("d1/long");
    assertThat(store.lockNext(lockAt(later), later)).isEmpty();
    assertThat(store.complete(held.token(), later)).isTrue();
  }

  private static MessageLock lockAt(Instant now) {
    return new MessageLock(LockToken.random(), now.plus(LOCK));
  }

  private static FileNotification notification(String device, String blob, long size) {
    return new FileNotification(DeviceId.of(device), blob, "https://hub.fleethub.test/fileuploads/" + blob,
        NOW.minusSeconds(30), size, NOW.minusSeconds(1));
  }
}
