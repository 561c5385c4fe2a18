package io.fleethub.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * What the hub observed of an identity at run time. Registry writes (create, update) never change it; the
 * transports record it through {@link RegistryStore#recordConnectionState} and {@link RegistryStore#recordActivity},
 * and the cloud-to-device queue through {@link RegistryStore#recordCloudToDeviceMessageCount}.
 */
public record Activity(
    ConnectionState connectionState,
    Instant connectionStateUpdatedTime,
    Instant lastActivityTime,
    int cloudToDeviceMessageCount) {

  /** IoT Hub's "never": the time it reports for an identity that has not connected yet. */
  public static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

  public static final Activity NONE = new Activity(ConnectionState.DISCONNECTED, NEVER, NEVER, 0);

  public Activity {
    Objects.requireNonNull(connectionState, "connectionState");
    Objects.requireNonNull(connectionStateUpdatedTime, "connectionStateUpdatedTime");
    Objects.requireNonNull(lastActivityTime, "lastActivityTime");
  }
}
