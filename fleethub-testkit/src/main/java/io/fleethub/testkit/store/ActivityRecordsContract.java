package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.RegistryExamples.CREATED;
import static io.fleethub.testkit.store.RegistryExamples.LATER;
import static io.fleethub.testkit.store.RegistryExamples.asInserted;
import static io.fleethub.testkit.store.RegistryExamples.device;
import static io.fleethub.testkit.store.RegistryExamples.module;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.RegistryStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The run-time observations part of {@link RegistryStoreContract}: connection state, last activity, model id,
 * cloud-to-device queue depth.
 */
public interface ActivityRecordsContract {

  /** A new, empty store. Called once per test. */
  RegistryStore newStore();

  @Test
  default void insertedIdentitiesStartWithNoActivity() {
    RegistryStore store = newStore();
    store.insertDevice(device("fresh"));
    store.insertModule(module("fresh", "fresh-module"));

    assertThat(store.findDevice(DeviceId.of("fresh")).orElseThrow().activity()).isEqualTo(Activity.NONE);
    assertThat(store.findModule(DeviceId.of("fresh"), ModuleId.of("fresh-module")).orElseThrow().activity())
        .isEqualTo(Activity.NONE);
  }

  @Test
  default void recordConnectionStateChangesStateAndTimeButNotVersion() {
    RegistryStore store = newStore();
    Device device = device("connecting");
    store.insertDevice(device);
    IdentityRef ref = IdentityRef.device(device.id());

    store.recordConnectionState(ref, ConnectionState.CONNECTED, CREATED);

    Device found = store.findDevice(device.id()).orElseThrow();
    assertThat(found.activity()).isEqualTo(new Activity(ConnectionState.CONNECTED, CREATED, Activity.NEVER, 0));
    assertThat(found.version()).isEqualTo(device.version());
    assertThat(found.withActivity(Activity.NONE)).isEqualTo(asInserted(device));
  }

  @Test
  default void recordActivityChangesLastActivityButNotVersionOrConnectionState() {
    RegistryStore store = newStore();
    Device device = device("busy");
    store.insertDevice(device);
    IdentityRef ref = IdentityRef.device(device.id());
    store.recordConnectionState(ref, ConnectionState.CONNECTED, CREATED);

    store.recordActivity(ref, LATER);

    Device found = store.findDevice(device.id()).orElseThrow();
    assertThat(found.activity()).isEqualTo(new Activity(ConnectionState.CONNECTED, CREATED, LATER, 0));
    assertThat(found.version()).isEqualTo(device.version());
  }

  @Test
  default void recordCloudToDeviceMessageCountChangesOnlyTheCountOfThatIdentity() {
    RegistryStore store = newStore();
    Device device = device("queued");
    Module module = module("queued", "queued-module");
    store.insertDevice(device);
    store.insertModule(module);
    IdentityRef ref = IdentityRef.device(device.id());
    store.recordConnectionState(ref, ConnectionState.CONNECTED, CREATED);
    store.recordActivity(ref, LATER);

    store.recordCloudToDeviceMessageCount(ref, 7);
    store.recordCloudToDeviceMessageCount(module.ref(), 3);
    store.recordCloudToDeviceMessageCount(IdentityRef.device(DeviceId.of("nobody")), 5);

    Device found = store.findDevice(device.id()).orElseThrow();
    Module foundModule = store.findModule(module.deviceId(), module.id()).orElseThrow();
    assertThat(found.activity()).isEqualTo(new Activity(ConnectionState.CONNECTED, CREATED, LATER, 7));
    assertThat(found.version()).isEqualTo(device.version());
    assertThat(foundModule.activity()).isEqualTo(new Activity(ConnectionState.DISCONNECTED, Activity.NEVER,
        Activity.NEVER, 3));
    assertThat(foundModule.version()).isEqualTo(module.version());
    assertThat(store.findDevice(DeviceId.of("nobody"))).isEmpty();
  }

  @Test
  default void recordModelIdIsReadBackForDevicesAndModulesWithoutChangingVersions() {
    RegistryStore store = newStore();
    Device device = device("announcing");
    Module module = module("announcing", "announcing-module");
    store.insertDevice(device);
    store.insertModule(module);

    store.recordModelId(IdentityRef.device(device.id()), "dtmi:com:example:Thermostat;1");
    store.recordModelId(module.ref(), "dtmi:com:example:Filter;2");

    Device foundDevice = store.findDevice(device.id()).orElseThrow();
    Module foundModule = store.findModule(module.deviceId(), module.id()).orElseThrow();
    assertThat(foundDevice.modelId()).contains("dtmi:com:example:Thermostat;1");
    assertThat(foundDevice.version()).isEqualTo(device.version());
    assertThat(foundModule.modelId()).contains("dtmi:com:example:Filter;2");
    assertThat(foundModule.version()).isEqualTo(module.version());
  }

