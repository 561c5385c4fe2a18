package io.fleethub.eventlog.kafka;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of a {@link KafkaEventLog}; each is validated here, with a message naming the setting.
 *
 * @param bootstrapServers the Kafka cluster, as {@code host:port[,host:port...]}; setting it is what selects the
 *     Kafka event log
 * @param topic the hub's event topic (default {@code fleethub-<hub name in lower case>-events}); 1 to 249 letters,
 *     digits, '.', '_' or '-', as Kafka allows
 * @param partitionCount partitions of the topic, 1 to 32 (default 4); fixed once the topic exists
 * @param retention how long Kafka keeps events, 1 to 7 days (default 1 day): the topic's {@code retention.ms},
 *     with {@code segment.ms} a 24th of it, set when the log creates the topic and reapplied when it opens an
 *     existing one
 * @param replicationFactor replicas of each partition when the log creates the topic, 1 to 16 (default 1; use 3
 *     on a production cluster); the topic's {@code min.insync.replicas} is set to one less, at least 1
 * @param readers consumers kept for reads, 1 to 32 (default 4); a read waits while all are busy
 * @param operationTimeout longest a blocking call (topic setup, a read, {@code close}) waits for the cluster,
 *     1 s to 5 min (default 30 s)
 * @param appendWatchInterval how often the log asks the cluster for the partitions' end offsets while
 *     {@code onAppended} callbacks are registered, to see other hub nodes' appends; 10 ms to 10 s (default 200 ms)
 * @param clientProperties Kafka client settings passed to the producer, the consumers and the admin client (for
 *     example {@code security.protocol}, {@code sasl.jaas.config}, {@code compression.type}); they override the
 *     log's defaults, except the settings the log's contract rests on, which are refused here
 */
public record KafkaEventLogConfig(
    String bootstrapServers,
    String topic,
    int partitionCount,
    Duration retention,
    short replicationFactor,
    int readers,
    Duration operationTimeout,
    Duration appendWatchInterval,
    Map<String, String> clientProperties) {

  public static final int MAX_PARTITIONS = 32;

  /** Client settings the log fixes: durability, ordering, serialization and how it assigns partitions. */
  public static final Set<String> FIXED_CLIENT_PROPERTIES = Set.of("bootstrap.servers", "acks",
      "enable.idempotence", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
      "group.id", "enable.auto.commit", "auto.offset.reset", "partitioner.class", "transactional.id");

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  public KafkaEventLogConfig {
    requireText("bootstrapServers", bootstrapServers);
    requireText("topic", topic);
    if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new IllegalArgumentException("topic '" + topic
          + "' must be 1 to 249 letters, digits, '.', '_' or '-' (and not '.' or '..'), as Kafka topic names are");
    }
    requireRange("partitionCount", partitionCount, 1, MAX_PARTITIONS);
    Objects.requireNonNull(retention, "retention");
    requireRange("retention", retention, Duration.ofDays(1), Duration.ofDays(7));
    requireRange("replicationFactor", replicationFactor, 1, 16);
    requireRange("readers", readers, 1, 32);
    Objects.requireNonNull(operationTimeout, "operationTimeout");
    requireRange("operationTimeout", operationTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
    Objects.requireNonNull(appendWatchInterval, "appendWatchInterval");
    requireRange("appendWatchInterval", appendWatchInterval, Duration.ofMillis(10), Duration.ofSeconds(10));
    clientProperties = Map.copyOf(clientProperties);
    for (String key : clientProperties.keySet()) {
      if (FIXED_CLIENT_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException("clientProperties must not set '" + key
            + "': the Kafka event log fixes it (set the cluster with bootstrapServers)");
      }
    }
  }

  /**
   * The defaults for a hub: topic {@code fleethub-<hubName>-events} (the hub name in lower case), 4 partitions,
   * 1 day retention, replication factor 1, 4 readers, 30 s operation timeout, 200 ms append watch, no client
   * properties.
   */
  public static KafkaEventLogConfig forHub(String hubName, String bootstrapServers) {
    requireText("hubName", hubName);
    return new KafkaEventLogConfig(bootstrapServers, "fleethub-" + hubName.toLowerCase(Locale.ROOT) + "-events", 4,
        Duration.ofDays(1), (short) 1, 4, Duration.ofSeconds(30), Duration.ofMillis(200), Map.of());
  }

  public KafkaEventLogConfig withTopic(String value) {
    return new KafkaEventLogConfig(bootstrapServers, value, partitionCount, retention, replicationFactor, readers,
        operationTimeout, appendWatchInterval, clientProperties);
  }

  public KafkaEventLogConfig withPartitionCount(int value) {
    return new KafkaEventLogConfig(bootstrapServers, topic, value, retention, replicationFactor, readers,
        operationTimeout, appendWatchInterval, clientProperties);
  }

  public KafkaEventLogConfig withRetention(Duration value) {
    return new KafkaEventLogConfig(bootstrapServers, topic, partitionCount, value, replicationFactor, readers,
        operationTimeout, appendWatchInterval, clientProperties);
  }

  public KafkaEventLogConfig withReplicationFactor(int value) {
    requireRange("replicationFactor", value, 1, 16);
    return new KafkaEventLogConfig(bootstrapServers, topic, partitionCount, retention, (short) value, readers,
        operationTimeout, appendWatchInterval, clientProperties);
  }

  public KafkaEventLogConfig withReaders(int value) {
    return new KafkaEventLogConfig(bootstrapServers, topic, partitionCount, retention, replicationFactor, value,
        operationTimeout, appendWatchInterval, clientProperties);
  }

  public KafkaEventLogConfig withOperationTimeout(Duration value) {
    return new KafkaEventLogConfig(bootstrapServers, topic, partitionCount, retention, replicationFactor, readers,
        value, appendWatchInterval, clientProperties);
  }

  public KafkaEventLogConfig withAppendWatchInterval(Duration value) {
    return new KafkaEventLogConfig(bootstrapServers, topic, partitionCount, retention, replicationFactor, readers,
        operationTimeout, value, clientProperties);
  }

  public KafkaEventLogConfig withClientProperties(Map<String, String> value) {
    return new KafkaEventLogConfig(bootstrapServers, topic, partitionCount, retention, replicationFactor, readers,
        operationTimeout, appendWatchInterval, value);
  }

  /** The topic's {@code min.insync.replicas}: one less than the replicas, so one broker may be down. */
  public int minInSyncReplicas() {
    return Math.max(1, replicationFactor - 1);
  }

  private static void requireText(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static void requireRange(String name, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
