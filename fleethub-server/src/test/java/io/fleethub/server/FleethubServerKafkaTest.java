package io.fleethub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.auth.DeviceAuthMethod;
import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.testkit.kafka.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's event stream on Kafka, as chosen by kafka-bootstrap-servers. */
class FleethubServerKafkaTest {
  @TempDir
  Path dataDir;

  @Test
  void withBootstrapServersTheEventStreamIsAKafkaTopicThatOutlivesTheHub() throws Exception {
    // GIVEN a Kafka broker and a hub configured with it, 3 partitions and 2 days of retention
    EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.shared();
    String hubName = "kafka-" + Long.toHexString(System.nanoTime());
    Map<String, String> settings = Map.of("kafka-bootstrap-servers", kafka.bootstrapServers(),
        "partitions", "3", "retention-days", "2", "hub-name", hubName, "hostname", hubName + ".fleethub.test");
    DevicePrincipal sender = new DevicePrincipal(IdentityRef.device(DeviceId.of("k1")), "638700000000000001",
        DeviceAuthMethod.IDENTITY_KEY, Optional.empty());

    // WHEN the hub stores a device message, stops, and a second hub starts on the same topic
    try (FleethubServer server = FleethubServer.start(TestHubs.config(dataDir.resolve("a"), settings))) {
      server.hub().telemetry().send(sender, new DeviceMessage("21.5".getBytes(StandardCharsets.UTF_8),
          Map.of(MessageProperties.MESSAGE_ID, "m-1"), Map.of("unit", "C"))).get(30, TimeUnit.SECONDS);
    }
    try (FleethubServer server = FleethubServer.start(TestHubs.config(dataDir.resolve("b"), settings))) {
      // THEN no event files were written, the topic has the configured layout, and the message is there
      assertThat(dataDir.resolve("a/eventlog")).doesNotExist();
      assertTopic(kafka, "fleethub-" + hubName + "-events", 3, Duration.ofDays(2));
      List<StoredEvent> stored = new ArrayList<>();
      for (int partition = 0; partition < server.hub().eventLog().partitionCount(); partition++) {
        stored.addAll(server.hub().eventLog().read(partition, 0, 10));
      }
      assertThat(stored).singleElement().satisfies(event -> {
        assertThat(new String(event.data().body(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(event.data().applicationProperties()).containsEntry("unit", "C");
        assertThat(event.data().systemProperties())
            .containsEntry(MessageProperties.MESSAGE_ID, "m-1")
            .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "k1");
      });
    }
  }

  private static void assertTopic(EmbeddedKafkaBroker kafka, String topic, int partitions, Duration retention)
      throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      assertThat(description.partitions()).hasSize(partitions);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      String retentionMs = admin.describeConfigs(List.of(resource)).all().get().get(resource)
          .get("retention.ms").value();
      assertThat(Long.parseLong(retentionMs)).isEqualTo(retention.toMillis());
    }
  }
}
