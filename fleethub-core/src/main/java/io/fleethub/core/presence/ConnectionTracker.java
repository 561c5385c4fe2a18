package io.fleethub.core.presence;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.events.HubEvents;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.RegistryStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Knows which connection each device or module holds now. One connection per identity, as on IoT Hub: a new
 * one ends the old. Records connection state in the registry and publishes connected and disconnected events.
 *
 * <p>Call {@link #connected} and {@link #disconnected} for an identity on that device's lane of
 * {@link io.fleethub.core.concurrent.DeviceExecutors}, so its state changes are recorded in order. They block
 * on the registry store.
 */
public final class ConnectionTracker {
  /** The reason IoT Hub logs when a new connection replaces a device's existing one. */
  public static final String REPLACED_REASON = "400027 ConnectionForcefullyClosedOnNewConnection";

  private final ConcurrentHashMap<IdentityRef, DeviceConnection> current = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final RegistryStore registry;
  private final HubEvents events;
  private final Clock clock;

  public ConnectionTracker(RegistryStore registry, HubEvents events, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Makes {@code connection} the identity's current one, ending the one it replaces. */
  public void connected(DevicePrincipal principal, DeviceConnection connection) {
    connected(principal, connection, Optional.empty());
  }

  /**
   * Like {@link #connected(DevicePrincipal, DeviceConnection)}, also recording the IoT Plug and Play model id the
   * device announced on this connection, when it announced one.
   */
  public void connected(DevicePrincipal principal, DeviceConnection connection, Optional<String> modelId) {
    IdentityRef identity = principal.identity();
    DeviceConnection previous = current.put(identity, connection);
    if (previous != null && previous != connection) {
      previous.close(REPLACED_REASON);
    }
    Instant now = clock.instant();
    registry.recordConnectionState(identity, ConnectionState.CONNECTED, now);
    modelId.ifPresent(model -> registry.recordModelId(identity, model));
    events.publish(new DeviceEvent.Connected(identity, now, sequence.incrementAndGet()));
  }

  /**
   * Records that {@code connection} ended. Does nothing when it is no longer the identity's current connection
   * (it was replaced), so a replaced connection never marks a connected device as disconnected.
   */
  public void disconnected(DevicePrincipal principal, DeviceConnection connection) {
    IdentityRef identity = principal.identity();
    if (!current.remove(identity, connection)) {
      return;
    }
    Instant now = clock.instant();
    registry.recordConnectionState(identity, ConnectionState.DISCONNECTED, now);
    events.publish(new DeviceEvent.Disconnected(identity, now, sequence.incrementAndGet()));
  }

  /** The identity's current connection, if it has one. */
  public Optional<DeviceConnection> connectionOf(IdentityRef identity) {
    return Optional.ofNullable(current.get(identity));
  }

  public boolean isConnected(IdentityRef identity) {
    return current.containsKey(identity);
  }
}
