package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.ServiceCalls.requiring;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.identity.IdentityRef;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * {@code DELETE /devices/{id}/commands} and {@code DELETE /devices/{id}/modules/{mid}/commands}: purges the
 * cloud-to-device queue of a device or module (locked messages too, each with Purged feedback) and answers 200 with
 * how many messages it held (see {@link CloudToDeviceJsonMapper}); 404 DeviceNotFound or ModuleNotFound for an
 * unknown identity. Needs ServiceConnect, IoT Hub's permission for sending cloud-to-device messages. The purge runs
 * on the device's lane, where the core serialises changes to a device's queue. Handlers run on the event loop.
 */
final class CloudToDeviceQueueResource {
  private final CloudToDeviceService cloudToDevice;
  private final ServiceCalls calls;
  private final CloudToDeviceJsonMapper mapper;

  CloudToDeviceQueueResource(CloudToDeviceService cloudToDevice, ServiceCalls calls, CloudToDeviceJsonMapper mapper) {
    this.cloudToDevice = Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  void purge(RoutingContext context) {
    String rawDeviceId = context.pathParam("deviceId");
    String rawModuleId = context.pathParam("moduleId");
    calls.runAsync(context, requiring(AccessRight.SERVICE_CONNECT), () -> {
      IdentityRef identity = PathIds.identity(rawDeviceId, rawModuleId);
      return calls.onLane(identity.deviceId(),
          () -> Reply.json(mapper.purgeResult(identity, cloudToDevice.purge(identity))));
    });
  }
}
