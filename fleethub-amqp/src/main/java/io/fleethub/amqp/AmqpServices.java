package io.fleethub.amqp;

import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.AccessControl;
import io.fleethub.core.auth.DeviceAuthenticator;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.consumergroups.ConsumerGroups;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.files.FileNotificationQueue;
import io.fleethub.core.methods.DirectMethods;
import io.fleethub.core.presence.ConnectionTracker;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.telemetry.TelemetryService;
import io.fleethub.core.twin.TwinNotifications;
import io.fleethub.core.twin.TwinService;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What the AMQP endpoint needs of the hub core. The endpoint calls what may block only off its event loops:
 * {@code accessControl} (the policy store), the reading methods of {@code eventLog}, {@code consumerGroups} and the
 * feedback queue of {@code cloudToDevice} on its worker threads; everything a device does ({@code deviceAuthenticator},
 * {@code connections}, {@code twins}, the device queues of {@code cloudToDevice}, {@code registry}'s activity) and
 * {@link CloudToDeviceService#send} on the device's lane of {@code deviceLanes}. It calls {@code telemetry},
 * {@code twinNotifications} and {@code directMethods}, which do not block, and registers {@link EventLog#onAppended}
 * callbacks, from event loops.
 *
 * @param hub the host name clients must name in token audiences, and the hub name, which is also the name of the
 *     Event Hubs-compatible entity (IoT Hub's "Event Hub-compatible name") and the feedback messages' user id
 * @param consumerGroups the built-in endpoint's consumer groups, as the service API creates and deletes them
 * @param cloudToDevice the device queues that {@code /messages/devicebound} fills, and the feedback queue that
 *     {@code /messages/servicebound/feedback} empties
 * @param deviceLanes the per-device lanes on which cloud-to-device messages are queued
 * @param deviceAuthenticator checks device and module tokens and client certificates
 * @param telemetry where the device links' telemetry goes, as MQTT's does
 * @param connections which connection each device or module holds now
 * @param twins what the twin links read and write
 * @param twinNotifications where a twin link subscribed to desired-property changes is registered
 * @param directMethods where a methods link is registered, and where its answers go
 * @param registry where device activity is recorded
 * @param clock the hub's clock: token expiry is read from it
 * @param fileNotifications the file upload notifications that {@code /messages/servicebound/filenotifications}
 *     empties; read and settled on worker threads
 */
public record AmqpServices(
    HubIdentity hub,
    AccessControl accessControl,
    EventLog eventLog,
    ConsumerGroups consumerGroups,
    CloudToDeviceService cloudToDevice,
    DeviceExecutors deviceLanes,
    DeviceAuthenticator deviceAuthenticator,
    TelemetryService telemetry,
    ConnectionTracker connections,
    TwinService twins,
    TwinNotifications twinNotifications,
    DirectMethods directMethods,
    RegistryStore registry,
    Clock clock,
    FileNotificationQueue fileNotifications) {

  public AmqpServices {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(accessControl, "accessControl");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(consumerGroups, "consumerGroups");
    Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    Objects.requireNonNull(deviceLanes, "deviceLanes");
    Objects.requireNonNull(deviceAuthenticator, "deviceAuthenticator");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(twins, "twins");
    Objects.requireNonNull(twinNotifications, "twinNotifications");
    Objects.requireNonNull(directMethods, "directMethods");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(fileNotifications, "fileNotifications");
  }

  /** The services of a running hub core. */
  public static AmqpServices of(Hub hub) {
    return new AmqpServices(hub.identity(), hub.accessControl(), hub.eventLog(), hub.consumerGroups(),
        hub.cloudToDevice(), hub.deviceExecutors(), hub.deviceAuthenticator(), hub.telemetry(), hub.connections(),
        hub.twins(), hub.twinNotifications(), hub.directMethods(), hub.registryStore(), hub.clock(),
        hub.fileNotifications());
  }

  /**
   * What the built-in endpoint reports as its creation time ({@code created_at}): when the hub created its
   * {@value ConsumerGroup#DEFAULT} consumer group, which it does once, when it first starts. Blocks on the store.
   */
  Instant eventHubCreatedAt() {
    return consumerGroups.find(ConsumerGroup.DEFAULT)
        .map(ConsumerGroup::createdTime)
        .orElseThrow(() -> new IllegalStateException("the hub has no consumer group " + ConsumerGroup.DEFAULT));
  }
}
