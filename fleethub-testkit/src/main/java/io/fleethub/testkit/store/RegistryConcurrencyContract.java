package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.RegistryExamples.changed;
import static io.fleethub.testkit.store.RegistryExamples.device;
import static io.fleethub.testkit.store.RegistryExamples.module;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Module;
import io.fleethub.core.registry.RegistryStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The concurrency part of {@link RegistryStoreContract}: writers racing on the same rows from several threads.
 * Each race runs for several rounds so that the contenders really overlap on at least some of them.
 */
public interface RegistryConcurrencyContract {
  int ROUNDS = 20;
  int CONTENDERS = 4;

  /** A new, empty store. Called once per test. */
  RegistryStore newStore();

  @Test
  default void racingReplacesOfTheSameVersionHaveExactlyOneWinner() {
    RegistryStore store = newStore();
    store.insertDevice(device("contested"));
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        Device current = store.findDevice(DeviceId.of("contested")).orElseThrow();
        List<Device> proposals = IntStream.range(0, CONTENDERS).mapToObj(i -> proposal(current, i)).toList();

        List<Boolean> won = race.run(i -> store.replaceDevice(proposals.get(i), current.version()));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        Device winner = proposals.get(won.indexOf(true));
        assertThat(store.findDevice(current.id())).contains(winner.withActivity(Activity.NONE));
      }
    }
  }

  @Test
  default void racingInsertsOfOneIdHaveExactlyOneWinner() {
    RegistryStore store = newStore();
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        String id = "newcomer-" + round;

        List<Boolean> won = race.run(i -> store.insertDevice(device(id)));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
      }
    }
    assertThat(store.statistics().totalDeviceCount()).isEqualTo(ROUNDS);
  }

  @Test
  default void racingDeleteAndReplaceOfTheSameVersionHaveExactlyOneWinner() {
    RegistryStore store = newStore();
    try (Race race = new Race(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        Device device = device("delete-or-replace-" + round);
        store.insertDevice(device);

        List<Boolean> won = race.run(i -> i == 0
            ? store.deleteDevice(device.id(), Optional.of(device.version()))
            : store.replaceDevice(changed(device), device.version()));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        Optional<Device> left = store.findDevice(device.id());
        if (won.get(0)) {
          assertThat(left).isEmpty();
        } else {
          assertThat(left.orElseThrow().version()).isEqualTo(device.version() + 1);
        }
      }
    }
  }

  @Test
  default void activityRecordedWhileReplacingIsKept() {
    RegistryStore store = newStore();
    Device device = device("observed");
    store.insertDevice(device);
    IdentityRef ref = IdentityRef.device(device.id());
    try (Race race = new Race(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        Device current = store.findDevice(device.id()).orElseThrow();
        ConnectionState state = round % 2 == 0 ? ConnectionState.CONNECTED : ConnectionState.DISCONNECTED;
        Instant at = RegistryExamples.CREATED.plusSeconds(round);

        race.run(i -> i == 0
            ? record(store, ref, state, at)
            : store.replaceDevice(changed(current), current.version()));

        Device after = store.findDevice(device.id()).orElseThrow();
        assertThat(after.version()).as("round %d", round).isEqualTo(current.version() + 1);
        assertThat(after.activity().connectionState()).as("round %d", round).isEqualTo(state);
        assertThat(after.activity().connectionStateUpdatedTime()).as("round %d", round).isEqualTo(at);
      }
    }
  }

  @Test
  default void moduleInsertedWhileItsDeviceIsDeletedIsNotLeftBehind() {
    RegistryStore store = newStore();
    try (Race race = new Race(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        Device device = device("short-lived-" + round);
        Module module = module(device.id().value(), "late");
        store.insertDevice(device);

        race.run(i -> i == 0
            ? store.deleteDevice(device.id(), Optional.empty())
            : store.insertModule(module));

        assertThat(store.findDevice(device.id())).as("round %d", round).isEmpty();
        assertThat(store.findModule(module.deviceId(), module.id())).as("round %d", round).isEmpty();
        assertThat(store.listModules(device.id())).as("round %d", round).isEmpty();
      }
    }
    assertThat(store.insertModule(module("short-lived-0", "late"))).isFalse();
  }

  private static Device proposal(Device current, int writer) {
    Device changed = changed(current);
    return new Device(changed.id(), changed.generationId(), changed.version(), changed.status(),
        Optional.of("written by contender " + writer), changed.statusUpdatedTime(), changed.authentication(),
        changed.iotEdge(), changed.deviceScope(), changed.parentScopes(), changed.modelId(), changed.activity());
  }

  private static boolean record(RegistryStore store, IdentityRef ref, ConnectionState state, Instant at) {
    store.recordConnectionState(ref, state, at);
    return true;
  }
}
