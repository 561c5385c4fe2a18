package io.fleethub.core.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's in-process event bus for {@link DeviceEvent}s. Subscribers run synchronously on the publishing
 * thread, in subscription order, and must return quickly without blocking; an exception thrown by one is logged
 * and does not reach the publisher or the other subscribers. Thread-safe.
 */
public final class HubEvents {
  private static final Logger log = LoggerFactory.getLogger(HubEvents.class);

  private final List<Consumer<DeviceEvent>> subscribers = new CopyOnWriteArrayList<>();

  /** Adds a subscriber; closing the returned handle removes it. */
  public AutoCloseable subscribe(Consumer<DeviceEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  public void publish(DeviceEvent event) {
    for (Consumer<DeviceEvent> subscriber : subscribers) {
      try {
        subscriber.accept(event);
      } catch (RuntimeException e) {
        log.warn("An event subscriber failed on {}", event, e);
      }
    }
  }
}
