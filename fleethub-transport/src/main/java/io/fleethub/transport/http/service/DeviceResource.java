package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceRegistry;
import io.fleethub.core.registry.DeviceSpec;
import io.fleethub.core.registry.Etag;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /devices} and {@code /devices/{id}}: device identities.
 *
 * <ul>
 *   <li>PUT without {@code If-Match} creates (409 DeviceAlreadyExists when taken), as the Java SDK's
 *       {@code addDevice} and Node's {@code Registry.create} send it; PUT with {@code If-Match} updates (412 on a
 *       stale etag, 404 when absent), where both SDKs send {@code *} ({@code "*"} from Node) to force it.
 *   <li>DELETE honours {@code If-Match} (an etag or {@code *}); without one it deletes unconditionally.
 *   <li>GET {@code /devices?top=N} lists up to N devices (default and maximum 1000).
 * </ul>
 *
 * Handlers run on the event loop and hand the work to {@link ServiceCalls}.
 */
final class DeviceResource {
  private final DeviceRegistry registry;
  private final ServiceCalls calls;
  private final RegistryJsonMapper mapper;

  DeviceResource(DeviceRegistry registry, ServiceCalls calls, RegistryJsonMapper mapper) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void get(RoutingContext context) {
    String rawId = context.pathParam("deviceId");
    calls.run(context, requiring(AccessRight.REGISTRY_READ), () -> {
      Device device = registry.getDevice(PathIds.deviceId(rawId));
      return Reply.json(mapper.device(device), device.etag());
    });
  }

  void put(RoutingContext context) {
    String rawId = context.pathParam("deviceId");
    Optional<Etag> ifMatch = ServiceCalls.ifMatch(context);
    byte[] body = ServiceCalls.body(context);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      DeviceSpec spec = mapper.deviceSpec(PathIds.deviceId(rawId), body);
      Device device = ifMatch.isPresent() ? registry.updateDevice(spec, ifMatch.get()) : registry.createDevice(spec);
      return Reply.json(mapper.device(device), device.etag());
    });
  }

  void delete(RoutingContext context) {
    String rawId = context.pathParam("deviceId");
    Etag ifMatch = ServiceCalls.ifMatch(context).orElse(Etag.ANY);
    calls.run(context, requiring(AccessRight.REGISTRY_WRITE), () -> {
      registry.deleteDevice(PathIds.deviceId(rawId), ifMatch);
      return Reply.noContent();
    });
  }

  void list(RoutingContext context) {
    String top = context.queryParams().get("top");
    calls.run(context, requiring(AccessRight.REGISTRY_READ),
        () -> Reply.json(mapper.devices(registry.listDevices(pageSize(top)))));
  }

  private static int pageSize(String top) {
    if (top == null || top.isBlank()) {
      return DeviceRegistry.MAX_PAGE_SIZE;
    }
    try {
      return Integer.parseInt(top.trim());
    } catch (NumberFormatException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The query parameter top must be a whole number, not '"
          + top + "'.");
    }
  }
}
