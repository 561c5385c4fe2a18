package io.fleethub.mqtt;

import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.DeviceAuthenticator;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.methods.DirectMethods;
import io.fleethub.core.presence.ConnectionTracker;
import io.fleethub.core.telemetry.TelemetryService;
import io.fleethub.core.twin.TwinNotifications;
import io.fleethub.core.twin.TwinService;
import java.time.Clock;
import java.util.Objects;

/**
 * What the MQTT endpoint needs of the hub core. The endpoint calls {@code authenticator}, {@code connections},
 * {@code activity}, {@code twins} and {@code cloudToDevice}, which block on stores, only on the device's lane of
 * {@code executors}; it calls {@code telemetry}, {@code twinNotifications} and {@code directMethods}, which do not
 * block, on the connection's event loop.
 *
 * @param hub the host name devices must name in their MQTT user name
 * @param twinNotifications where a connection subscribed to desired-property changes is registered
 * @param directMethods where a connection subscribed to direct methods is registered, and its answers go
 * @param clock the hub's clock: token expiry, cloud-to-device locks and activity times are read from it
 */
public record MqttDeviceServices(
    HubIdentity hub,
    DeviceAuthenticator authenticator,
    TelemetryService telemetry,
    ConnectionTracker connections,
    DeviceExecutors executors,
    ActivityRecorder activity,
    TwinService twins,
    TwinNotifications twinNotifications,
    CloudToDeviceService cloudToDevice,
    DirectMethods directMethods,
    Clock clock) {

  public MqttDeviceServices {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(executors, "executors");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(twins, "twins");
    Objects.requireNonNull(twinNotifications, "twinNotifications");
    Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    Objects.requireNonNull(directMethods, "directMethods");
    Objects.requireNonNull(clock, "clock");
  }

  /** The services of a running hub. */
  public static MqttDeviceServices of(Hub hub) {
    return new MqttDeviceServices(hub.identity(), hub.deviceAuthenticator(), hub.telemetry(), hub.connections(),
        hub.deviceExecutors(), hub.registryStore()::recordActivity, hub.twins(), hub.twinNotifications(),
        hub.cloudToDevice(), hub.directMethods(), hub.clock());
  }
}
