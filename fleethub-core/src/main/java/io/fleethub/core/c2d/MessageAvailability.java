package io.fleethub.core.c2d;

import io.fleethub.core.identity.IdentityRef;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the transports holding a device's connection that its queue has a message to deliver, so that they can
 * push it (MQTT, AMQP) instead of polling. Listeners run synchronously on the announcing thread and must return
 * quickly without blocking, typically by scheduling a {@link CloudToDeviceService#receive} on the device's lane;
 * an exception thrown by one is logged and reaches no one else. Thread-safe.
 *
 * <p>An announcement is a hint: the message may be taken by another receiver first, and a message whose lock
 * expires is not announced again, so a listener that finds nothing simply waits for the next one.
 */
final class MessageAvailability {
  private static final Logger log = LoggerFactory.getLogger(MessageAvailability.class);

  private final ConcurrentHashMap<IdentityRef, List<Runnable>> listeners = new ConcurrentHashMap<>();

  /** Calls {@code listener} on every later announcement for {@code identity}; closing the handle stops it. */
  AutoCloseable subscribe(IdentityRef identity, Runnable listener) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(listener, "listener");
    listeners.compute(identity, (key, list) -> {
      List<Runnable> updated = list == null ? new CopyOnWriteArrayList<>() : list;
      updated.add(listener);
      return updated;
    });
    return () -> listeners.computeIfPresent(identity, (key, list) -> {
      list.remove(listener);
      return list.isEmpty() ? null : list;
    });
  }

  void announce(IdentityRef identity) {
    for (Runnable listener : listeners.getOrDefault(identity, List.of())) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("A cloud-to-device listener of {} failed", identity, e);
      }
    }
  }
}
