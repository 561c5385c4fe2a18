package io.fleethub.core.files;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The service-bound queue of file upload notifications, as IoT Hub keeps it: a notification lives for
 * {@link FileUploadConfig#notificationTtl()}, is locked to one receiver at a time for
 * {@link FileUploadConfig#notificationLockDuration()}, and is dropped once abandoned
 * {@link FileUploadConfig#notificationMaxDeliveryCount()} times. Delivered at least once. Thread-safe; every method
 * blocks on the store.
 */
public final class FileNotificationQueue {
  private final FileNotificationStore store;
  private final Clock clock;
  private final FileUploadConfig config;

  public FileNotificationQueue(FileNotificationStore store, Clock clock, FileUploadConfig config) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Queues a notification; durable when this returns. */
  void add(FileNotification notification) {
    store.append(notification, clock.instant().plus(config.notificationTtl()));
  }

  /** The oldest waiting notification, locked to the caller; empty when none waits. */
  public Optional<FileNotificationDelivery> receive() {
    LockToken token = LockToken.random();
    MessageLock lock = new MessageLock(token, clock.instant().plus(config.notificationLockDuration()));
    return store.lockNext(lock, clock.instant()).map(notification -> new FileNotificationDelivery(token, notification));
  }

  /** Removes the notification for good; {@link ErrorCode#DEVICE_MESSAGE_LOCK_LOST} when its lock is gone. */
  public void complete(LockToken token) {
    if (!store.complete(token, clock.instant())) {
      throw lockLost(token);
    }
  }

  /**
   * Offers the notification again, or drops it when it was abandoned {@code notificationMaxDeliveryCount} times;
   * {@link ErrorCode#DEVICE_MESSAGE_LOCK_LOST} when its lock is gone.
   */
  public void abandon(LockToken token) {
    if (!store.abandon(token, clock.instant(), config.notificationMaxDeliveryCount())) {
      throw lockLost(token);
    }
  }

  /** Drops the notifications that outlived their time to live; returns how many. */
  public int expire() {
    return store.removeExpired(clock.instant());
  }

  private static HubException lockLost(LockToken token) {
    return new HubException(ErrorCode.DEVICE_MESSAGE_LOCK_LOST, "No file upload notification is locked by lock token '"
        + token + "': it was completed or abandoned, or its lock expired.");
  }
}
