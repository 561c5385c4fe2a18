package io.fleethub.eventlog.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the hub's topic exists as configured. Creates it when absent with the partition count, the
 * replication factor and these topic settings:
 *
 * <ul>
 *   <li>{@code retention.ms} = the retention, and {@code segment.ms} = a 24th of it: Kafka deletes whole
 *       segments once their newest record expired, so an event outlives the retention by at most a segment's
 *       span (an hour for one day) rather than Kafka's default 7 days;
 *   <li>{@code cleanup.policy=delete} (never compacted: offsets stay without gaps);
 *   <li>{@code message.timestamp.type=LogAppendTime}: the partition leader stamps each record with its clock as it
 *       appends it, so enqueued times never decrease along a partition whichever hub node sent the events;
 *   <li>{@code min.insync.replicas}, see {@link KafkaEventLogConfig#minInSyncReplicas()}.
 * </ul>
 *
 * <p>Accepts an existing topic only with the same partition count, and sets its {@code retention.ms} and
 * {@code segment.ms} as above when they differ. An existing topic with {@code CreateTime} timestamps is accepted
 * with a warning: records then carry the times the hub nodes give them, which {@link KafkaEventLog} keeps from
 * going back only among its own appends. Several hub nodes may run this at once. Blocks on the cluster.
 */
final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private static final int SEGMENTS_PER_RETENTION = 24;

  private final Admin admin;
  private final KafkaEventLogConfig config;

  TopicSetup(Admin admin, KafkaEventLogConfig config) {
    this.admin = admin;
    this.config = config;
  }

  /**
   * Returns who stamps the topic's records: {@link TimestampType#LOG_APPEND_TIME} (the broker) for a topic it
   * created, or whatever an existing topic is set to. Throws {@link IllegalStateException} when the topic exists
   * with another partition count, or when the cluster refuses or does not answer within the operation timeout.
   */
  TimestampType ensureTopic() {
    Map<String, String> settings = new HashMap<>(retentionSettings());
    settings.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    settings.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.LOG_APPEND_TIME.name);
    settings.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(config.minInSyncReplicas()));
    NewTopic topic = new NewTopic(config.topic(), config.partitionCount(), config.replicationFactor())
        .configs(settings);
    if (create(topic)) {
      LOG.info("Created Kafka topic {} with {} partitions, replication factor {}, retention {}", config.topic(),
          config.partitionCount(), config.replicationFactor(), config.retention());
      return TimestampType.LOG_APPEND_TIME;
    }
    return checkExistingTopic();
  }

  /** The settings that follow the configured retention, reapplied to an existing topic. */
  private Map<String, String> retentionSettings() {
    Duration retention = config.retention();
    return Map.of(
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()),
        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(retention.dividedBy(SEGMENTS_PER_RETENTION).toMillis()));
  }

  /** Whether the topic was created; false when it was already there (perhaps made by another hub node). */
  private boolean create(NewTopic topic) {
    try {
      await(admin.createTopics(List.of(topic)).all(), "create the topic");
      return true;
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  private TimestampType checkExistingTopic() {
    TopicDescription description = await(admin.describeTopics(List.of(config.topic())).topicNameValues()
        .get(config.topic()), "describe the topic");
    int partitions = description.partitions().size();
    if (partitions != config.partitionCount()) {
      throw new IllegalStateException("Kafka topic '" + config.topic() + "' has " + partitions
          + " partitions, but the event log is configured with " + config.partitionCount() + "; a device's"
          + " partition is fixed by the partition count, so configure " + partitions
          + " partitions or use another topic");
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
    Config current = await(admin.describeConfigs(List.of(resource)).all(), "read the topic settings").get(resource);
    alignRetention(resource, current);
    if (TimestampType.LOG_APPEND_TIME.name.equals(value(current, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG))) {
      return TimestampType.LOG_APPEND_TIME;
    }
    LOG.warn("Kafka topic {} has message.timestamp.type=CreateTime: its records carry the enqueued times hub nodes"
        + " give them, which this node keeps from going back only among its own appends, so with several nodes"
        + " an event can carry an earlier time than the one before it in its partition. Set"
        + " message.timestamp.type=LogAppendTime on the topic to have the broker stamp them.", config.topic());
    return TimestampType.CREATE_TIME;
  }

  private void alignRetention(ConfigResource resource, Config current) {
    List<AlterConfigOp> changes = new ArrayList<>();
    retentionSettings().forEach((name, wanted) -> {
      if (!wanted.equals(value(current, name))) {
        changes.add(new AlterConfigOp(new ConfigEntry(name, wanted), AlterConfigOp.OpType.SET));
        LOG.info("Setting {} of Kafka topic {} from {} to {} (retention {})", name, config.topic(),
            value(current, name), wanted, config.retention());
      }
    });
    if (!changes.isEmpty()) {
      await(admin.incrementalAlterConfigs(Map.of(resource, changes)).all(), "set the retention of the topic");
    }
  }

  private static String value(Config settings, String name) {
    ConfigEntry entry = settings.get(name);
    return entry == null ? null : entry.value();
  }

  private <T> T await(KafkaFuture<T> future, String what) {
    try {
      return future.get(config.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not " + what + " '" + config.topic() + "' on Kafka ("
          + config.bootstrapServers() + "): " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Could not " + what + " '" + config.topic() + "' on Kafka ("
          + config.bootstrapServers() + "): no answer within " + config.operationTimeout(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to " + what + " '" + config.topic() + "'", e);
    }
  }
}
