package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.RegistryExamples.asInserted;
import static io.fleethub.testkit.store.RegistryExamples.bareModule;
import static io.fleethub.testkit.store.RegistryExamples.changed;
import static io.fleethub.testkit.store.RegistryExamples.device;
import static io.fleethub.testkit.store.RegistryExamples.module;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.RegistryStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The module half of {@link RegistryStoreContract}. */
public interface ModuleRecordsContract {

  /** A new, empty store. Called once per test. */
  RegistryStore newStore();

  @Test
  default void insertedModuleIsFoundWithEveryFieldButItsActivity() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module module = module("edge", "temperature");

    boolean inserted = store.insertModule(module);

    assertThat(inserted).isTrue();
    assertThat(store.findModule(module.deviceId(), module.id())).contains(asInserted(module));
  }

  @Test
  default void insertedModuleWithoutOptionalFieldsIsFoundWithoutThem() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    List<Authentication> authentications = RegistryExamples.everyAuthentication();

    for (int i = 0; i < authentications.size(); i++) {
      store.insertModule(bareModule("edge", "module-" + i, authentications.get(i)));
    }

    for (int i = 0; i < authentications.size(); i++) {
      assertThat(store.findModule(DeviceId.of("edge"), ModuleId.of("module-" + i)))
          .contains(bareModule("edge", "module-" + i, authentications.get(i)));
    }
  }

  @Test
  default void insertModuleOfAnUnknownDeviceReturnsFalseAndCreatesNothing() {
    RegistryStore store = newStore();
    Module orphan = module("missing", "orphan");

    boolean inserted = store.insertModule(orphan);

    assertThat(inserted).isFalse();
    assertThat(store.findModule(orphan.deviceId(), orphan.id())).isEmpty();
    assertThat(store.findDevice(orphan.deviceId())).isEmpty();
  }

  @Test
  default void insertingAnExistingModuleReturnsFalseAndKeepsTheStoredModule() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module original = module("edge", "twice");
    store.insertModule(original);

    boolean inserted = store.insertModule(changed(original));

    assertThat(inserted).isFalse();
    assertThat(store.findModule(original.deviceId(), original.id())).contains(asInserted(original));
  }

  @Test
  default void sameModuleIdOnTwoDevicesNamesTwoModules() {
    RegistryStore store = newStore();
    store.insertDevice(device("left"));
    store.insertDevice(device("right"));
    Module onLeft = module("left", "shared");
    Module onRight = bareModule("right", "shared", Authentication.none());

    store.insertModule(onLeft);
    boolean inserted = store.insertModule(onRight);

    assertThat(inserted).isTrue();
    assertThat(store.findModule(onLeft.deviceId(), onLeft.id())).contains(asInserted(onLeft));
    assertThat(store.findModule(onRight.deviceId(), onRight.id())).contains(onRight);
  }

  @Test
  default void findingAModuleOfAnUnknownDeviceOrModuleReturnsEmpty() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));

    assertThat(store.findModule(DeviceId.of("edge"), ModuleId.of("nothing"))).isEmpty();
    assertThat(store.findModule(DeviceId.of("nobody"), ModuleId.of("nothing"))).isEmpty();
  }

  @Test
  default void replaceModuleWithMatchingVersionStoresEveryChangedField() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module original = module("edge", "replaced");
    store.insertModule(original);
    Module update = changed(original);

    boolean replaced = store.replaceModule(update, original.version());

    assertThat(replaced).isTrue();
    assertThat(store.findModule(original.deviceId(), original.id())).contains(asInserted(update));
  }

  @Test
  default void replaceModuleWithStaleVersionChangesNothing() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module original = module("edge", "stale");
    store.insertModule(original);
    Module current = changed(original);
    store.replaceModule(current, original.version());

    boolean replaced = store.replaceModule(changed(original), original.version());

    assertThat(replaced).isFalse();
    assertThat(store.findModule(original.deviceId(), original.id())).contains(asInserted(current));
  }

  @Test
  default void replaceOfAnUnknownModuleReturnsFalseAndCreatesNothing() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module ghost = module("edge", "ghost");

    boolean replaced = store.replaceModule(changed(ghost), ghost.version());

    assertThat(replaced).isFalse();
    assertThat(store.findModule(ghost.deviceId(), ghost.id())).isEmpty();
  }

  @Test
  default void replaceModuleKeepsTheStoredActivity() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module original = module("edge", "active");
    store.insertModule(original);
    store.recordConnectionState(original.ref(), ConnectionState.CONNECTED, RegistryExamples.CREATED);
    store.recordActivity(original.ref(), RegistryExamples.LATER);

    store.replaceModule(changed(original), original.version());

    assertThat(store.findModule(original.deviceId(), original.id()).orElseThrow().activity())
        .isEqualTo(new Activity(ConnectionState.CONNECTED, RegistryExamples.CREATED, RegistryExamples.LATER, 0));
  }

  @Test
  default void deleteModuleWithOrWithoutMatchingVersionRemovesIt() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module versioned = module("edge", "versioned");
    Module unversioned = module("edge", "unversioned");
    store.insertModule(versioned);
    store.insertModule(unversioned);

    boolean deletedVersioned = store.deleteModule(versioned.deviceId(), versioned.id(), Optional.of(1L));
    boolean deletedUnversioned = store.deleteModule(unversioned.deviceId(), unversioned.id(), Optional.empty());

    assertThat(deletedVersioned).isTrue();
    assertThat(deletedUnversioned).isTrue();
    assertThat(store.listModules(DeviceId.of("edge"))).isEmpty();
    assertThat(store.findDevice(DeviceId.of("edge"))).isPresent();
  }

  @Test
  default void deleteModuleWithStaleVersionChangesNothing() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    Module original = module("edge", "survivor");
    store.insertModule(original);
    store.replaceModule(changed(original), original.version());

    boolean deleted = store.deleteModule(original.deviceId(), original.id(), Optional.of(original.version()));

    assertThat(deleted).isFalse();
    assertThat(store.findModule(original.deviceId(), original.id())).isPresent();
  }

  @Test
  default void deleteOfAnUnknownModuleReturnsFalse() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));

    assertThat(store.deleteModule(DeviceId.of("edge"), ModuleId.of("nothing"), Optional.empty())).isFalse();
    assertThat(store.deleteModule(DeviceId.of("nobody"), ModuleId.of("nothing"), Optional.of(1L))).isFalse();
  }

  @Test
  default void deletingADeviceRemovesItsModulesAndOnlyThose() {
    RegistryStore store = newStore();
    store.insertDevice(device("doomed"));
    store.insertDevice(device("neighbour"));
    store.insertModule(module("doomed", "a"));
    store.insertModule(module("doomed", "b"));
    store.insertModule(module("neighbour", "a"));

    store.deleteDevice(DeviceId.of("doomed"), Optional.empty());

    assertThat(store.findModule(DeviceId.of("doomed"), ModuleId.of("a"))).isEmpty();
    assertThat(store.listModules(DeviceId.of("doomed"))).isEmpty();
    assertThat(store.listModules(DeviceId.of("neighbour"))).hasSize(1);
    store.insertDevice(device("doomed"));
    assertThat(store.listModules(DeviceId.of("doomed"))).isEmpty();
  }

  @Test
  default void listModulesReturnsTheDevicesModulesInAscendingIdOrder() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    store.insertDevice(device("other"));
    List<String> ids = List.of("b", "$edgeHub", "B", "a", "$edgeAgent", "a1");
    ids.forEach(id -> store.insertModule(module("edge", id)));
    store.insertModule(module("other", "c"));

    List<Module> listed = store.listModules(DeviceId.of("edge"));

    assertThat(listed).extracting(m -> m.id().value())
        .containsExactly("$edgeAgent", "$edgeHub", "B", "a", "a1", "b");
    assertThat(listed).allMatch(m -> m.equals(asInserted(module("edge", m.id().value()))));
  }

  @Test
  default void listModulesOfAnUnknownDeviceOrOneWithoutModulesIsEmpty() {
    RegistryStore store = newStore();
    store.insertDevice(device("lonely"));

    assertThat(store.listModules(DeviceId.of("lonely"))).isEmpty();
    assertThat(store.listModules(DeviceId.of("nobody"))).isEmpty();
  }

  @Test
  default void modulesAreNotListedAsDevices() {
    RegistryStore store = newStore();
    store.insertDevice(device("edge"));
    store.insertModule(module("edge", "sensor"));

    assertThat(store.listDevices(Optional.empty(), 10)).extracting(d -> d.id().value()).containsExactly("edge");
    assertThat(store.findDevice(DeviceId.of("sensor"))).isEmpty();
    assertThat(store.findModule(DeviceId.of("edge"), ModuleId.of("sensor")).orElseThrow().ref())
        .isEqualTo(IdentityRef.module(DeviceId.of("edge"), ModuleId.of("sensor")));
  }
}
