package io.fleethub.core.files;

import io.fleethub.core.c2d.LockToken;
import java.util.Objects;

/**
 * A file upload notification locked for one service receiver. The receiver completes it (it is gone) or abandons
 * it (it is offered again) with {@link #lockToken()}; if it does neither before the lock expires, it is offered
 * again too.
 */
public record FileNotificationDelivery(LockToken lockToken, FileNotification notification) {
  public FileNotificationDelivery {
    Objects.requireNonNull(lockToken, "lockToken");
    Objects.requireNonNull(notification, "notification");
  }
}
