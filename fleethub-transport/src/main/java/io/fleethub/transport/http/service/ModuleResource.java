package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.registry.DeviceRegistry;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.ModuleSpec;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /devices/{id}/modules} and {@code /devices/{id}/modules/{mid}}: module identities, with the same PUT and
 * DELETE precondition rules as {@link DeviceResource} (409 ModuleAlreadyExistsOnDevice on a taken id, 404
 * DeviceNotFound when the device is absent). Handlers run on the event loop.
 */
final class ModuleResource {
  private final DeviceRegistry registry;
  private final ServiceCalls calls;
  private final RegistryJsonMapper mapper;

  ModuleResource(DeviceRegistry registry, ServiceCalls calls, RegistryJsonMapper mapper) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void get(RoutingContext context) {
    String rawDeviceId = context.pathParam("deviceId");
    String rawModuleId = context.pathParam("moduleId");
    calls.run(context, requiring(AccessRight.REGISTRY_READ), () -> {
      Module module = registry.getModule(PathIds.deviceId(rawDeviceId), PathIds.moduleId(rawModuleId));
      return Reply.json(mapper.module(module), module.etag());
    });
  }

  void put(RoutingContext context) {
    String rawDeviceId = context.pathParam("deviceId");
    String rawModuleId = context.pathParam("moduleId");
    Optional<Etag> ifMatch = ServiceCalls.ifMatch(context);
    byte[] body = ServiceCalls.body(context);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      ModuleSpec spec = mapper.moduleSpec(PathIds.deviceId(rawDeviceId), PathIds.moduleId(rawModuleId), body);
      Module module = ifMatch.isPresent() ? registry.updateModule(spec, ifMatch.get()) : registry.createModule(spec);
      return Reply.json(mapper.module(module), module.etag());
    });
  }

  void delete(RoutingContext context) {
    String rawDeviceId = context.pathParam("deviceId");
    String rawModuleId = context.pathParam("moduleId");
    Etag ifMatch = ServiceCalls.ifMatch(context).orElse(Etag.ANY);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      registry.deleteModule(PathIds.deviceId(rawDeviceId), PathIds.moduleId(rawModuleId), ifMatch);
      return Reply.noContent();
    });
  }

  void list(RoutingContext context) {
    String rawDeviceId = context.pathParam("deviceId");
    calls.run(context, requiring(AccessRight.REGISTRY_READ),
        () -> Reply.json(mapper.modules(registry.listModules(PathIds.deviceId(rawDeviceId)))));
  }
}
