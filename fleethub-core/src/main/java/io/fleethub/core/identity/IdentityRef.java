package io.fleethub.core.identity;

import java.util.Objects;
import java.util.Optional;

/** Names a device, or one module of a device. */
public record IdentityRef(DeviceId deviceId, Optional<ModuleId> moduleId) {
  public IdentityRef {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(moduleId, "moduleId");
  }

  public static IdentityRef device(DeviceId deviceId) {
    return new IdentityRef(deviceId, Optional.empty());
  }

  public static IdentityRef module(DeviceId deviceId, ModuleId moduleId) {
    return new IdentityRef(deviceId, Optional.of(moduleId));
  }

  public boolean isModule() {
    return moduleId.isPresent();
  }

  /** {@code deviceId} or {@code deviceId/moduleId}, as MQTT client ids and logs write it. */
  @Override
  public String toString() {
    return moduleId.map(m -> deviceId.value() + "/" + m.value()).orElse(deviceId.value());
  }
}
