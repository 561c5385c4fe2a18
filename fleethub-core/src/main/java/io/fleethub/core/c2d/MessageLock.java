package io.fleethub.core.c2d;

import java.time.Instant;
import java.util.Objects;

/** A lock held on a queued message: its token and the instant it expires, after which it no longer holds. */
public record MessageLock(LockToken token, Instant lockedUntil) {
  public MessageLock {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(lockedUntil, "lockedUntil");
  }

  /** True while the lock holds: strictly before {@link #lockedUntil()}. */
  public boolean holdsAt(Instant now) {
    return now.isBefore(lockedUntil);
  }
}