  @Test
  default void recordModelIdReplacesTheEarlierOneAndIgnoresUnknownIdentities() {
    RegistryStore store = newStore();
    Device device = device("reannouncing");
    store.insertDevice(device);
    IdentityRef ref = IdentityRef.device(device.id());

    store.recordModelId(ref, "dtmi:com:example:Thermostat;1");
    store.recordModelId(ref, "dtmi:com:example:Thermostat;2");
    store.recordModelId(IdentityRef.device(DeviceId.of("nobody")), "dtmi:com:example:Other;1");

    assertThat(store.findDevice(device.id()).orElseThrow().modelId()).contains("dtmi:com:example:Thermostat;2");
    assertThat(store.findDevice(DeviceId.of("nobody"))).isEmpty();
  }

  @Test
  default void disconnectKeepsLastActivity() {
    RegistryStore store = newStore();
    Device device = device("leaving");
    store.insertDevice(device);
    IdentityRef ref = IdentityRef.device(device.id());
    store.recordConnectionState(ref, ConnectionState.CONNECTED, CREATED);
    store.recordActivity(ref, LATER);

    store.recordConnectionState(ref, ConnectionState.DISCONNECTED, LATER.plusSeconds(1));

    assertThat(store.findDevice(device.id()).orElseThrow().activity())
        .isEqualTo(new Activity(ConnectionState.DISCONNECTED, LATER.plusSeconds(1), LATER, 0));
  }

  @Test
  default void recordingForAnUnknownDeviceIsIgnored() {
    RegistryStore store = newStore();
    IdentityRef ghost = IdentityRef.device(DeviceId.of("ghost"));

    store.recordConnectionState(ghost, ConnectionState.CONNECTED, CREATED);
    store.recordActivity(ghost, LATER);

    assertThat(store.findDevice(ghost.deviceId())).isEmpty();
    assertThat(store.connectedDeviceCount()).isZero();
  }

  @Test
  default void recordingForAModuleChangesThatModuleOnly() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module recorded = module("edge", "recorded");
    Module untouched = module("edge", "untouched");
    store.insertModule(recorded);
    store.insertModule(untouched);

    store.recordConnectionState(recorded.ref(), ConnectionState.CONNECTED, CREATED);
    store.recordActivity(recorded.ref(), LATER);

    Module found = store.findModule(recorded.deviceId(), recorded.id()).orElseThrow();
    assertThat(found.activity()).isEqualTo(new Activity(ConnectionState.CONNECTED, CREATED, LATER, 0));
    assertThat(found.version()).isEqualTo(recorded.version());
    assertThat(store.findModule(untouched.deviceId(), untouched.id()).orElseThrow().activity())
        .isEqualTo(Activity.NONE);
    assertThat(store.findDevice(DeviceId.of("edge")).orElseThrow().activity()).isEqualTo(Activity.NONE);
  }

  @Test
  default void recordingForAnUnknownModuleOfAKnownDeviceIsIgnored() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    IdentityRef ghost = IdentityRef.module(DeviceId.of("edge"), ModuleId.of("ghost"));

    store.recordConnectionState(ghost, ConnectionState.CONNECTED, CREATED);
    store.recordActivity(ghost, LATER);

    assertThat(store.findModule(ghost.deviceId(), ghost.moduleId().orElseThrow())).isEmpty();
    assertThat(store.findDevice(DeviceId.of("edge")).orElseThrow().activity()).isEqualTo(Activity.NONE);
    assertThat(store.connectedDeviceCount()).isZero();
  }

  @Test
  default void connectedDeviceCountCountsConnectedDevicesButNotModules() {
    RegistryStore store = newStore();
    for (String id : new String[] {"on-1", "on-2", "gone", "never"}) {
      store.insertDevice(device(id));
    }
    store.insertModule(module("never", "module"));
    record(store, "on-1", ConnectionState.CONNECTED);
    record(store, "on-2", ConnectionState.CONNECTED);
    record(store, "gone", ConnectionState.CONNECTED);
    record(store, "gone", ConnectionState.DISCONNECTED);
    store.recordConnectionState(module("never", "module").ref(), ConnectionState.CONNECTED, CREATED);

    long connected = store.connectedDeviceCount();

    assertThat(connected).isEqualTo(2);
  }

  @Test
  default void deletingAConnectedDeviceLowersTheConnectedCount() {
    RegistryStore store = newStore();
    store.insertDevice(device("connected"));
    record(store, "connected", ConnectionState.CONNECTED);

    store.deleteDevice(DeviceId.of("connected"), Optional.empty());

    assertThat(store.connectedDeviceCount()).isZero();
  }

  private static void record(RegistryStore store, String deviceId, ConnectionState state) {
    store.recordConnectionState(IdentityRef.device(DeviceId.of(deviceId)), state, CREATED);
  }
}
