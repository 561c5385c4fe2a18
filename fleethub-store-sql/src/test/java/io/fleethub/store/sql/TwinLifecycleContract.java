package io.fleethub.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.Twin;
import io.fleethub.core.twin.TwinStore;
import io.fleethub.testkit.store.RegistryExamples;
import io.fleethub.testkit.store.TwinExamples;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What the SQL twin store promises beyond the twin store contract, in both dialects: a twin's row lives and dies
 * with its device or module row, so a twin never outlives its identity and cannot exist without one.
 */
interface TwinLifecycleContract {

  /** New, empty stores on one database. Called once per test. */
  SqlStores newStores();

  @Test
  default void deletingADeviceDeletesItsTwinAndItsModulesTwins() {
    SqlStores stores = newStores();
    IdentityRef device = registerDevice(stores.registry(), "doomed");
    IdentityRef module = registerModule(stores.registry(), "doomed", "sensor");
    IdentityRef bystander = registerDevice(stores.registry(), "bystander");
    for (IdentityRef identity : new IdentityRef[] {device, module, bystander}) {
      stores.twins().insert(TwinExamples.twin(identity));
    }

    stores.registry().deleteDevice(device.deviceId(), Optional.empty());

    assertThat(stores.twins().find(device)).isEmpty();
    assertThat(stores.twins().find(module)).isEmpty();
    assertThat(stores.twins().find(bystander)).contains(TwinExamples.twin(bystander));
  }

  @Test
  default void deletingAModuleDeletesOnlyItsTwin() {
    SqlStores stores = newStores();
    IdentityRef device = registerDevice(stores.registry(), "edge");
    IdentityRef module = registerModule(stores.registry(), "edge", "sensor");
    stores.twins().insert(TwinExamples.twin(device));
    stores.twins().insert(TwinExamples.twin(module));

    stores.registry().deleteModule(device.deviceId(), module.moduleId().orElseThrow(), Optional.empty());

    assertThat(stores.twins().find(module)).isEmpty();
    assertThat(stores.twins().find(device)).contains(TwinExamples.twin(device));
  }

  @Test
  default void reCreatedDeviceStartsWithoutTheOldTwin() {
    SqlStores stores = newStores();
    IdentityRef device = registerDevice(stores.registry(), "phoenix");
    stores.twins().insert(TwinExamples.twin(device));

    stores.registry().deleteDevice(device.deviceId(), Optional.empty());
    registerDevice(stores.registry(), "phoenix");

    assertThat(stores.twins().find(device)).isEmpty();
  }

  @Test
  default void twinOfAnUnregisteredDeviceOrModuleIsRefused() {
    SqlStores stores = newStores();
    registerDevice(stores.registry(), "known");

    boolean deviceTwin = stores.twins().insert(TwinExamples.twin(TwinExamples.device("unknown")));
    boolean moduleTwin = stores.twins().insert(TwinExamples.twin(TwinExamples.module("known", "unknown")));

    assertThat(deviceTwin).isFalse();
    assertThat(moduleTwin).isFalse();
    assertThat(stores.twins().find(TwinExamples.device("unknown"))).isEmpty();
    assertThat(stores.twins().find(TwinExamples.module("known", "unknown"))).isEmpty();
  }

  @Test
  default void twinInsertedWhileItsDeviceIsDeletedIsNotLeftBehind() throws Exception {
    SqlStores stores = newStores();
    RegistryStore registry = stores.registry();
    TwinStore twins = stores.twins();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        IdentityRef device = registerDevice(registry, "short-lived-" + round);
        Twin twin = TwinExamples.twin(device);

        CompletableFuture<Boolean> deleted = CompletableFuture.supplyAsync(
            () -> registry.deleteDevice(device.deviceId(), Optional.empty()), threads);
        CompletableFuture<Boolean> inserted = CompletableFuture.supplyAsync(() -> twins.insert(twin), threads);
        deleted.get();
        inserted.get();

        assertThat(registry.findDevice(device.deviceId())).as("round %d", round).isEmpty();
        assertThat(twins.find(device)).as("round %d", round).isEmpty();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static IdentityRef registerDevice(RegistryStore registry, String deviceId) {
    registry.insertDevice(RegistryExamples.device(deviceId));
    return TwinExamples.device(deviceId);
  }

  private static IdentityRef registerModule(RegistryStore registry, String deviceId, String moduleId) {
    registry.insertModule(RegistryExamples.module(deviceId, moduleId));
    return TwinExamples.module(deviceId, moduleId);
  }
}
