package io.fleethub.eventlog.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two hub nodes, each with its own KafkaEventLog on the hub's one topic. */
class KafkaEventLogSharedTopicTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private final KafkaTestLogs logs = new KafkaTestLogs();

  @AfterEach
  void closeLogs() {
    logs.close();
  }

  @Test
  void aSecondNodeReadsTheFirstNodesAppendsAndIsNotified() throws Exception {
    KafkaEventLogConfig config = logs.newTopic(2);
    KafkaEventLog first = logs.open(config);
    KafkaEventLog second = logs.open(config);
    Semaphore notified = new Semaphore(0);
    second.onAppended(1, notified::release);

    StoredEvent appended = first.append(1, event("from the first node")).get(10, TimeUnit.SECONDS);

    assertThat(notified.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    List<StoredEvent> read = second.read(1, 0, 10);
    assertThat(read).extracting(StoredEvent::offset).containsExactly(appended.offset());
    assertThat(body(read.get(0))).isEqualTo("from the first node");
    assertThat(second.sequenceNumberOf(1, appended.offset())).isEqualTo(appended.sequenceNumber());
    assertThat(second.partitionInfo(1).lastEnqueuedOffset()).contains(appended.offset());
  }

  @Test
  void bothNodesNumberOnePartitionTogether() throws Exception {
    KafkaEventLogConfig config = logs.newTopic(1);
    KafkaEventLog first = logs.open(config);
    KafkaEventLog second = logs.open(config);

    StoredEvent a = first.append(0, event("a")).get(10, TimeUnit.SECONDS);
    StoredEvent b = second.append(0, event("b")).get(10, TimeUnit.SECONDS);
    StoredEvent c = first.append(0, event("c")).get(10, TimeUnit.SECONDS);

    assertThat(List.of(a, b, c)).extracting(StoredEvent::sequenceNumber).containsExactly(0L, 1L, 2L);
    assertThat(first.read(0, 0, 10)).extracting(KafkaEventLogSharedTopicTest::body).containsExactly("a", "b", "c");
  }

  @Test
  void enqueuedTimesNeverDecreaseWhicheverNodeAppends() throws Exception {
    // GIVEN two nodes on one topic, whose events carry times that go back from one node to the other
    KafkaEventLogConfig config = logs.newTopic(1);
    KafkaEventLog first = logs.open(config);
    KafkaEventLog second = logs.open(config);

    // WHEN they append in turn
    for (int i = 0; i < 10; i++) {
      KafkaEventLog node = i % 2 == 0 ? first : second;
      node.append(0, event(T0.plusSeconds(i % 2 == 0 ? 60 - i : i), "event-" + i)).get(10, TimeUnit.SECONDS);
    }

    // THEN the partition's enqueued times follow its sequence numbers
    assertThat(second.read(0, 0, 20)).hasSize(10).extracting(e -> e.data().enqueuedTime()).isSorted();
  }

  @Test
  void stopsWatchingOnceTheLastCallbackIsRemoved() throws Exception {
    KafkaEventLogConfig config = logs.newTopic(1);
    KafkaEventLog first = logs.open(config);
    KafkaEventLog second = logs.open(config);
    Semaphore kept = new Semaphore(0);
    AutoCloseable handle = second.onAppended(0, kept::release);
    first.append(0, event("seen")).get(10, TimeUnit.SECONDS);
    assertThat(kept.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

    handle.close();
    first.append(0, event("unseen")).get(10, TimeUnit.SECONDS);

    assertThat(kept.tryAcquire(500, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(second.read(0, 0, 10)).extracting(KafkaEventLogSharedTopicTest::body).containsExactly("seen", "unseen");
  }

  private static EventData event(String body) {
    return event(T0, body);
  }

  private static EventData event(Instant time, String body) {
    return new EventData(time, "device", Map.of("message-id", body), Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  private static String body(StoredEvent event) {
    return new String(event.data().body(), StandardCharsets.UTF_8);
  }
}
