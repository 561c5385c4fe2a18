package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.RegistryExamples.asInserted;
import static io.fleethub.testkit.store.RegistryExamples.bareDevice;
import static io.fleethub.testkit.store.RegistryExamples.changed;
import static io.fleethub.testkit.store.RegistryExamples.device;
import static io.fleethub.testkit.store.RegistryExamples.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.RegistryStatistics;
import io.fleethub.core.registry.RegistryStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The device half of {@link RegistryStoreContract}: insert, find, replace, delete, list and statistics. */
public interface DeviceRecordsContract {

  /** A new, empty store. Called once per test. */
  RegistryStore newStore();

  @Test
  default void insertedDeviceIsFoundWithEveryFieldButItsActivity() {
    RegistryStore store = newStore();
    Device device = device("thermostat-1");

    boolean inserted = store.insertDevice(device);

    assertThat(inserted).isTrue();
    assertThat(store.findDevice(device.id())).contains(asInserted(device));
  }

  @Test
  default void insertedDeviceWithoutOptionalFieldsIsFoundWithoutThem() {
    RegistryStore store = newStore();
    Device device = bareDevice("bare", Authentication.sas(RegistryExamples.key(7), RegistryExamples.key(8)));

    store.insertDevice(device);

    Device found = store.findDevice(device.id()).orElseThrow();
    assertThat(found).isEqualTo(device);
    assertThat(found.statusReason()).isEmpty();
    assertThat(found.deviceScope()).isEmpty();
    assertThat(found.parentScopes()).isEmpty();
    assertThat(found.modelId()).isEmpty();
  }

  @Test
  default void everyAuthenticationTypeRoundTrips() {
    RegistryStore store = newStore();
    List<Authentication> authentications = RegistryExamples.everyAuthentication();

    for (int i = 0; i < authentications.size(); i++) {
      store.insertDevice(bareDevice("auth-" + i, authentications.get(i)));
    }

    for (int i = 0; i < authentications.size(); i++) {
      assertThat(store.findDevice(DeviceId.of("auth-" + i)).orElseThrow().authentication())
          .isEqualTo(authentications.get(i));
    }
  }

  @Test
  default void instantsRoundTripFromYearOneWithMicroseconds() {
    RegistryStore store = newStore();
    Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999Z");
    Device yearOne = withStatusUpdated(bareDevice("year-one", Authentication.none()), Activity.NEVER);
    Device beforeUnix = withStatusUpdated(bareDevice("before-epoch", Authentication.none()), beforeEpoch);

    store.insertDevice(yearOne);
    store.insertDevice(beforeUnix);
    store.recordConnectionState(IdentityRef.device(beforeUnix.id()), ConnectionState.CONNECTED, beforeEpoch);

    assertThat(store.findDevice(yearOne.id())).contains(yearOne);
    Device found = store.findDevice(beforeUnix.id()).orElseThrow();
    assertThat(found.statusUpdatedTime()).isEqualTo(beforeEpoch);
    assertThat(found.activity().connectionStateUpdatedTime()).isEqualTo(beforeEpoch);
    assertThat(found.activity().lastActivityTime()).isEqualTo(Activity.NEVER);
  }

  @Test
  default void insertingAnExistingIdReturnsFalseAndKeepsTheStoredDevice() {
    RegistryStore store = newStore();
    Device original = device("twice");
    store.insertDevice(original);

    boolean inserted = store.insertDevice(changed(original));

    assertThat(inserted).isFalse();
    assertThat(store.findDevice(original.id())).contains(asInserted(original));
  }

  @Test
  default void deviceIdsAreCaseSensitive() {
    RegistryStore store = newStore();
    Device lower = device("sensor");
    Device upper = bareDevice("SENSOR", Authentication.none());

    boolean lowerInserted = store.insertDevice(lower);
    boolean upperInserted = store.insertDevice(upper);

    assertThat(lowerInserted).isTrue();
    assertThat(upperInserted).isTrue();
    assertThat(store.findDevice(lower.id())).contains(asInserted(lower));
    assertThat(store.findDevice(upper.id())).contains(upper);
    assertThat(store.findDevice(DeviceId.of("Sensor"))).isEmpty();
  }

