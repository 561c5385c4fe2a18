package io.fleethub.core;

import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.files.BlobStorage;
import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.TwinStore;
import io.fleethub.core.memory.InMemoryCaCertificateStore;
import io.fleethub.core.memory.InMemoryCloudToDeviceStore;
import io.fleethub.core.memory.InMemoryConsumerGroupStore;
import io.fleethub.core.memory.InMemoryFileNotificationStore;
import io.fleethub.core.memory.InMemoryPolicyStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.memory.InMemoryTwinStore;
import java.time.Clock;
import java.util.Objects;

/**
 * The stores a hub is built over; whoever opened them closes them.
 *
 * @param fileNotifications the queue of file upload notifications for the service
 * @param blobs the built-in blob store devices upload files to
 */
public record HubStores(
    RegistryStore registry,
    PolicyStore policies,
    CaCertificateStore caCertificates,
    EventLog eventLog,
    TwinStore twins,
    CloudToDeviceStore cloudToDevice,
    ConsumerGroupStore consumerGroups,
    FileNotificationStore fileNotifications,
    BlobStorage blobs) {
  public HubStores {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(caCertificates, "caCertificates");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(twins, "twins");
    Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    Objects.requireNonNull(consumerGroups, "consumerGroups");
    Objects.requireNonNull(fileNotifications, "fileNotifications");
    Objects.requireNonNull(blobs, "blobs");
  }

  /**
   * The given stores, with file upload notifications in memory and blobs in a new temporary directory: for tests
   * and throwaway hubs that do not exercise file upload durably.
   */
  public HubStores(RegistryStore registry, PolicyStore policies, CaCertificateStore caCertificates,
      EventLog eventLog, TwinStore twins, CloudToDeviceStore cloudToDevice, ConsumerGroupStore consumerGroups) {
    this(registry, policies, caCertificates, eventLog, twins, cloudToDevice, consumerGroups,
        new InMemoryFileNotificationStore(), BlobStorage.temporary(Clock.systemUTC()));
  }

  /** Fresh in-memory stores over the given event log, for tests and throwaway hubs. */
  public static HubStores inMemory(EventLog eventLog) {
    return new HubStores(new InMemoryRegistryStore(), new InMemoryPolicyStore(), new InMemoryCaCertificateStore(),
        eventLog, new InMemoryTwinStore(), new InMemoryCloudToDeviceStore(), new InMemoryConsumerGroupStore(),
        new InMemoryFileNotificationStore(), BlobStorage.temporary(Clock.systemUTC()));
  }
}
