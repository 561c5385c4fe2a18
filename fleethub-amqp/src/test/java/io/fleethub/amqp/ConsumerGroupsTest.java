package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerGroupsTest {
  @Test
  void everyHubHasTheDefaultGroup() {
    assertThat(ConsumerGroups.defaultOnly().find("$Default")).contains("$Default");
    assertThat(ConsumerGroups.defaultOnly().find("$default")).contains("$Default");
    assertThat(ConsumerGroups.defaultOnly().find("other")).isEmpty();
  }

  @Test
  void findsConfiguredGroupsByTheirNameIgnoringCase() {
    ConsumerGroups groups = ConsumerGroups.of(List.of("Analytics"));

    assertThat(groups.find("analytics")).contains("Analytics");
    assertThat(groups.find("$Default")).contains("$Default");
  }

  @Test
  void refusesNamesEventHubsWouldRefuse() {
    assertThatThrownBy(() -> ConsumerGroups.of(List.of("a/b"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsumerGroups.of(List.of(""))).isInstanceOf(IllegalArgumentException.class);
  }
}
