package io.fleethub.core.twin;

import io.fleethub.core.memory.InMemoryRegistryStore;
import io.fleethub.core.TestClock;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.TestIdentities;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A twin service over fake stores, with a device {@link #DEVICE} and its module {@link #MODULE} registered, and
 * every desired-property change recorded in {@link #notified}.
 */
final class TwinFixture {
  static final Instant START = Instant.parse("2026-04-05T06:07:08.123456789Z");
  static final String START_TEXT = "2026-04-05T06:07:08.1234567Z";
  static final DeviceId DEVICE_ID = DeviceId.of("thermostat");
  static final IdentityRef DEVICE = IdentityRef.device(DEVICE_ID);
  static final IdentityRef MODULE = IdentityRef.module(DEVICE_ID, ModuleId.of("sensor"));

  final TestClock clock = new TestClock(START);
  final InMemoryRegistryStore registry = new InMemoryRegistryStore();
  final FakeTwinStore store = new FakeTwinStore();
  final List<DesiredPropertiesChange> notified = new ArrayList<>();
  final TwinService twins = new TwinService(store, registry, clock, notified::add);

  TwinFixture() {
    registry.insertDevice(device("generation-1"));
    registry.insertModule(TestIdentities.module(DEVICE_ID.value(), "sensor", "module-generation-1",
        Authentication.none()));
  }

  static Device device(String generationId) {
    return TestIdentities.device(DEVICE_ID.value(), generationId, DeviceStatus.ENABLED,
        Authentication.certificateAuthority());
  }

  /** Deletes the device and registers it again under the same id, as a new identity. */
  void recreateDevice() {
    registry.deleteDevice(DEVICE_ID, Optional.empty());
    registry.insertDevice(device("generation-2"));
  }

  Module module() {
    return registry.findModule(DEVICE_ID, MODULE.moduleId().orElseThrow()).orElseThrow();
  }

  Twin stored(IdentityRef identity) {
    return store.find(identity).orElseThrow();
  }
}
