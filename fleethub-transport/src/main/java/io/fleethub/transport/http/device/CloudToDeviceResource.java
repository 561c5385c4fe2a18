package io.fleethub.transport.http.device;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Etag;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's (or module's) cloud-to-device queue over HTTPS, which devices poll:
 *
 * <ul>
 *   <li>{@code GET .../messages/devicebound}: 204 when nothing is deliverable; otherwise 200 with the oldest
 *       deliverable message, locked for {@link CloudToDeviceService#LOCK_DURATION} (IoT Hub's lock is fixed, so the
 *       Java SDK's {@code iothub-messagelocktimeout} is ignored), its body and {@link DeviceboundHeaders};
 *   <li>{@code DELETE .../messages/devicebound/{lockToken}}: completes the message, or rejects it (dead-letters it,
 *       with Rejected feedback if its sender asked) when the query has a {@code reject} key, in either form the
 *       SDKs send: Node's {@code &reject} and Java's {@code &%3Freject=true} (a key of {@code ?reject});
 *   <li>{@code POST .../messages/devicebound/{lockToken}/abandon}: puts it back in the queue, one delivery more
 *       (dead-lettered at the hub's maximum delivery count).
 * </ul>
 *
 * Settling answers 204, or 412 DeviceMessageLockLost when the token locks no message of the identity (settled
 * already, lock expired, unknown token), or 412 PreconditionFailed when an {@code If-Match} header names another
 * lock token than the path. Every queue call runs on the device's lane. Handlers run on the event loop.
 */
final class CloudToDeviceResource {
  private final CloudToDeviceService cloudToDevice;
  private final DeviceCalls calls;

  CloudToDeviceResource(CloudToDeviceService cloudToDevice, DeviceCalls calls) {
    this.cloudToDevice = Objects.requireNonNull(cloudToDevice, "cloudToDevice");
    this.calls = Objects.requireNonNull(calls, "calls");
  }

  void receive(RoutingContext context) {
    calls.run(context, principal -> {
      IdentityRef identity = principal.identity();
      return calls.onLane(identity.deviceId(), () -> cloudToDevice.receive(identity))
          .thenApply(received -> received.map(CloudToDeviceResource::reply).orElseGet(DeviceReply::noContent));
    });
  }

  /** DELETE: complete, or reject when the query asks. */
  void settle(RoutingContext context) {
    String rawToken = context.pathParam(DeviceApi.LOCK_TOKEN);
    Optional<String> ifMatch = Optional.ofNullable(context.request().getHeader("If-Match"));
    boolean reject = context.queryParams().names().stream().anyMatch(CloudToDeviceResource::isRejectKey);
    calls.run(context, principal -> {
      IdentityRef identity = principal.identity();
      LockToken token = lockToken(rawToken, ifMatch);
      return calls.onLane(identity.deviceId(), () -> {
        if (reject) {
          cloudToDevice.reject(identity, token);
        } else {
          cloudToDevice.complete(identity, token);
        }
        return DeviceReply.noContent();
      });
    });
  }

  void abandon(RoutingContext context) {
    String rawToken = context.pathParam(DeviceApi.LOCK_TOKEN);
    Optional<String> ifMatch = Optional.ofNullable(context.request().getHeader("If-Match"));
    calls.run(context, principal -> {
      IdentityRef identity = principal.identity();
      LockToken token = lockToken(rawToken, ifMatch);
      return calls.onLane(identity.deviceId(), () -> {
        cloudToDevice.abandon(identity, token);
        return DeviceReply.noContent();
      });
    });
  }

  /** {@code reject}, or {@code ?reject} as the Java SDK's encoded key decodes, in any case. */
  static boolean isRejectKey(String key) {
    String name = key.startsWith("?") ? key.substring(1) : key;
    return name.trim().equalsIgnoreCase("reject");
  }

  private static LockToken lockToken(String rawToken, Optional<String> ifMatch) {
    String value = Etag.parse(rawToken).value();
    if (value.isBlank()) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The lock token in the request path is empty.");
    }
    Optional<String> precondition = ifMatch.filter(header -> !header.isBlank()).map(h -> Etag.parse(h).value());
    if (precondition.isPresent() && !precondition.get().equals(value) && !precondition.get().equals("*")) {
      throw new HubException(ErrorCode.PRECONDITION_FAILED, "The If-Match header names lock token '"
          + precondition.get() + "', but the path names '" + value + "'.");
    }
    return new LockToken(value);
  }

  private static DeviceReply reply(CloudToDeviceMessage message) {
    MessageLock lock = message.lock()
        .orElseThrow(() -> new IllegalStateException("a received message carries its lock"));
    return DeviceReply.ok(DeviceboundHeaders.of(message, lock), message.body());
  }
}
