package io.fleethub.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

  @Test
  void oneBrokerServesTheWholeJvm() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();

    assertThat(EmbeddedKafkaBroker.shared()).isSameAs(broker);
    assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(broker.uniqueTopic("t")).isNotEqualTo(broker.uniqueTopic("t")).startsWith("t-");
  }

  @Test
  void acceptsTopicsProducersAndConsumers() throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();
    String topic = broker.uniqueTopic("smoke");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
    }

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, 1, "key", "hello")).get(10, TimeUnit.SECONDS);
    }

    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 1);
      consumer.assign(Set.of(partition));
      List<ConsumerRecord<String, String>> records = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (records.isEmpty() && System.nanoTime() < deadline) {
        records = consumer.poll(Duration.ofMillis(100)).records(partition);
      }
      assertThat(records).extracting(ConsumerRecord::value).containsExactly("hello");
      assertThat(records.get(0).key().getBytes(StandardCharsets.UTF_8)).hasSize(3);
    }
  }
}
