package io.fleethub.core.events;

import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;

/** Something that happened to a device or module, for routing and notifications to consume. */
public sealed interface DeviceEvent
    permits DeviceEvent.Created, DeviceEvent.Deleted, DeviceEvent.Connected, DeviceEvent.Disconnected {

  IdentityRef identity();

  Instant time();

  /** A device or module was added to the registry. */
  record Created(IdentityRef identity, Instant time) implements DeviceEvent {}

  /** A device or module was removed from the registry. */
  record Deleted(IdentityRef identity, Instant time) implements DeviceEvent {}

  /**
   * A device or module connected.
   *
   * @param sequenceNumber increases with every connect and disconnect the hub records, so a consumer can order
   *     events that arrive out of order (IoT Hub writes it as hex)
   */
  record Connected(IdentityRef identity, Instant time, long sequenceNumber) implements DeviceEvent {}

  /** A device or module's connection ended; see {@link Connected#sequenceNumber()}. */
  record Disconnected(IdentityRef identity, Instant time, long sequenceNumber) implements DeviceEvent {}
}
