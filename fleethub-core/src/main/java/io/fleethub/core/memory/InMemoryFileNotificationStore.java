package io.fleethub.core.memory;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.files.FileNotification;
import io.fleethub.core.files.FileNotificationStore;
import java.time.Instant;
import java.util.Optional;

/** A {@link FileNotificationStore} in memory, in arrival order. Thread-safe by one lock. */
public final class InMemoryFileNotificationStore implements FileNotificationStore {
  private final LockedQueue<FileNotification> queue = new LockedQueue<>();

  @Override
  public synchronized void append(FileNotification notification, Instant expiry) {
    queue.append(notification, expiry);
  }

  @Override
  public synchronized Optional<FileNotification> lockNext(MessageLock lock, Instant now) {
    return queue.lock(lock, 1, now).stream().findFirst();
  }

  @Override
  public synchronized boolean complete(LockToken token, Instant now) {
    return queue.complete(token, now);
  }

  @Override
  public synchronized boolean abandon(LockToken token, Instant now, int deadLetterAt) {
    return queue.abandon(token, now, deadLetterAt);
  }

  @Override
  public synchronized int removeExpired(Instant now) {
    return queue.removeExpired(now);
  }
}
