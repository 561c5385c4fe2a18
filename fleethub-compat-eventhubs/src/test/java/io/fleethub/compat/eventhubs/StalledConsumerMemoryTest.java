package io.fleethub.compat.eventhubs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import io.fleethub.core.eventlog.Partitioner;
import io.fleethub.server.ConnectionStrings;
import io.fleethub.server.testing.HubProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A back end that stops reading must not make the hub hold what it does not read: Event Hubs keeps telemetry for
 * its retention, not for its readers, so the hub's memory must not follow a reader's backlog. A reader stops in
 * one of two ways: it grants no more credit (an SDK consumer whose application stops asking for events), or it
 * stops reading its socket with credit left (a hung process, a stalled network).
 *
 * <p>The hub runs as a child JVM with a 128 MB heap (and exits on {@code OutOfMemoryError}); its live heap is
 * measured with {@code jcmd} after a full collection, before and after the load. Measuring, rather than relying
 * on the hub surviving its small heap, is what proves the bound: the 20 MB the device sends would fit into
 * 128 MB even if the hub kept all of it for a reader.
 */
class StalledConsumerMemoryTest {
  private static final HubProcess.Options SMALL_HEAP = HubProcess.Options.named(CompatHub.HOST_NAME, CompatHub.HUB_NAME)
      .withJvmOptions(List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"));
  private static final int MESSAGES = 20_000;
  private static final int BODY_BYTES = 1024;
  /**
   * What the hub may hold on to while its readers stall: a fraction of the 20 MB sent. A link buffers at most
   * 256 events (AmqpSettings.maxBufferedEventsPerLink), about 0.4 MB of these; a hub keeping the backlog of either
   * reader would hold more than 15 MB (what the stalled socket's TCP buffers took, a few MB, aside).
   */
  private static final long HEAP_GROWTH_BOUND = 8L * 1024 * 1024;
  private static final String DEVICE = "load-1";
  /** The hub's default partition count. */
  private static final int PARTITIONS = 4;
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The child hub's data directory and log, kept when the test fails. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path temp;

  @Test
  void readersThatStopReadingLeaveTheHubsHeapBoundedWhileTheDeviceKeepsSending() throws Exception {
    try (HubProcess hub = HubProcess.start(temp.resolve("data"), "hub", SMALL_HEAP)) {
      // GIVEN a device, and two back ends reading its partition from the start: an SDK consumer with a prefetch
      // of 1 that took one event and asks for no more, and one that granted credit for more than will be sent
      // and stopped reading its socket
      ServiceRest rest = new ServiceRest(hub.info());
      String key = rest.createDevice(DEVICE);
      String partition = Integer.toString(Partitioner.partitionFor(DEVICE, PARTITIONS));
      Map<String, String> eventHub = ConnectionStrings.parse(hub.info().eventHubConnectionString());
      try (RawMqttDevice device = RawMqttDevice.connect(hub.info(), hub.port("mqtts"), DEVICE, key);
          EventHubConsumerAsyncClient consumer = new EventHubClientBuilder()
              .connectionString(EventHubEndpoint.DEVELOPMENT_EMULATOR.connectionString(hub.info()))
              .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
              .prefetchCount(1)
              .retryOptions(new AmqpRetryOptions().setTryTimeout(WAIT).setMaxRetries(1))
              .buildAsyncConsumerClient();
          SocketStalledReceiver stalledSocket = SocketStalledReceiver.attach(hub.info().hostName(), hub.port("amqp"),
              hub.info().hubName(), partition, eventHub.get("sharedaccesskeyname"), eventHub.get("sharedaccesskey"),
              10 * MESSAGES)) {
        SingleEventSubscriber reader = new SingleEventSubscriber();
        consumer.receiveFromPartition(partition, EventPosition.earliest()).subscribe(reader);
        device.publishAndAwaitPuback(body(0));
        await().atMost(WAIT).until(() -> reader.received().size() == 1);
        long heapBefore = HeapGauge.liveHeapBytes(hub.pid());

        // WHEN the device sends 20,000 messages of 1 KB
        for (int seq = 1; seq <= MESSAGES; seq++) {
          device.publish(body(seq));
        }
        device.awaitAcknowledged();

        // THEN the hub still serves devices and back ends
        assertThat(hub.isAlive()).as("hub alive; its output is in %s", hub.log()).isTrue();
        device.publishAndAwaitPuback(body(MESSAGES + 1));
        assertThat(rest.getDevice(DEVICE).statusCode()).isEqualTo(200);
        // AND its live heap grew by a fraction of what was sent
        long heapAfter = HeapGauge.liveHeapBytes(hub.pid());
        assertThat(heapAfter - heapBefore)
            .as("live heap growth (%d KB before, %d KB after)", heapBefore / 1024, heapAfter / 1024)
            .isLessThan(HEAP_GROWTH_BOUND);
        // AND it did send to the reader that stopped reading its socket, until that socket backed up
        assertThat(stalledSocket.unreadBytes()).isGreaterThan(SocketStalledReceiver.RECEIVE_BUFFER_BYTES / 2);
        // AND the SDK consumer, asking for more, goes on where it stopped
        reader.request(100);
        await().atMost(WAIT).until(() -> reader.received().size() == 101);
        assertThat(reader.received()).extracting(event -> event.getData().getBodyAsString())
            .containsExactlyElementsOf(IntStream.rangeClosed(0, 100).mapToObj(seq -> new String(body(seq), UTF_8))
                .toList());
      }
    }
  }

  /** A JSON body of exactly {@value #BODY_BYTES} bytes naming its sequence number. */
  private static byte[] body(int seq) {
    String head = "{\"seq\":" + seq + ",\"pad\":\"";
    return (head + "x".repeat(BODY_BYTES - head.length() - 2) + "\"}").getBytes(UTF_8);
  }

  /** Asks for one event when subscribed and for more only when told to. */
  private static final class SingleEventSubscriber extends BaseSubscriber<PartitionEvent> {
    private final Queue<PartitionEvent> received = new ConcurrentLinkedQueue<>();

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      subscription.request(1);
    }

    @Override
    protected void hookOnNext(PartitionEvent event) {
      received.add(event);
    }

    Queue<PartitionEvent> received() {
      return received;
    }
  }
}
