package io.fleethub.core;

import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.TwinStore;
import io.fleethub.core.memory.InMemoryCaCertificateStore;
import io.fleethub.core.memory.InMemoryCloudToDeviceStore;
import io.fleethub.core.memory.InMemoryConsumerGroupStore;
import io.fleethub.core.memory.InMemoryPolicyStore;
import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.memory.InMemoryTwinStore;
import java.util.Objects;

/** The stores a hub is built over; whoever opened them closes them. */
public record HubStores(
    RegistryStore registry,
    PolicyStore policies,
    CaCertificateStore caCertificates,
    EventLog eventLog,
    TwinStore twins,
    CloudToDeviceStore cloudToDevice,
    ConsumerGroupStore consumerGroups) {
  public HubStores {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(caCertificates, "caCertificates");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(twins, "twins");
    Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    Objects.requireNonNull(consumerGroups, "consumerGroups");
  }

  /** Fresh in-memory stores over the given event log, for tests and throwaway hubs. */
  public static HubStores inMemory(EventLog eventLog) {
    return new HubStores(new InMemoryRegistryStore(), new InMemoryPolicyStore(), new InMemoryCaCertificateStore(),
        eventLog, new InMemoryTwinStore(), new InMemoryCloudToDeviceStore(), new InMemoryConsumerGroupStore());
  }
}
