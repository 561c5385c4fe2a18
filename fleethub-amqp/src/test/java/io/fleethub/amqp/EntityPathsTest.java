package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.HubIdentity;
import org.junit.jupiter.api.Test;

class EntityPathsTest {
  private static final HubIdentity HUB = new HubIdentity("hub.fleethub.test", "testhub");

  @Test
  void readsTheAudiencesClientsWrite() {
    assertThat(EntityPaths.ofAudience("amqp://hub.fleethub.test/testhub/ConsumerGroups/$Default/Partitions/0", HUB))
        .contains("testhub/ConsumerGroups/$Default/Partitions/0");
    assertThat(EntityPaths.ofAudience("sb://hub.fleethub.test/", HUB)).contains("");
    assertThat(EntityPaths.ofAudience("hub.fleethub.test", HUB)).contains("");
    assertThat(EntityPaths.ofAudience("HUB.fleethub.test%2Fmessages%2Fevents", HUB)).contains("messages/events");
    assertThat(EntityPaths.ofAudience("amqps://hub.fleethub.test:5671/testhub", HUB)).contains("testhub");
  }

  @Test
  void refusesAudiencesOnOtherHosts() {
    assertThat(EntityPaths.ofAudience("amqp://127.0.0.1/testhub", HUB)).isEmpty();
    assertThat(EntityPaths.ofAudience("hub.fleethub.test.evil.example/testhub", HUB)).isEmpty();
  }

  @Test
  void namesTheBuiltInEndpointByTheHubName() {
    assertThat(EntityPaths.canonical("/messages/events/ConsumerGroups/a/Partitions/1/", "testhub"))
        .isEqualTo("testhub/ConsumerGroups/a/Partitions/1");
    assertThat(EntityPaths.canonical("messages/eventsX", "testhub")).isEqualTo("messages/eventsX");
  }

  @Test
  void aScopeCoversItselfAndWhatLiesBelowItByWholeSegments() {
    assertThat(EntityPaths.covers("", "testhub/ConsumerGroups/a/Partitions/1")).isTrue();
    assertThat(EntityPaths.covers("testhub", "TESTHUB/ConsumerGroups/a/Partitions/1")).isTrue();
    assertThat(EntityPaths.covers("testhub/ConsumerGroups/a/Partitions/1", "testhub/ConsumerGroups/a/Partitions/1"))
        .isTrue();
    assertThat(EntityPaths.covers("testhub/ConsumerGroups/a/Partitions/1", "testhub/ConsumerGroups/a/Partitions/10"))
        .isFalse();
    assertThat(EntityPaths.covers("testhub/ConsumerGroups/a/Partitions/1", "testhub")).isFalse();
  }
}
