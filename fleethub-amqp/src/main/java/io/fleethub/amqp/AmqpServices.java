package io.fleethub.amqp;

import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.auth.AccessControl;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.consumergroups.ConsumerGroups;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.files.FileNotificationQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What the AMQP endpoint needs of the hub core. The endpoint calls what may block only off its event loops:
 * {@code accessControl} (the policy store), the reading methods of {@code eventLog}, {@code consumerGroups} and the
 * feedback queue of {@code cloudToDevice} on its worker threads, and {@link CloudToDeviceService#send} on the target
 * device's lane of {@code deviceLanes}. It registers {@link EventLog#onAppended} callbacks from event loops, which
 * does not block.
 *
 * @param hub the host name clients must name in token audiences, and the hub name, which is also the name of the
 *     Event Hubs-compatible entity (IoT Hub's "Event Hub-compatible name") and the feedback messages' user id
 * @param consumerGroups the built-in endpoint's consumer groups, as the service API creates and deletes them
 * @param cloudToDevice the device queues that {@code /messages/devicebound} fills, and the feedback queue that
 *     {@code /messages/servicebound/feedback} empties
 * @param deviceLanes the per-device lanes on which cloud-to-device messages are queued
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
    Clock clock,
    FileNotificationQueue fileNotifications) {

  public AmqpServices {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(accessControl, "accessControl");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(consumerGroups, "consumerGroups");
    Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    Objects.requireNonNull(deviceLanes, "deviceLanes");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(fileNotifications, "fileNotifications");
  }

  /** The services of a running hub core. */
  public static AmqpServices of(Hub hub) {
    return new AmqpServices(hub.identity(), hub.accessControl(), hub.eventLog(), hub.consumerGroups(),
        hub.cloudToDevice(), hub.deviceExecutors(), hub.clock(), hub.fileNotifications());
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
