package io.fleethub.core.files;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import java.time.Instant;
import java.util.Optional;

/**
 * Persists the hub's one queue of file upload notifications. Dumb by design but atomic: each method is one
 * indivisible step; limits and times are parameters decided by the caller ({@link FileNotificationQueue}). The
 * store keeps no clock: {@code now} is always given.
 *
 * <p>The queue is first in, first out by the order of {@link #append}. Notifications and locks are durable: a store
 * reopened after a restart holds the same notifications, and a lock taken before still holds until it expires.
 * Every method may be called from any thread, by several hub nodes sharing one database, and blocks until its
 * change is durable.
 */
public interface FileNotificationStore {

  /** Appends a notification; it is no longer offered from {@code expiry} on. */
  void append(FileNotification notification, Instant expiry);

  /**
   * Locks the oldest notification offered at {@code now} (unexpired, and not locked or its lock expired) under
   * {@code lock} and returns it; empty when none is offered. Racing callers never lock the same notification under
   * locks that hold at the same time.
   */
  Optional<FileNotification> lockNext(MessageLock lock, Instant now);

  /** Removes the notification locked by {@code token} if that lock holds at {@code now}; false when there is none. */
  boolean complete(LockToken token, Instant now);

  /**
   * Unlocks the notification locked by {@code token} if that lock holds at {@code now}, adding one to the number of
   * times it was abandoned, and removes it instead when that count reaches {@code deadLetterAt}; false when no
   * notification holds that lock.
   */
  boolean abandon(LockToken token, Instant now, int deadLetterAt);

  /** Removes the notifications expired at {@code now} and not locked then; returns how many. */
  int removeExpired(Instant now);
}
