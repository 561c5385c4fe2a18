package io.fleethub.eventlog.kafka;

import io.fleethub.testkit.kafka.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
