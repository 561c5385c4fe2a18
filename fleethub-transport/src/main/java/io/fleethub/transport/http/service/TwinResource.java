package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.twin.ServiceTwin;
import io.fleethub.core.twin.TwinService;
import io.fleethub.core.twin.TwinUpdate;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code /twins/{id}} and {@code /twins/{id}/modules/{mid}}: device and module twins as the back end reads and
 * writes them.
 *
 * <ul>
 *   <li>GET reads the twin; PATCH merges {@code tags} and {@code properties.desired} into it ({@code null} members
 *       delete); PUT replaces them. Each answers 200 with the whole twin and its etag in the {@code ETag} header.
 *   <li>PATCH and PUT honour {@code If-Match} (the twin's etag, quoted or not, or {@code *}); without one they apply
 *       unconditionally. A stale etag is refused with 412 PreconditionFailed, which the Java SDK raises as
 *       {@code IotHubPreconditionFailedException}.
 *   <li>Every operation needs ServiceConnect: IoT Hub's developer guide (device twins, back-end operations) lists
 *       reading, updating and replacing twins as ServiceConnect operations, and its access control article grants
 *       twin access with ServiceConnect rather than RegistryRead or RegistryWrite.
 * </ul>
 *
 * The twin service refuses unknown identities (404 DeviceNotFound or ModuleNotFound) and content outside IoT Hub's
 * limits (400 ArgumentInvalid). The work runs on the device's lane, where the core serialises a twin's writes so
 * that its desired-property notifications leave in version order. Handlers run on the event loop.
 */
final class TwinResource {
  private final TwinService twins;
  private final ServiceCalls calls;
  private final TwinJsonMapper mapper;

  TwinResource(TwinService twins, ServiceCalls calls, TwinJsonMapper mapper) {
    this.twins = Objects.requireNonNull(twins, "twins");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void get(RoutingContext context) {
    String rawDeviceId = context.pathParam("deviceId");
    String rawModuleId = context.pathParam("moduleId");
    calls.runAsync(context, requiring(AccessRight.SERVICE_CONNECT), () -> {
      IdentityRef identity = PathIds.identity(rawDeviceId, rawModuleId);
      return calls.onLane(identity.deviceId(), () -> reply(twins.get(identity)));
    });
  }

  void patch(RoutingContext context) {
    write(context, (identity, update, ifMatch) -> twins.update(identity, update, ifMatch));
  }

  void replace(RoutingContext context) {
    write(context, (identity, update, ifMatch) -> twins.replace(identity, update, ifMatch));
  }

  @FunctionalInterface
  private interface TwinWrite {
    ServiceTwin apply(IdentityRef identity, TwinUpdate update, Etag ifMatch);
  }

  private void write(RoutingContext context, TwinWrite write) {
    String rawDeviceId = context.pathParam("deviceId");
    String rawModuleId = context.pathParam("moduleId");
    Etag ifMatch = ServiceCalls.ifMatch(context).orElse(Etag.ANY);
    byte[] body = ServiceCalls.body(context);
    calls.runAsync(context, requiring(AccessRight.SERVICE_CONNECT), () -> {
      IdentityRef identity = PathIds.identity(rawDeviceId, rawModuleId);
      TwinUpdate update = mapper.update(identity, body);
      return calls.onLane(identity.deviceId(), () -> reply(write.apply(identity, update, ifMatch)));
    });
  }

  private Reply reply(ServiceTwin twin) {
    return Reply.json(mapper.twin(twin), twin.twin().etag());
  }
}
