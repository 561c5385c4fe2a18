package io.fleethub.core.registry;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.ModuleId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored devices and modules with only the fields a test cares about set; the rest take neutral values. */
public final class TestIdentities {
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

  private TestIdentities() {}

  public static Device device(String id, String generationId, DeviceStatus status, Authentication authentication) {
    return new Device(DeviceId.of(id), generationId, 1, status, Optional.empty(), CREATED, authentication, false,
        Optional.empty(), List.of(), Optional.empty(), Activity.NONE);
  }

  public static Module module(String deviceId, String moduleId, String generationId, Authentication authentication) {
    return new Module(DeviceId.of(deviceId), ModuleId.of(moduleId), generationId, 1, Optional.empty(), authentication,
        Optional.empty(), Activity.NONE);
  }
}
