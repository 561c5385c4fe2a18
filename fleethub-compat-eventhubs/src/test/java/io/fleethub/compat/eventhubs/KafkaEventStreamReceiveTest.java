package io.fleethub.compat.eventhubs;

import io.fleethub.testkit.kafka.EmbeddedKafkaBroker;
import java.util.stream.Stream;

/**
 * The built-in endpoint over an event stream kept in Kafka (the testkit's in-process broker), read over TLS. The
 * hub's name, and so its topic, is new on every run.
 */
class KafkaEventStreamReceiveTest extends BuiltInEndpointReceiveContract {
  @Override
  CompatHub startHub() throws Exception {
    return CompatHub.startOnKafka(EmbeddedKafkaBroker.shared().bootstrapServers(),
        "compat-kafka-" + Long.toHexString(System.nanoTime()));
  }

  @Override
  Stream<EventHubEndpoint> endpoints() {
    return Stream.of(EventHubEndpoint.TLS);
  }
}
