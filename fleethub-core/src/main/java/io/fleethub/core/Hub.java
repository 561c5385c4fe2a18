package io.fleethub.core;

import io.fleethub.core.auth.AccessControl;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.registry.DeviceRegistry;
import io.fleethub.core.registry.RegistryStore;
import java.time.Clock;
import java.util.Objects;

/**
 * The hub core's facade: what the transports and the service API call. It holds the hub's identity (host and
 * hub name) and the services built over the stores; it knows nothing of sockets or databases.
 */
public final class Hub {
  private final HubIdentity identity;
  private final Clock clock;
  private final DeviceRegistry registry;
  private final AccessControl accessControl;
  private final PolicyStore policies;

  public Hub(HubIdentity identity, Clock clock, RegistryStore registryStore, PolicyStore policyStore, KeyGenerator keys) {
    this.identity = Objects.requireNonNull(identity, "identity");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policies = Objects.requireNonNull(policyStore, "policyStore");
    this.registry = new DeviceRegistry(registryStore, clock, keys);
    this.accessControl = new AccessControl(policyStore, clock, identity.hostName());
  }

  public HubIdentity identity() {
    return identity;
  }

  public Clock clock() {
    return clock;
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public AccessControl accessControl() {
    return accessControl;
  }

  public PolicyStore policies() {
    return policies;
  }
}
