package io.fleethub.core.registry;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import java.util.Objects;
import java.util.Optional;

/**
 * A module identity: a separately authenticated part of a device.
 *
 * @param version increases on every registry write; the etag is derived from it
 * @param activity run-time observations, not changed by registry writes
 */
public record Module(
    DeviceId deviceId,
    ModuleId id,
    String generationId,
    long version,
    Optional<String> managedBy,
    Authentication authentication,
    Optional<String> modelId,
    Activity activity) {

  public Module {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(managedBy, "managedBy");
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(activity, "activity");
  }

  public IdentityRef ref() {
    return IdentityRef.module(deviceId, id);
  }

  public Etag etag() {
    return Etag.ofVersion(version);
  }
}
