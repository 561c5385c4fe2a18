package io.fleethub.core.registry;

import io.fleethub.core.identity.DeviceId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a caller sets when creating or updating a device; the registry fills in the rest. */
public record DeviceSpec(
    DeviceId id,
    DeviceStatus status,
    Optional<String> statusReason,
    Authentication authentication,
    boolean iotEdge,
    Optional<String> deviceScope,
    List<String> parentScopes) {

  public DeviceSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusReason, "statusReason");
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(deviceScope, "deviceScope");
    parentScopes = List.copyOf(parentScopes);
  }

  /** An enabled device with generated SAS keys. */
  public static DeviceSpec withGeneratedKeys(DeviceId id) {
    return new DeviceSpec(id, DeviceStatus.ENABLED, Optional.empty(), Authentication.generatedSas(), false,
        Optional.empty(), List.of());
  }
}
