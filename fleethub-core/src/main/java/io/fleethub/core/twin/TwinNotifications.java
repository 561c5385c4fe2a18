package io.fleethub.core.twin;

import io.fleethub.core.identity.IdentityRef;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands desired-property changes to the connections that asked for them: a transport subscribes a connected
 * device or module (after it subscribed to {@code $iothub/twin/PATCH/properties/desired/#} or its AMQP
 * equivalent) and closes the subscription when the connection ends. A change for an identity nobody subscribed is
 * dropped, as IoT Hub keeps no notifications for disconnected devices.
 *
 * <p>Subscribers run synchronously on the writer's thread, in subscription order, and must return quickly without
 * blocking (hand the change to the connection's own thread); an exception thrown by one is logged and reaches
 * neither the writer nor the other subscribers. Thread-safe.
 */
public final class TwinNotifications implements DesiredPropertiesListener {
  private static final Logger log = LoggerFactory.getLogger(TwinNotifications.class);

  private final ConcurrentMap<IdentityRef, List<Consumer<DesiredPropertiesChange>>> subscribers =
      new ConcurrentHashMap<>();

  /** Subscribes to the identity's desired-property changes; closing the returned handle unsubscribes. */
  public AutoCloseable subscribe(IdentityRef identity, Consumer<DesiredPropertiesChange> subscriber) {
    subscribers.compute(identity, (key, list) -> {
      List<Consumer<DesiredPropertiesChange>> updated = list == null ? new CopyOnWriteArrayList<>() : list;
      updated.add(subscriber);
      return updated;
    });
    return () -> subscribers.computeIfPresent(identity, (key, list) -> {
      list.remove(subscriber);
      return list.isEmpty() ? null : list;
    });
  }

  @Override
  public void desiredPropertiesChanged(DesiredPropertiesChange change) {
    for (Consumer<DesiredPropertiesChange> subscriber : subscribers.getOrDefault(change.identity(), List.of())) {
      try {
        subscriber.accept(change);
      } catch (RuntimeException e) {
        log.warn("A desired-property subscriber of {} failed on version {}", change.identity(), change.version(), e);
      }
    }
  }
}