  @Test
  default void findingAnUnknownDeviceReturnsEmpty() {
    RegistryStore store = newStore();

    assertThat(store.findDevice(DeviceId.of("nobody"))).isEmpty();
  }

  @Test
  default void replaceWithMatchingVersionStoresEveryChangedField() {
    RegistryStore store = newStore();
    Device original = device("replaced");
    store.insertDevice(original);
    Device update = changed(original);

    boolean replaced = store.replaceDevice(update, original.version());

    assertThat(replaced).isTrue();
    assertThat(store.findDevice(original.id())).contains(update.withActivity(Activity.NONE));
  }

  @Test
  default void replaceWithStaleVersionChangesNothing() {
    RegistryStore store = newStore();
    Device original = device("stale");
    store.insertDevice(original);
    store.replaceDevice(changed(original), 1);

    boolean replaced = store.replaceDevice(changed(original), 1);

    assertThat(replaced).isFalse();
    assertThat(store.findDevice(original.id()).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  default void replaceWithAFutureVersionChangesNothing() {
    RegistryStore store = newStore();
    Device original = device("future");
    store.insertDevice(original);

    boolean replaced = store.replaceDevice(changed(original), original.version() + 1);

    assertThat(replaced).isFalse();
    assertThat(store.findDevice(original.id())).contains(asInserted(original));
  }

  @Test
  default void replaceOfAnUnknownDeviceReturnsFalseAndCreatesNothing() {
    RegistryStore store = newStore();
    Device ghost = device("ghost");

    boolean replaced = store.replaceDevice(changed(ghost), ghost.version());

    assertThat(replaced).isFalse();
    assertThat(store.findDevice(ghost.id())).isEmpty();
  }

  @Test
  default void replaceKeepsTheStoredActivity() {
    RegistryStore store = newStore();
    Device original = device("active");
    store.insertDevice(original);
    IdentityRef ref = IdentityRef.device(original.id());
    store.recordConnectionState(ref, ConnectionState.CONNECTED, RegistryExamples.CREATED);
    store.recordActivity(ref, RegistryExamples.LATER);
    Activity recorded = store.findDevice(original.id()).orElseThrow().activity();

    store.replaceDevice(changed(original), original.version());

    assertThat(store.findDevice(original.id()).orElseThrow().activity())
        .isEqualTo(recorded)
        .isEqualTo(new Activity(ConnectionState.CONNECTED, RegistryExamples.CREATED, RegistryExamples.LATER, 0));
  }

  @Test
  default void deleteWithoutExpectedVersionRemovesTheDevice() {
    RegistryStore store = newStore();
    Device device = device("doomed");
    store.insertDevice(device);
    store.replaceDevice(changed(device), device.version());

    boolean deleted = store.deleteDevice(device.id(), Optional.empty());

    assertThat(deleted).isTrue();
    assertThat(store.findDevice(device.id())).isEmpty();
  }

  @Test
  default void deleteWithMatchingVersionRemovesTheDevice() {
    RegistryStore store = newStore();
    Device device = device("doomed");
    store.insertDevice(device);

    boolean deleted = store.deleteDevice(device.id(), Optional.of(device.version()));

    assertThat(deleted).isTrue();
    assertThat(store.findDevice(device.id())).isEmpty();
  }

  @Test
  default void deleteWithStaleVersionChangesNothing() {
    RegistryStore store = newStore();
    Device device = device("survivor");
    store.insertDevice(device);
    store.replaceDevice(changed(device), device.version());

    boolean deleted = store.deleteDevice(device.id(), Optional.of(device.version()));

    assertThat(deleted).isFalse();
    assertThat(store.findDevice(device.id())).isPresent();
  }

  @Test
  default void deleteOfAnUnknownDeviceReturnsFalse() {
    RegistryStore store = newStore();

    assertThat(store.deleteDevice(DeviceId.of("nobody"), Optional.empty())).isFalse();
    assertThat(store.deleteDevice(DeviceId.of("nobody"), Optional.of(1L))).isFalse();
  }

  @Test
  default void deletedIdCanBeInsertedAgain() {
    RegistryStore store = newStore();
    Device first = device("reborn");
    store.insertDevice(first);
    store.deleteDevice(first.id(), Optional.empty());
    Device second = bareDevice("reborn", Authentication.none());

    boolean inserted = store.insertDevice(second);

    assertThat(inserted).isTrue();
    assertThat(store.findDevice(second.id())).contains(second);
  }

  @Test
  default void listReturnsDevicesInAscendingIdOrderByCharacterCode() {
    RegistryStore store = newStore();
    List<String> ids = List.of("b", "A", "a-2", "B", "a", "a_1", "Z9", "0", "$edge", "a.1");
    ids.forEach(id -> store.insertDevice(device(id)));

    List<Device> listed = store.listDevices(Optional.empty(), 100);

    assertThat(listed).extracting(d -> d.id().value())
        .containsExactlyElementsOf(ids.stream().sorted().toList())
        .containsExactly("$edge", "0", "A", "B", "Z9", "a", "a-2", "a.1", "a_1", "b");
    assertThat(listed).allMatch(d -> d.equals(asInserted(device(d.id().value()))));
  }

  @Test
  default void listStartsAfterTheGivenIdWhetherOrNotItExists() {
    RegistryStore store = newStore();
    List.of("d1", "d2", "d3", "d5").forEach(id -> store.insertDevice(device(id)));

    List<Device> afterExisting = store.listDevices(Optional.of(DeviceId.of("d2")), 10);
    List<Device> afterMissing = store.listDevices(Optional.of(DeviceId.of("d4")), 10);
    List<Device> afterLast = store.listDevices(Optional.of(DeviceId.of("d5")), 10);

    assertThat(afterExisting).extracting(d -> d.id().value()).containsExactly("d3", "d5");
    assertThat(afterMissing).extracting(d -> d.id().value()).containsExactly("d5");
    assertThat(afterLast).isEmpty();
  }

  @Test
  default void listReturnsAtMostLimitDevicesAndPagesThroughAll() {
    RegistryStore store = newStore();
    for (int i = 0; i < 7; i++) {
      store.insertDevice(device("page-" + i));
    }

    List<Device> first = store.listDevices(Optional.empty(), 3);
    List<Device> second = store.listDevices(Optional.of(first.get(2).id()), 3);
    List<Device> third = store.listDevices(Optional.of(second.get(2).id()), 3);

    assertThat(first).extracting(d -> d.id().value()).containsExactly("page-0", "page-1", "page-2");
    assertThat(second).extracting(d -> d.id().value()).containsExactly("page-3", "page-4", "page-5");
    assertThat(third).extracting(d -> d.id().value()).containsExactly("page-6");
    assertThat(store.listDevices(Optional.empty(), 0)).isEmpty();
  }

  @Test
  default void listOfAnEmptyStoreIsEmpty() {
    RegistryStore store = newStore();

    assertThat(store.listDevices(Optional.empty(), 10)).isEmpty();
  }

  @Test
  default void statisticsCountEnabledAndDisabledDevicesButNotModules() {
    RegistryStore store = newStore();
    store.insertDevice(device("on-1"));
    store.insertDevice(device("on-2"));
    store.insertDevice(withStatus(device("off-1"), DeviceStatus.DISABLED));
    store.insertModule(RegistryExamples.module("on-1", "module"));
    Device toDisable = device("off-2");
    store.insertDevice(toDisable);
    store.replaceDevice(withStatus(changed(toDisable), DeviceStatus.DISABLED), toDisable.version());

    RegistryStatistics statistics = store.statistics();

    assertThat(statistics).isEqualTo(new RegistryStatistics(4, 2, 2));
  }

  @Test
  default void statisticsOfAnEmptyStoreAreZero() {
    RegistryStore store = newStore();

    assertThat(store.statistics()).isEqualTo(new RegistryStatistics(0, 0, 0));
  }

  private static Device withStatusUpdated(Device device, Instant statusUpdated) {
    return new Device(device.id(), device.generationId(), device.version(), device.status(), device.statusReason(),
        statusUpdated, device.authentication(), device.iotEdge(), device.deviceScope(), device.parentScopes(),
        device.modelId(), device.activity());
  }
}
