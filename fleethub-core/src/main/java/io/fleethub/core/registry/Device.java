package io.fleethub.core.registry;

import io.fleethub.core.identity.DeviceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device identity as the registry holds it.
 *
 * @param generationId distinguishes this device from an earlier one deleted under the same id
 * @param version increases on every registry write; the etag is derived from it
 * @param modelId the IoT Plug and Play model id the device announced when it last connected, if any
 * @param activity run-time observations, not changed by registry writes
 */
public record Device(
    DeviceId id,
    String generationId,
    long version,
    DeviceStatus status,
    Optional<String> statusReason,
    Instant statusUpdatedTime,
    Authentication authentication,
    boolean iotEdge,
    Optional<String> deviceScope,
    List<String> parentScopes,
    Optional<String> modelId,
    Activity activity) {

  public Device {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusReason, "statusReason");
    Objects.requireNonNull(statusUpdatedTime, "statusUpdatedTime");
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(deviceScope, "deviceScope");
    parentScopes = List.copyOf(parentScopes);
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(activity, "activity");
  }

  public Etag etag() {
    return Etag.ofVersion(version);
  }

  public Device withActivity(Activity newActivity) {
    return new Device(id, generationId, version, status, statusReason, statusUpdatedTime, authentication, iotEdge,
        deviceScope, parentScopes, modelId, newActivity);
  }
}
