package io.fleethub.eventlog.kafka;

import io.fleethub.testkit.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Opens Kafka event logs on the embedded broker, each on a topic of its own unless told, and closes them all. */
final class KafkaTestLogs implements AutoCloseable {
  private final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();
  private final List<KafkaEventLog> opened = new ArrayList<>();

  /** A configuration for a new topic no other test uses, with a quick append watch. */
  KafkaEventLogConfig newTopic(int partitions) {
    return KafkaEventLogConfig.forHub("test-hub", broker.bootstrapServers())
        .withTopic(broker.uniqueTopic("eventlog"))
        .withPartitionCount(partitions)
        .withAppendWatchInterval(Duration.ofMillis(50));
  }

  /**
   * Like {@link #newTopic}, but the topic already exists with {@code message.timestamp.type=CreateTime}, as a
   * topic made by hand or by an older hub may: records carry the times the hub sends them with.
   */
  KafkaEventLogConfig newCreateTimeTopic(int partitions) {
    KafkaEventLogConfig config = newTopic(partitions);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(config.topic(), partitions, (short) 1)
          .configs(Map.of("message.timestamp.type", "CreateTime"))))
          .all().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not create topic " + config.topic(), e);
    }
    return config;
  }

  KafkaEventLog open(KafkaEventLogConfig config) {
    KafkaEventLog log = KafkaEventLog.open(config);
    opened.add(log);
    return log;
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void close() {
    opened.forEach(KafkaEventLog::close);
    opened.clear();
  }
}
