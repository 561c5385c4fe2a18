package io.fleethub.compat.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventProcessorClient;
import com.azure.messaging.eventhubs.EventProcessorClientBuilder;
import com.azure.messaging.eventhubs.LoadBalancingStrategy;
import com.azure.messaging.eventhubs.models.Checkpoint;
import com.azure.messaging.eventhubs.models.EventPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The official Event Hubs SDK's {@link EventProcessorClient} (azure-messaging-eventhubs 5.21.3) reading the
 * built-in endpoint over TLS, with its partitions' ownership and checkpoints in a checkpoint store the
 * application provides, here {@link InMemoryCheckpointStore}: the way a back end scales out and resumes.
 */
class EventProcessorCheckpointTest {
  private static final int MESSAGES_PER_DEVICE = 25;
  /** A partition no device sends to: the processor owns it too, but never checkpoints it. */
  private static final int EMPTY_PARTITION = 3;
  /** The processor claims every partition within its first load-balancing run, 0 to 2 s after its start. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** One event as a processor handed it to the application. */
  private record Processed(String processor, String partition, String messageId, String deviceId) {}

  @Test
  void aProcessorRestartedOnTheSameCheckpointsProcessesEveryMessageExactlyOnce() throws Exception {
    try (CompatHub hub = CompatHub.start();
        DeviceFleet fleet = DeviceFleet.connect(hub, DeviceFleet.idsLeavingOnePartitionEmpty(hub, EMPTY_PARTITION))) {
      // GIVEN a processor that checkpoints after each event, started before the devices send
      InMemoryCheckpointStore store = new InMemoryCheckpointStore();
      Queue<Processed> processed = new ConcurrentLinkedQueue<>();
      Queue<Throwable> firstErrors = new ConcurrentLinkedQueue<>();
      EventProcessorClient first = processor(hub, store, "first", processed, firstErrors);
      first.start();
      Map<String, List<SentMessage>> beforeRestart;
      try {
        beforeRestart = fleet.sendEach(MESSAGES_PER_DEVICE);
        await().atMost(WAIT).until(() -> processed.size() >= DeviceFleet.byId(beforeRestart).size());
        assertThat(firstErrors).as("errors while processing").isEmpty();
      } finally {
        first.stop();
      }

      // WHEN, with the processor stopped, the devices send more, and a new processor starts on the same store
      Map<String, List<SentMessage>> afterRestart = fleet.sendEach(MESSAGES_PER_DEVICE);
      Map<String, SentMessage> all = DeviceFleet.byId(beforeRestart, afterRestart);
      Queue<Throwable> secondErrors = new ConcurrentLinkedQueue<>();
      EventProcessorClient second = processor(hub, store, "second", processed, secondErrors);
      second.start();
      try {
        // (were events processed again, they would come before the new ones of their partition)
        await().atMost(WAIT).until(() -> processedIds(processed).containsAll(all.keySet()));
        assertThat(secondErrors).as("errors while processing").isEmpty();
      } finally {
        second.stop();
      }

      // THEN every message was processed exactly once: the first processor's before the restart, the second's
      // after it
      assertThat(processedIds(processed)).containsExactlyInAnyOrderElementsOf(all.keySet());
      assertThat(processed).filteredOn(event -> event.processor().equals("first")).extracting(Processed::messageId)
          .containsExactlyInAnyOrderElementsOf(DeviceFleet.byId(beforeRestart).keySet());
      assertThat(processed).filteredOn(event -> event.processor().equals("second")).extracting(Processed::messageId)
          .containsExactlyInAnyOrderElementsOf(DeviceFleet.byId(afterRestart).keySet());
      // AND each device's in its send order, on its partition
      for (String device : fleet.deviceIds()) {
        assertThat(processed).filteredOn(event -> event.deviceId().equals(device))
            .as("events of %s", device)
            .allMatch(event -> event.partition().equals(Integer.toString(hub.partitionOf(device))))
            .extracting(Processed::messageId)
            .containsExactlyElementsOf(DeviceFleet.idsInSendOrder(device, beforeRestart, afterRestart));
      }
      // AND the store holds, for each partition that has events, a checkpoint at its last one (a new hub numbers
      // each partition's events from 0)
      for (int partition = 0; partition < hub.partitionCount(); partition++) {
        int onPartition = countOn(processed, partition);
        Checkpoint checkpoint = store.checkpoint(CompatHub.HOST_NAME, hub.hubName(),
            EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME, Integer.toString(partition));
        if (onPartition == 0) {
          assertThat(checkpoint).as("checkpoint of empty partition %d", partition).isNull();
        } else {
          assertThat(checkpoint.getSequenceNumber()).as("checkpoint of partition %d", partition)
              .isEqualTo(onPartition - 1);
        }
      }
    }
  }

  private static EventProcessorClient processor(CompatHub hub, InMemoryCheckpointStore store, String name,
      Queue<Processed> processed, Queue<Throwable> errors) {
    return new EventProcessorClientBuilder()
        .connectionString(hub.info().eventHubConnectionString())
        .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
        .checkpointStore(store)
        // All partitions in the first load-balancing run rather than one per run (every 30 s by default).
        .loadBalancingStrategy(LoadBalancingStrategy.GREEDY)
        .initialPartitionEventPosition(partition -> EventPosition.earliest())
        .processEvent(context -> {
          EventData event = context.getEventData();
          processed.add(new Processed(name, context.getPartitionContext().getPartitionId(), event.getMessageId(),
              (String) event.getSystemProperties().get("iothub-connection-device-id")));
          context.updateCheckpoint();
        })
        .processError(context -> errors.add(context.getThrowable()))
        .buildEventProcessorClient();
  }

  private static List<String> processedIds(Queue<Processed> processed) {
    List<String> ids = new ArrayList<>();
    processed.forEach(event -> ids.add(event.messageId()));
    return ids;
  }

  private static int countOn(Queue<Processed> processed, int partition) {
    return (int) processed.stream().filter(event -> event.partition().equals(Integer.toString(partition))).count();
  }
}
