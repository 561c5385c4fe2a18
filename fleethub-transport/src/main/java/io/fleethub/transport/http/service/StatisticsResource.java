package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.registry.DeviceRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code /statistics/devices} (RegistryRead, as the registry clients call it) and {@code /statistics/service}
 * (ServiceConnect: the .NET SDK serves it from {@code ServiceClient}, the client of the ServiceConnect policy,
 * not from {@code RegistryManager}). Handlers run on the event loop.
 */
final class StatisticsResource {
  private final DeviceRegistry registry;
  private final ServiceCalls calls;
  private final RegistryJsonMapper mapper;

  StatisticsResource(DeviceRegistry registry, ServiceCalls calls, RegistryJsonMapper mapper) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void devices(RoutingContext context) {
    calls.run(context, requiring(AccessRight.REGISTRY_READ),
        () -> Reply.json(mapper.registryStatistics(registry.statistics())));
  }

  void service(RoutingContext context) {
    calls.run(context, requiring(AccessRight.SERVICE_CONNECT),
        () -> Reply.json(mapper.serviceStatistics(registry.connectedDeviceCount())));
  }
}
