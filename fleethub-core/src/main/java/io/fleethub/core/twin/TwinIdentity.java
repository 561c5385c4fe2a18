package io.fleethub.core.twin;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.AuthenticationType;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.X509Thumbprint;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a twin shows of the registry record of its device or module. A module has no status of its own: its twin
 * shows it enabled since "never", as IoT Hub's module twins do, and carries no capabilities or scopes.
 *
 * @param etag the identity's own etag, the twin's {@code deviceEtag}
 */
public record TwinIdentity(
    IdentityRef ref,
    String generationId,
    Etag etag,
    DeviceStatus status,
    Optional<String> statusReason,
    Instant statusUpdatedTime,
    Activity activity,
    AuthenticationType authenticationType,
    X509Thumbprint x509Thumbprint,
    Optional<String> modelId,
    boolean iotEdge,
    Optional<String> deviceScope,
    List<String> parentScopes) {

  public TwinIdentity {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusReason, "statusReason");
    Objects.requireNonNull(statusUpdatedTime, "statusUpdatedTime");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(authenticationType, "authenticationType");
    Objects.requireNonNull(x509Thumbprint, "x509Thumbprint");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(deviceScope, "deviceScope");
    parentScopes = List.copyOf(parentScopes);
  }

  public static TwinIdentity of(Device device) {
    return new TwinIdentity(IdentityRef.device(device.id()), device.generationId(), device.etag(), device.status(),
        device.statusReason(), device.statusUpdatedTime(), device.activity(), device.authentication().type(),
        device.authentication().x509Thumbprint(), device.modelId(), device.iotEdge(), device.deviceScope(),
        device.parentScopes());
  }

  public static TwinIdentity of(Module module) {
    return new TwinIdentity(module.ref(), module.generationId(), module.etag(), DeviceStatus.ENABLED,
        Optional.empty(), Activity.NEVER, module.activity(), module.authentication().type(),
        module.authentication().x509Thumbprint(), module.modelId(), false, Optional.empty(), List.of());
  }
}
