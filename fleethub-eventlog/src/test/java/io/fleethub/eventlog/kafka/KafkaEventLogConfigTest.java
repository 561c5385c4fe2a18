package io.fleethub.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaEventLogConfigTest {
  private final KafkaEventLogConfig defaults = KafkaEventLogConfig.forHub("myhub", "kafka-1:9092,kafka-2:9092");

  @Test
  void defaultsFollowTheHub() {
    assertThat(defaults.topic()).isEqualTo("fleethub-myhub-events");
    assertThat(defaults.partitionCount()).isEqualTo(4);
    assertThat(defaults.retention()).isEqualTo(Duration.ofDays(1));
    assertThat(defaults.replicationFactor()).isEqualTo((short) 1);
    assertThat(defaults.minInSyncReplicas()).isEqualTo(1);
    assertThat(defaults.withReplicationFactor(3).minInSyncReplicas()).isEqualTo(2);
  }

  @Test
  void refusesValuesOutOfRangeNamingTheSetting() {
    assertThatThrownBy(() -> defaults.withPartitionCount(33)).hasMessageContaining("partitionCount");
    assertThatThrownBy(() -> defaults.withPartitionCount(0)).hasMessageContaining("partitionCount");
    assertThatThrownBy(() -> defaults.withRetention(Duration.ofHours(23))).hasMessageContaining("retention");
    assertThatThrownBy(() -> defaults.withRetention(Duration.ofDays(8))).hasMessageContaining("retention");
    assertThatThrownBy(() -> defaults.withReplicationFactor(0)).hasMessageContaining("replicationFactor");
    assertThatThrownBy(() -> defaults.withReaders(0)).hasMessageContaining("readers");
    assertThatThrownBy(() -> defaults.withTopic("no spaces")).hasMessageContaining("topic 'no spaces'");
    assertThatThrownBy(() -> defaults.withTopic("..")).hasMessageContaining("topic '..'");
    assertThatThrownBy(() -> KafkaEventLogConfig.forHub("myhub", " ")).hasMessageContaining("bootstrapServers");
  }

  @Test
  void passesClientPropertiesButRefusesTheOnesTheLogFixes() {
    KafkaEventLogConfig secured = defaults.withClientProperties(Map.of("security.protocol", "SSL"));

    assertThat(new ClientConfigs(secured).producer()).containsEntry("security.protocol", "SSL")
        .containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    assertThat(new ClientConfigs(secured).consumer(0)).containsEntry("security.protocol", "SSL")
        .containsEntry("enable.auto.commit", false);
    assertThatThrownBy(() -> defaults.withClientProperties(Map.of("acks", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not set 'acks'");
  }
}
