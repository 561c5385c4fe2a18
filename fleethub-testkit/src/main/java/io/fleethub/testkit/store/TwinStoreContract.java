package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.TwinExamples.changed;
import static io.fleethub.testkit.store.TwinExamples.twin;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.Twin;
import io.fleethub.core.twin.TwinStore;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TwinStore} keeps, as JUnit 5 tests. A backend's test class implements this interface
 * and {@link #newBackend()}, which every test calls once, on the test's thread, and which must return empty stores.
 * The tests register each device and module in the registry store before storing its twin, since a store tied to
 * the registry refuses twins of unknown identities. Twins are compared with {@code equals}: every part must
 * round-trip exactly.
 */
public interface TwinStoreContract {
  int ROUNDS = 20;
  int CONTENDERS = 4;

  /** A registry store and a twin store over one backend. */
  record Backend(RegistryStore registry, TwinStore twins) {
    public Backend {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(twins, "twins");
    }
  }

  /** A new, empty backend. Called once per test. */
  Backend newBackend();

  @Test
  default void insertedTwinIsFoundWithEveryPart() {
    Backend backend = newBackend();
    Twin twin = twin(registered(backend, TwinExamples.device("thermostat")));

    boolean inserted = backend.twins().insert(twin);

    assertThat(inserted).isTrue();
    assertThat(backend.twins().find(twin.identity())).contains(twin);
  }

  @Test
  default void twinsAtTheSectionLimitsRoundTrip() {
    Backend backend = newBackend();
    Twin twin = TwinExamples.large(registered(backend, TwinExamples.device("big")));

    backend.twins().insert(twin);

    assertThat(backend.twins().find(twin.identity())).contains(twin);
  }

  @Test
  default void moduleTwinAndDeviceTwinAreDistinct() {
    Backend backend = newBackend();
    IdentityRef device = registered(backend, TwinExamples.device("edge"));
    IdentityRef module = registered(backend, TwinExamples.module("edge", "sensor"));
    Twin deviceTwin = twin(device);
    Twin moduleTwin = changed(twin(module));

    backend.twins().insert(moduleTwin);
    boolean deviceInserted = backend.twins().insert(deviceTwin);

    assertThat(deviceInserted).isTrue();
    assertThat(backend.twins().find(device)).contains(deviceTwin);
    assertThat(backend.twins().find(module)).contains(moduleTwin);
  }

  @Test
  default void sameModuleIdOnTwoDevicesNamesTwoTwins() {
    Backend backend = newBackend();
    IdentityRef left = registered(backend, TwinExamples.module("left", "shared"));
    IdentityRef right = registered(backend, TwinExamples.module("right", "shared"));

    backend.twins().insert(twin(left));
    boolean inserted = backend.twins().insert(changed(twin(right)));

    assertThat(inserted).isTrue();
    assertThat(backend.twins().find(left)).contains(twin(left));
    assertThat(backend.twins().find(right)).contains(changed(twin(right)));
  }

  @Test
  default void idsAreCaseSensitive() {
    Backend backend = newBackend();
    IdentityRef lower = registered(backend, TwinExamples.device("dev"));
    IdentityRef upper = registered(backend, TwinExamples.device("DEV"));

    backend.twins().insert(twin(lower));
    boolean inserted = backend.twins().insert(changed(twin(upper)));

    assertThat(inserted).isTrue();
    assertThat(backend.twins().find(lower)).contains(twin(lower));
    assertThat(backend.twins().find(upper)).contains(changed(twin(upper)));
  }

  @Test
  default void insertingATwinForAnIdentityThatHasOneReturnsFalseAndKeepsTheStoredTwin() {
    Backend backend = newBackend();
    Twin original = twin(registered(backend, TwinExamples.device("twice")));
    backend.twins().insert(original);

    boolean inserted = backend.twins().insert(changed(original));

    assertThat(inserted).isFalse();
    assertThat(backend.twins().find(original.identity())).contains(original);
  }

  @Test
  default void findingTheTwinOfAnIdentityWithoutOneReturnsEmpty() {
    Backend backend = newBackend();
    IdentityRef device = registered(backend, TwinExamples.device("bare"));
    IdentityRef module = registered(backend, TwinExamples.module("bare", "bare-module"));
    backend.twins().insert(twin(device));

    assertThat(backend.twins().find(module)).isEmpty();
    assertThat(backend.twins().find(TwinExamples.device("nobody"))).isEmpty();
    assertThat(backend.twins().find(TwinExamples.module("nobody", "bare-module"))).isEmpty();
  }

  @Test
  default void replaceWithMatchingVersionStoresEveryChangedPart() {
    Backend backend = newBackend();
    Twin original = twin(registered(backend, TwinExamples.module("edge", "replaced")));
    backend.twins().insert(original);
    Twin update = changed(original);

    boolean replaced = backend.twins().replace(update, original.version());

    assertThat(replaced).isTrue();
    assertThat(backend.twins().find(original.identity())).contains(update);
  }

  @Test
  default void replaceMayStoreAnyNewVersion() {
    Backend backend = newBackend();
    Twin original = twin(registered(backend, TwinExamples.device("jump")));
    backend.twins().insert(original);
    Twin jumped = new Twin(original.identity(), "638000000000000099", Long.MAX_VALUE, original.tags(),
        original.desired(), original.reported());

    boolean replaced = backend.twins().replace(jumped, original.version());

    assertThat(replaced).isTrue();
    assertThat(backend.twins().find(original.identity())).contains(jumped);
  }

  @Test
  default void replaceWithStaleOrFutureVersionChangesNothing() {
    Backend backend = newBackend();
    Twin original = twin(registered(backend, TwinExamples.device("stale")));
    backend.twins().insert(original);
    Twin current = changed(original);
    backend.twins().replace(current, original.version());

    boolean staleReplaced = backend.twins().replace(changed(current), original.version());
    boolean futureReplaced = backend.twins().replace(changed(current), current.version() + 1);

    assertThat(staleReplaced).isFalse();
    assertThat(futureReplaced).isFalse();
    assertThat(backend.twins().find(original.identity())).contains(current);
  }

  @Test
  default void replaceOfAMissingTwinReturnsFalseAndCreatesNothing() {
    Backend backend = newBackend();
    Twin ghost = twin(registered(backend, TwinExamples.device("ghost")));

    boolean replaced = backend.twins().replace(changed(ghost), ghost.version());

    assertThat(replaced).isFalse();
    assertThat(backend.twins().find(ghost.identity())).isEmpty();
  }

  @Test
  default void deleteRemovesExactlyTheNamedTwin() {
    Backend backend = newBackend();
    IdentityRef device = registered(backend, TwinExamples.device("edge"));
    IdentityRef module = registered(backend, TwinExamples.module("edge", "sensor"));
    backend.twins().insert(twin(device));
    backend.twins().insert(twin(module));

    boolean deviceTwinDeleted = backend.twins().delete(device);

    assertThat(deviceTwinDeleted).isTrue();
    assertThat(backend.twins().find(device)).isEmpty();
    assertThat(backend.twins().find(module)).contains(twin(module));
    assertThat(backend.twins().delete(module)).isTrue();
    assertThat(backend.twins().find(module)).isEmpty();
  }

  @Test
  default void deletingAMissingTwinReturnsFalse() {
    Backend backend = newBackend();
    IdentityRef device = registered(backend, TwinExamples.device("without-twin"));

    assertThat(backend.twins().delete(device)).isFalse();
    assertThat(backend.twins().delete(TwinExamples.module("nobody", "nothing"))).isFalse();
  }

  @Test
  default void aDeletedTwinCanBeInsertedAgain() {
    Backend backend = newBackend();
    Twin first = twin(registered(backend, TwinExamples.device("reused")));
    backend.twins().insert(first);
    backend.twins().delete(first.identity());

    boolean inserted = backend.twins().insert(changed(first));

    assertThat(inserted).isTrue();
    assertThat(backend.twins().find(first.identity())).contains(changed(first));
  }

  @Test
  default void racingReplacesOfTheSameVersionHaveExactlyOneWinner() {
    Backend backend = newBackend();
    IdentityRef identity = registered(backend, TwinExamples.device("contested"));
    backend.twins().insert(twin(identity));
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        Twin current = backend.twins().find(identity).orElseThrow();
        List<Twin> proposals = IntStream.range(0, CONTENDERS).mapToObj(i -> proposal(current, i)).toList();

        List<Boolean> won = race.run(i -> backend.twins().replace(proposals.get(i), current.version()));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        assertThat(backend.twins().find(identity)).contains(proposals.get(won.indexOf(true)));
      }
    }
  }

  @Test
  default void racingInsertsOfOneIdentityHaveExactlyOneWinner() {
    Backend backend = newBackend();
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        IdentityRef identity = registered(backend, TwinExamples.module("newcomer", "module-" + round));
        List<Twin> proposals = IntStream.range(0, CONTENDERS).mapToObj(i -> proposal(twin(identity), i)).toList();

        List<Boolean> won = race.run(i -> backend.twins().insert(proposals.get(i)));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        assertThat(backend.twins().find(identity)).contains(proposals.get(won.indexOf(true)));
      }
    }
  }

  @Test
  default void replaceRacingADeleteNeverBringsTheTwinBack() {
    Backend backend = newBackend();
    try (Race race = new Race(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        Twin twin = twin(registered(backend, TwinExamples.device("delete-or-replace-" + round)));
        backend.twins().insert(twin);

        List<Boolean> results = race.run(i -> i == 0
            ? backend.twins().delete(twin.identity())
            : backend.twins().replace(changed(twin), twin.version()));

        assertThat(results.get(0)).as("round %d: the delete", round).isTrue();
        assertThat(backend.twins().find(twin.identity())).as("round %d", round).isEmpty();
      }
    }
  }

  /** Registers the identity (its device first, for a module) in the backend's registry and returns it. */
  private static IdentityRef registered(Backend backend, IdentityRef identity) {
    backend.registry().insertDevice(RegistryExamples.device(identity.deviceId().value()));
    identity.moduleId().ifPresent(moduleId ->
        backend.registry().insertModule(RegistryExamples.module(identity.deviceId().value(), moduleId.value())));
    return identity;
  }

  private static Twin proposal(Twin current, int writer) {
    Twin changed = changed(current);
    return new Twin(changed.identity(), changed.generationId(), changed.version(),
        TwinExamples.json("{'writer': " + writer + "}"), changed.desired(), changed.reported());
  }
}
