package io.fleethub.core.registry;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.ModuleId;
import java.util.Objects;
import java.util.Optional;

/** What a caller sets when creating or updating a module; the registry fills in the rest. */
public record ModuleSpec(DeviceId deviceId, ModuleId id, Optional<String> managedBy, Authentication authentication) {
  public ModuleSpec {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(managedBy, "managedBy");
    Objects.requireNonNull(authentication, "authentication");
  }

  /** A module with generated SAS keys. */
  public static ModuleSpec withGeneratedKeys(DeviceId deviceId, ModuleId id) {
    return new ModuleSpec(deviceId, id, Optional.empty(), Authentication.generatedSas());
  }
}
