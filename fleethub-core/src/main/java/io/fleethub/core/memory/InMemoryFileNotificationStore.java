package io.fleethub.core.memory;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.files.FileNotification;
import io.fleethub.core.files.FileNotificationStore;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link FileNotificationStore} in memory, in arrival order. Thread-safe by one lock. */
public final class InMemoryFileNotificationStore implements FileNotificationStore {
  private final TreeMap<Long, Stored> queue = new TreeMap<>();
  private long nextSequence;

  /** A notification with what the store keeps beside it. */
  private record Stored(FileNotification notification, Instant expiry, int abandons, Optional<MessageLock> lock) {
    boolean offeredAt(Instant now) {
      return now.isBefore(expiry) && !heldAt(now);
    }

    boolean heldAt(Instant now) {
      return lock.filter(l -> l.holdsAt(now)).isPresent();
    }

    boolean heldBy(LockToken token, Instant now) {
      return lock.filter(l -> l.token().equals(token) && l.holdsAt(now)).isPresent();
    }
  }

  @Override
  public synchronized void append(FileNotification notification, Instant expiry) {
    queue.put(nextSequence++, new Stored(notification, expiry, 0, Optional.empty()));
  }

  @Override
  public synchronized Optional<FileNotification> lockNext(MessageLock lock, Instant now) {
    for (Map.Entry<Long, Stored> entry : queue.entrySet()) {
      Stored stored = entry.getValue();
      if (stored.offeredAt(now)) {
        entry.setValue(new Stored(stored.notification(), stored.expiry(), stored.abandons(), Optional.of(lock)));
        return Optional.of(stored.notification());
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized boolean complete(LockToken token, Instant now) {
    return queue.values().removeIf(stored -> stored.heldBy(token, now));
  }

  @Override
  public synchronized boolean abandon(LockToken token, Instant now, int deadLetterAt) {
    for (Iterator<Map.Entry<Long, Stored>> it = queue.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Stored> entry = it.next();
      Stored stored = entry.getValue();
      if (stored.heldBy(token, now)) {
        int abandons = stored.abandons() + 1;
        if (abandons >= deadLetterAt) {
          it.remove();
        } else {
          entry.setValue(new Stored(stored.notification(), stored.expiry(), abandons, Optional.empty()));
        }
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized int removeExpired(Instant now) {
    int before = queue.size();
    queue.values().removeIf(stored -> !now.isBefore(stored.expiry()) && !stored.heldAt(now));
    return before - queue.size();
  }
}
