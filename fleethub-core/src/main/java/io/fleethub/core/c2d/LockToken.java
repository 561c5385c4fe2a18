package io.fleethub.core.c2d;

import java.util.Objects;
import java.util.UUID;

/**
 * Names one lock on a queued message (or on a batch of feedback records): whoever holds it may complete, abandon
 * or reject what it locked until the lock expires. IoT Hub's tokens are GUIDs; HTTPS carries them in the ETag.
 */
public record LockToken(String value) {
  public LockToken {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a lock token must not be blank");
    }
  }

  /** A new, unguessable token. */
  public static LockToken random() {
    return new LockToken(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
