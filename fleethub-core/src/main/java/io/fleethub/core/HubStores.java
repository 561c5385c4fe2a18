package io.fleethub.core;

import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.TwinStore;
import java.util.Objects;

/** The stores a hub is built over; whoever opened them closes them. */
public record HubStores(
    RegistryStore registry,
    PolicyStore policies,
    CaCertificateStore caCertificates,
    EventLog eventLog,
    TwinStore twins,
    CloudToDeviceStore cloudToDevice) {
  public HubStores {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(caCertificates, "caCertificates");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(twins, "twins");
    Objects.requireNonNull(cloudToDevice, "cloudToDevice");
  }
}
