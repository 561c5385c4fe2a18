package io.fleethub.amqp;

import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.AccessControl;
import io.fleethub.core.eventlog.EventLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What the AMQP endpoint needs of the hub core. The endpoint calls {@code accessControl} (which reads the policy
 * store) and the reading methods of {@code eventLog} (which touch its files) only on its worker threads, never on
 * an event loop; it registers {@link EventLog#onAppended} callbacks from event loops, which does not block.
 *
 * @param hub the host name clients must name in token audiences, and the hub name, which is also the name of the
 *     Event Hubs-compatible entity (IoT Hub's "Event Hub-compatible name")
 * @param clock the hub's clock: token expiry is read from it
 * @param createdAt what the built-in endpoint reports as its creation time ({@code created_at})
 */
public record AmqpServices(
    HubIdentity hub,
    AccessControl accessControl,
    EventLog eventLog,
    ConsumerGroups consumerGroups,
    Clock clock,
    Instant createdAt) {

  public AmqpServices {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(accessControl, "accessControl");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(consumerGroups, "consumerGroups");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The services of a running hub core. */
  public static AmqpServices of(Hub hub, ConsumerGroups consumerGroups, Instant createdAt) {
    return new AmqpServices(hub.identity(), hub.accessControl(), hub.eventLog(), consumerGroups, hub.clock(),
        createdAt);
  }
}
