package io.fleethub.eventlog.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The settings of the log's Kafka clients: the log's defaults, then the configured client properties, then the
 * settings the log's contract rests on. Client ids name the topic and are unique in the JVM.
 */
final class ClientConfigs {
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final KafkaEventLogConfig config;
  private final String clientIdPrefix;

  ClientConfigs(KafkaEventLogConfig config) {
    this.config = config;
    this.clientIdPrefix = config.topic() + "-" + INSTANCES.incrementAndGet();
  }

  /**
   * Durable and ordered: acknowledged by all in-sync replicas, idempotent (no duplicates or reordering on
   * retries), batched for at most 2 ms. {@code send} waits at most 1 s for buffer space or topic metadata, then
   * fails the append instead of blocking its caller longer.
   */
  Map<String, Object> producer() {
    Map<String, Object> settings = common("producer");
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
    settings.putAll(config.clientProperties());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return settings;
  }

  /**
   * A consumer without a group: partitions are assigned by hand and positions are never committed. The broker
   * answers its fetches within 5 ms even when there is nothing new: a reader reads only up to the end offset, but
   * the consumer fetches ahead after each poll, and the next read on that consumer waits for that fetch.
   */
  Map<String, Object> consumer(int index) {
    Map<String, Object> settings = common("reader-" + index);
    settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    settings.putAll(config.clientProperties());
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return settings;
  }

  Map<String, Object> admin() {
    Map<String, Object> settings = common("admin");
    settings.putAll(config.clientProperties());
    return settings;
  }

  private Map<String, Object> common(String role) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    settings.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role);
    return settings;
  }
}
