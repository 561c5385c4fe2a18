package io.fleethub.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KafkaTopicSetupTest {
  private final KafkaTestLogs logs = new KafkaTestLogs();
  private Admin admin;

  @BeforeEach
  void connect() {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, logs.bootstrapServers()));
  }

  @AfterEach
  void close() {
    logs.close();
    admin.close();
  }

  @Test
  void createsTheTopicWithThePartitionCountAndRetention() throws Exception {
    KafkaEventLogConfig config = logs.newTopic(6).withRetention(Duration.ofDays(3));

    logs.open(config);

    assertThat(describe(config.topic()).partitions()).hasSize(6);
    Config settings = settings(config.topic());
    assertThat(settings.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(3).toMillis()));
    assertThat(settings.get("segment.ms").value()).isEqualTo(Long.toString(Duration.ofHours(3).toMillis()));
    assertThat(settings.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
    assertThat(settings.get("min.insync.replicas").value()).isEqualTo("1");
    assertThat(settings.get("cleanup.policy").value()).isEqualTo("delete");
  }

  @Test
  void derivesTheTopicNameFromTheHubName() {
    KafkaEventLogConfig config = KafkaEventLogConfig.forHub("Contoso-Hub", logs.bootstrapServers());

    assertThat(config.topic()).isEqualTo("fleethub-contoso-hub-events");
  }

  @Test
  void refusesAnExistingTopicWithAnotherPartitionCount() throws Exception {
    KafkaEventLogConfig config = logs.newTopic(4);
    logs.open(config).close();

    assertThatThrownBy(() -> logs.open(config.withPartitionCount(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'" + config.topic() + "' has 4 partitions")
        .hasMessageContaining("configured with 2");
  }

  @Test
  void opensAnExistingTopicAndAppliesTheConfiguredRetention() throws Exception {
    KafkaEventLogConfig config = logs.newTopic(2);
    admin.createTopics(List.of(new NewTopic(config.topic(), 2, (short) 1)
        .configs(Map.of("retention.ms", Long.toString(Duration.ofDays(7).toMillis())))))
        .all().get(10, TimeUnit.SECONDS);

    KafkaEventLog log = logs.open(config.withRetention(Duration.ofDays(2)));

    assertThat(log.partitionCount()).isEqualTo(2);
    Config settings = settings(config.topic());
    assertThat(settings.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(2).toMillis()));
    assertThat(settings.get("segment.ms").value()).isEqualTo(Long.toString(Duration.ofHours(2).toMillis()));
  }

  @Test
  void opensAnExistingTopicThatStampsRecordsWithTheProducersTimeAndLeavesItSo() throws Exception {
    KafkaEventLogConfig config = logs.newCreateTimeTopic(1);

    KafkaEventLog log = logs.open(config);

    assertThat(log.partitionCount()).isEqualTo(1);
    assertThat(settings(config.topic()).get("message.timestamp.type").value()).isEqualTo("CreateTime");
  }

  @Test
  void failsClearlyWhenTheClusterDoesNotAnswer() {
    KafkaEventLogConfig config = KafkaEventLogConfig.forHub("unreachable", "127.0.0.1:1")
        .withOperationTimeout(Duration.ofSeconds(1));

    assertThatThrownBy(() -> KafkaEventLog.open(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'fleethub-unreachable-events' on Kafka (127.0.0.1:1)")
        .hasMessageContaining("no answer within PT1S");
  }

  private TopicDescription describe(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
  }

  private Config settings(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
  }
}
