package io.fleethub.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ConsumerGroupStore} keeps, as JUnit 5 tests. A backend's test class implements this
 * interface and {@link #newStore()}, which every test calls once, on the test's thread, and which must return an
 * empty store. Groups are compared with {@code equals}, so names must keep their spelling and created times must
 * round-trip to the microsecond.
 */
public interface ConsumerGroupStoreContract {
  int ROUNDS = 20;
  int CONTENDERS = 4;
  Instant CREATED = Instant.parse("2025-03-01T10:00:00.123456Z");

  /** A new, empty store. Called once per test. */
  ConsumerGroupStore newStore();

  @Test
  default void emptyStoreHasNoGroups() {
    ConsumerGroupStore store = newStore();

    assertThat(store.listConsumerGroups()).isEmpty();
    assertThat(store.findConsumerGroup(ConsumerGroup.DEFAULT)).isEmpty();
  }

  @Test
  default void insertedGroupIsFoundWithItsSpellingAndCreatedTime() {
    ConsumerGroupStore store = newStore();
    ConsumerGroup group = new ConsumerGroup("Analytics.EU-west_1", CREATED);

    boolean inserted = store.insertConsumerGroup(group);

    assertThat(inserted).isTrue();
    assertThat(store.findConsumerGroup("Analytics.EU-west_1")).contains(group);
    assertThat(store.listConsumerGroups()).containsExactly(group);
  }

  @Test
  default void theDefaultGroupRoundTrips() {
    ConsumerGroupStore store = newStore();
    ConsumerGroup group = new ConsumerGroup(ConsumerGroup.DEFAULT, CREATED);

    store.insertConsumerGroup(group);

    assertThat(store.findConsumerGroup("$default")).contains(group);
  }

  @Test
  default void findIgnoresCase() {
    ConsumerGroupStore store = newStore();
    ConsumerGroup group = new ConsumerGroup("Analytics", CREATED);
    store.insertConsumerGroup(group);

    assertThat(store.findConsumerGroup("analytics")).contains(group);
    assertThat(store.findConsumerGroup("ANALYTICS")).contains(group);
    assertThat(store.findConsumerGroup("aNaLyTiCs")).contains(group);
  }

  @Test
  default void findMatchesTheWholeNameOnly() {
    ConsumerGroupStore store = newStore();
    store.insertConsumerGroup(new ConsumerGroup("group_1", CREATED));

    assertThat(store.findConsumerGroup("group")).isEmpty();
    assertThat(store.findConsumerGroup("group_12")).isEmpty();
    assertThat(store.findConsumerGroup("group-1")).isEmpty();
    assertThat(store.findConsumerGroup("group%")).isEmpty();
  }

  @Test
  default void insertingANameThatExistsInAnyCaseReturnsFalseAndKeepsTheStoredGroup() {
    ConsumerGroupStore store = newStore();
    ConsumerGroup original = new ConsumerGroup("Analytics", CREATED);
    store.insertConsumerGroup(original);

    boolean sameSpelling = store.insertConsumerGroup(new ConsumerGroup("Analytics", CREATED.plusSeconds(1)));
    boolean otherCase = store.insertConsumerGroup(new ConsumerGroup("ANALYTICS", CREATED.plusSeconds(2)));

    assertThat(sameSpelling).isFalse();
    assertThat(otherCase).isFalse();
    assertThat(store.listConsumerGroups()).containsExactly(original);
  }

  @Test
  default void listKeepsTheOrderGroupsWereCreatedIn() {
    ConsumerGroupStore store = newStore();
    List<ConsumerGroup> groups = List.of(
        new ConsumerGroup(ConsumerGroup.DEFAULT, CREATED),
        new ConsumerGroup("zeta", CREATED.minusSeconds(10)),
        new ConsumerGroup("Alpha", CREATED.plusSeconds(10)),
        new ConsumerGroup("beta", CREATED.minusSeconds(20)),
        new ConsumerGroup("0-first", CREATED));

    groups.forEach(store::insertConsumerGroup);

    assertThat(store.listConsumerGroups()).containsExactlyElementsOf(groups);
  }

  @Test
  default void deleteIgnoresCaseAndRemovesOnlyThatGroup() {
    ConsumerGroupStore store = newStore();
    ConsumerGroup doomed = new ConsumerGroup("Doomed", CREATED);
    ConsumerGroup kept = new ConsumerGroup("kept", CREATED);
    store.insertConsumerGroup(doomed);
    store.insertConsumerGroup(kept);

    boolean deleted = store.deleteConsumerGroup("DOOMED");

    assertThat(deleted).isTrue();
    assertThat(store.findConsumerGroup("Doomed")).isEmpty();
    assertThat(store.listConsumerGroups()).containsExactly(kept);
  }

  @Test
  default void deletingAnUnknownNameReturnsFalse() {
    ConsumerGroupStore store = newStore();
    store.insertConsumerGroup(new ConsumerGroup("kept", CREATED));

    assertThat(store.deleteConsumerGroup("nobody")).isFalse();
    assertThat(store.deleteConsumerGroup("kep")).isFalse();
    assertThat(store.listConsumerGroups()).hasSize(1);
  }

  @Test
  default void aDeletedNameCanBeCreatedAgainAndListsLast() {
    ConsumerGroupStore store = newStore();
    ConsumerGroup first = new ConsumerGroup("reused", CREATED);
    ConsumerGroup other = new ConsumerGroup("other", CREATED);
    ConsumerGroup again = new ConsumerGroup("REUSED", CREATED.plusSeconds(60));
    store.insertConsumerGroup(first);
    store.insertConsumerGroup(other);
    store.deleteConsumerGroup("reused");

    boolean inserted = store.insertConsumerGroup(again);

    assertThat(inserted).isTrue();
    assertThat(store.findConsumerGroup("reused")).contains(again);
    assertThat(store.listConsumerGroups()).containsExactly(other, again);
  }

  @Test
  default void racingInsertsOfOneNameInDifferentCaseHaveExactlyOneWinner() {
    ConsumerGroupStore store = newStore();
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        List<ConsumerGroup> proposals = List.of(
            new ConsumerGroup("newcomer-" + round, CREATED),
            new ConsumerGroup("NEWCOMER-" + round, CREATED.plusSeconds(1)),
            new ConsumerGroup("Newcomer-" + round, CREATED.plusSeconds(2)),
            new ConsumerGroup("nEWCOMER-" + round, CREATED.plusSeconds(3)));

        List<Boolean> won = race.run(i -> store.insertConsumerGroup(proposals.get(i)));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        assertThat(store.findConsumerGroup("newcomer-" + round)).as("round %d", round)
            .contains(proposals.get(won.indexOf(true)));
      }
    }
    assertThat(store.listConsumerGroups()).hasSize(ROUNDS);
  }

  @Test
  default void racingDeletesOfOneNameInDifferentCaseHaveExactlyOneWinner() {
    ConsumerGroupStore store = newStore();
    try (Race race = new Race(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        String name = "short-lived-" + round;
        store.insertConsumerGroup(new ConsumerGroup(name, CREATED));

        List<Boolean> won = race.run(i -> store.deleteConsumerGroup(i == 0 ? name : name.toUpperCase()));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        assertThat(store.findConsumerGroup(name)).as("round %d", round).isEmpty();
      }
    }
    assertThat(store.listConsumerGroups()).isEmpty();
  }
}
