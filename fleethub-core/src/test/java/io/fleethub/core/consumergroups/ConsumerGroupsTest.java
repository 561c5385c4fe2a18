package io.fleethub.core.consumergroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.TestClock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.memory.InMemoryConsumerGroupStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The hub's consumer groups as the service API and the built-in endpoint see them. */
class ConsumerGroupsTest {
  private static final Instant START = Instant.parse("2026-05-01T08:00:00Z");

  private final TestClock clock = new TestClock(START);
  private final InMemoryConsumerGroupStore store = new InMemoryConsumerGroupStore();
  private final ConsumerGroups groups = new ConsumerGroups(store, clock);

  @Test
  void defaultExistsFromTheFirstStartAndKeepsItsCreationTime() {
    // WHEN the hub starts for the first time and again later
    groups.ensureDefault();
    clock.advance(Duration.ofDays(1));
    groups.ensureDefault();

    // THEN $Default exists once, dated at the first start
    assertThat(groups.list()).containsExactly(new ConsumerGroup("$Default", START));
  }

  @Test
  void createdGroupsAreFoundIgnoringCaseWithTheirOwnSpelling() {
    groups.ensureDefault();
    clock.advance(Duration.ofMinutes(1));

    ConsumerGroup created = groups.create("Analytics");

    assertThat(created).isEqualTo(new ConsumerGroup("Analytics", START.plus(Duration.ofMinutes(1))));
    assertThat(groups.find("analytics")).contains(created);
    assertThat(groups.find("$default")).map(ConsumerGroup::name).contains("$Default");
    assertThat(groups.list()).extracting(ConsumerGroup::name).containsExactly("$Default", "Analytics");
  }

  @Test
  void aNameTakenIgnoringCaseIsAConflictAndChangesNothing() {
    groups.ensureDefault();
    ConsumerGroup first = groups.create("audit");

    assertThat(codeOf(() -> groups.create("AUDIT"))).isEqualTo(ErrorCode.CONFLICT);
    assertThat(codeOf(() -> groups.create("$default"))).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(groups.find("audit")).contains(first);
    assertThat(groups.list()).hasSize(2);
  }

  @Test
  void invalidNamesAreRefused() {
    for (String name : new String[] {"", "a/b", "with space", "x".repeat(51), "$Other", "ünïcode"}) {
      assertThat(codeOf(() -> groups.create(name))).as(name).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    }
    assertThat(groups.create("a.b-c_" + "x".repeat(44)).name()).hasSize(50);
  }

  @Test
  void aHubHoldsAtMostTwentyGroupsDefaultIncluded() {
    groups.ensureDefault();
    for (int i = 1; i < ConsumerGroups.MAX_GROUPS; i++) {
      groups.create("group-" + i);
    }

    assertThat(codeOf(() -> groups.create("one-too-many"))).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(groups.list()).hasSize(ConsumerGroups.MAX_GROUPS);
    assertThat(groups.find("one-too-many")).isEmpty();
  }

  @Test
  void deletingRemovesTheGroupButNeverDefault() {
    groups.ensureDefault();
    groups.create("Reports");

    groups.delete("REPORTS");

    assertThat(groups.find("Reports")).isEmpty();
    assertThat(codeOf(() -> groups.delete("Reports"))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(codeOf(() -> groups.delete("$default"))).isEqualTo(ErrorCode.INVALID_OPERATION);
    assertThat(groups.find("$Default")).isPresent();
  }

  private static ErrorCode codeOf(Runnable action) {
    try {
      action.run();
    } catch (HubException e) {
      return e.code();
    }
    throw new AssertionError("not refused");
  }
}
