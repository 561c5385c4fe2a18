package io.fleethub.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The behaviour the {@link EventLog} javadoc promises, run against every implementation:
 * {@code class FileEventLogTest implements EventLogContract}. Each test opens its own log through
 * {@link #newLog} and closes it. Times are whole milliseconds, the precision IoT Hub gives enqueued times.
 */
public interface EventLogContract {
  Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  long TIMEOUT_SECONDS = 10;

  /** A new, empty log with {@code partitions} partitions that tells time by {@code clock}. */
  EventLog newLog(int partitions, Clock clock) throws Exception;

  /**
   * Whether the log stores each event with the enqueued time it was appended with, raised to the previous event's
   * of the partition when earlier (true), rather than stamping its own (false, as Kafka does on a
   * {@code LogAppendTime} topic). The tests that expect given times run only when true.
   */
  default boolean storesAppendedEnqueuedTimes() {
    return true;
  }

  @Test
  default void reportsItsPartitionCount() throws Exception {
    try (EventLog log = newLog(3)) {
      assertThat(log.partitionCount()).isEqualTo(3);
    }
  }

  @Test
  default void emptyPartitionReportsNothingWrittenAndNumbersFromZero() throws Exception {
    try (EventLog log = newLog(2)) {
      PartitionInfo info = log.partitionInfo(1);

      assertThat(info.partition()).isEqualTo(1);
      assertThat(info.isEmpty()).isTrue();
      assertThat(info.beginningSequenceNumber()).isZero();
      assertThat(info.lastEnqueuedSequenceNumber()).isEqualTo(-1);
      assertThat(info.lastEnqueuedOffset()).isEmpty();
      assertThat(info.lastEnqueuedTime()).isEmpty();
      assertThat(log.read(1, 0, 10)).isEmpty();
      assertThat(log.sequenceNumberAt(1, T0)).isZero();
    }
  }

  @Test
  default void numbersEachPartitionFromZeroWithoutGaps() throws Exception {
    try (EventLog log = newLog(2)) {
      List<StoredEvent> first = List.of(append(log, 0, "a"), append(log, 0, "b"), append(log, 0, "c"));
      List<StoredEvent> second = List.of(append(log, 1, "x"), append(log, 1, "y"));

      assertThat(first).extracting(StoredEvent::sequenceNumber).containsExactly(0L, 1L, 2L);
      assertThat(second).extracting(StoredEvent::sequenceNumber).containsExactly(0L, 1L);
      assertThat(first).extracting(StoredEvent::partition).containsOnly(0);
      assertThat(second).extracting(StoredEvent::partition).containsOnly(1);
    }
  }

  @Test
  default void readsEventsInTheOrderOfTheAppendCalls() throws Exception {
    try (EventLog log = newLog(1)) {
      List<CompletableFuture<StoredEvent>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(log.append(0, event(T0.plusMillis(i), "device", "event-" + i)));
      }
      awaitAll(futures);

      List<StoredEvent> read = log.read(0, 0, 1000);

      assertThat(read).extracting(StoredEvent::sequenceNumber)
          .containsExactlyElementsOf(sequence(0, 200));
      assertThat(read).extracting(e -> text(e.data().body()))
          .containsExactlyElementsOf(sequence(0, 200).stream().map(i -> "event-" + i).toList());
    }
  }

  @Test
  default void appendCompletesWithTheEventAsItReadsBack() throws Exception {
    try (EventLog log = newLog(1)) {
      StoredEvent appended = append(log, 0, "hello");

      StoredEvent read = log.read(0, appended.sequenceNumber(), 1).get(0);

      assertThat(read.sequenceNumber()).isEqualTo(appended.sequenceNumber());
      assertThat(read.offset()).isEqualTo(appended.offset());
      assertThat(read.partition()).isEqualTo(appended.partition());
      assertSameData(read.data(), appended.data());
    }
  }

  @Test
  default void readStartsAtTheGivenSequenceNumber() throws Exception {
    try (EventLog log = newLog(1)) {
      appendTexts(log, 0, "e0", "e1", "e2", "e3", "e4");

      assertThat(log.read(0, 2, 10)).extracting(StoredEvent::sequenceNumber).containsExactly(2L, 3L, 4L);
      assertThat(log.read(0, 4, 10)).extracting(e -> text(e.data().body())).containsExactly("e4");
    }
  }

  @Test
  default void readBeforeTheBeginningStartsAtTheFirstEvent() throws Exception {
    try (EventLog log = newLog(1)) {
      appendTexts(log, 0, "e0", "e1");

      assertThat(log.read(0, -5, 10)).extracting(StoredEvent::sequenceNumber).containsExactly(0L, 1L);
    }
  }

  @Test
  default void readReturnsAtMostMaxEvents() throws Exception {
    try (EventLog log = newLog(1)) {
      appendTexts(log, 0, "e0", "e1", "e2", "e3", "e4");

      assertThat(log.read(0, 0, 2)).extracting(StoredEvent::sequenceNumber).containsExactly(0L, 1L);
      assertThat(log.read(0, 3, 1)).extracting(StoredEvent::sequenceNumber).containsExactly(3L);
    }
  }

  @Test
  default void readAtOrBeyondTheEndIsEmpty() throws Exception {
    try (EventLog log = newLog(1)) {
      appendTexts(log, 0, "e0", "e1", "e2");

      assertThat(log.read(0, 3, 10)).isEmpty();
      assertThat(log.read(0, 1_000_000, 10)).isEmpty();
    }
  }

  @Test
  default void partitionsAreIndependent() throws Exception {
    try (EventLog log = newLog(3)) {
      appendTexts(log, 0, "zero-a", "zero-b");
      appendTexts(log, 2, "two-a");

      assertThat(log.read(0, 0, 10)).extracting(e -> text(e.data().body())).containsExactly("zero-a", "zero-b");
      assertThat(log.read(1, 0, 10)).isEmpty();
      assertThat(log.read(2, 0, 10)).extracting(e -> text(e.data().body())).containsExactly("two-a");
      assertThat(log.partitionInfo(1).isEmpty()).isTrue();
    }
  }

  @Test
  default void partitionInfoDescribesTheLastEvent() throws Exception {
    try (EventLog log = newLog(2)) {
      append(log, 1, event(T0, "device", "first"));
      StoredEvent last = append(log, 1, event(T0.plusSeconds(5), "device", "last"));

      PartitionInfo info = log.partitionInfo(1);

      assertThat(info.partition()).isEqualTo(1);
      assertThat(info.isEmpty()).isFalse();
      assertThat(info.beginningSequenceNumber()).isZero();
      assertThat(info.lastEnqueuedSequenceNumber()).isEqualTo(1);
      assertThat(info.lastEnqueuedOffset()).contains(last.offset());
      assertThat(info.lastEnqueuedTime()).contains(last.data().enqueuedTime());
      if (storesAppendedEnqueuedTimes()) {
        assertThat(info.lastEnqueuedTime()).contains(T0.plusSeconds(5));
      }
    }
  }

  @Test
  default void sequenceNumberAtFindsTheFirstEventAtOrAfterTheTime() throws Exception {
    assumeTrue(storesAppendedEnqueuedTimes(), "the log stamps its own times");
    try (EventLog log = newLog(1)) {
      append(log, 0, event(T0, "device", "e0"));
      append(log, 0, event(T0.plusSeconds(10), "device", "e1"));
      append(log, 0, event(T0.plusSeconds(20), "device", "e2"));

      assertThat(log.sequenceNumberAt(0, T0.minusSeconds(60))).isZero();
      assertThat(log.sequenceNumberAt(0, T0)).isZero();
      assertThat(log.sequenceNumberAt(0, T0.plusSeconds(5))).isEqualTo(1);
      assertThat(log.sequenceNumberAt(0, T0.plusSeconds(10))).isEqualTo(1);
      assertThat(log.sequenceNumberAt(0, T0.plusSeconds(15))).isEqualTo(2);
      assertThat(log.sequenceNumberAt(0, T0.plusSeconds(21))).isEqualTo(3);
    }
  }

  @Test
  default void enqueuedTimesNeverDecreaseAlongAPartitionWhateverTimesTheEventsCarry() throws Exception {
    // GIVEN events appended, without waiting for each other, with times that go back and forth
    List<Instant> times = List.of(T0.plusSeconds(5), T0.plusSeconds(3), T0.plusSeconds(7), T0.plusSeconds(1),
        T0.plusSeconds(7), T0.plusSeconds(8), T0.plusMillis(2));
    Map<String, Instant> appendedTimes = new HashMap<>();
    try (EventLog log = newLog(2)) {
      List<CompletableFuture<StoredEvent>> futures = new ArrayList<>();
      for (int i = 0; i < times.size(); i++) {
        appendedTimes.put("event-" + i, times.get(i));
        futures.add(log.append(1, event(times.get(i), "device-" + i % 3, "event-" + i)));
      }
      awaitAll(futures);
      List<StoredEvent> appended = futures.stream().map(CompletableFuture::join).toList();

      // WHEN they are read back
      List<StoredEvent> read = log.read(1, 0, 100);

      // THEN their enqueued times never decrease along the sequence numbers, as appended and as read
      assertThat(appended).extracting(StoredEvent::sequenceNumber).containsExactlyElementsOf(sequence(0, times.size()));
      assertThat(enqueuedTimes(appended)).isSorted();
      assertThat(enqueuedTimes(read)).isEqualTo(enqueuedTimes(appended));
      assertThat(log.partitionInfo(1).lastEnqueuedTime())
          .contains(appended.get(times.size() - 1).data().enqueuedTime());
      // AND each is its own time unless the event before it was later
      if (storesAppendedEnqueuedTimes()) {
        assertThat(enqueuedTimes(read)).containsExactly(T0.plusSeconds(5), T0.plusSeconds(5), T0.plusSeconds(7),
            T0.plusSeconds(7), T0.plusSeconds(7), T0.plusSeconds(8), T0.plusSeconds(8));
        assertEachTimeIsTheLaterOfItsOwnAndThePrevious(read, appendedTimes);
      }
    }
  }

  @Test
  default void enqueuedTimesNeverDecreaseWhenAppendersRaceWithTimesGoingBack() throws Exception {
    int writers = 4;
    int perWriter = 100;
    Map<String, Instant> appendedTimes = new ConcurrentHashMap<>();
    try (EventLog log = newLog(1)) {
      // GIVEN writers racing to one partition, each appending events with times going back
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<CompletableFuture<StoredEvent>> futures = Collections.synchronizedList(new ArrayList<>());
      for (int w = 0; w < writers; w++) {
        int writer = w;
        threads.add(new Thread(() -> {
          awaitQuietly(start);
          for (int n = 0; n < perWriter; n++) {
            String body = "writer-" + writer + ":" + n;
            Instant time = T0.plusMillis((long) (perWriter - n) * writers + writer);
            appendedTimes.put(body, time);
            futures.add(log.append(0, event(time, "writer-" + writer, body)));
          }
        }));
      }
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      }
      awaitAll(futures);

      // WHEN the partition is read
      List<StoredEvent> read = log.read(0, 0, writers * perWriter + 1);

      // THEN enqueued times never decrease along it, and each append returned the time it reads back with
      assertThat(read).hasSize(writers * perWriter);
      assertThat(enqueuedTimes(read)).isSorted();
      Map<Long, Instant> readTimes = new HashMap<>();
      read.forEach(e -> readTimes.put(e.sequenceNumber(), e.data().enqueuedTime()));
      for (CompletableFuture<StoredEvent> future : futures) {
        StoredEvent appended = future.join();
        assertThat(appended.data().enqueuedTime()).as("event %d", appended.sequenceNumber())
            .isEqualTo(readTimes.get(appended.sequenceNumber()));
      }
      if (storesAppendedEnqueuedTimes()) {
        assertEachTimeIsTheLaterOfItsOwnAndThePrevious(read, appendedTimes);
      }
    }
  }

  @Test
  default void sequenceNumberAtAgreesWithTheEnqueuedTimesReadBack() throws Exception {
    try (EventLog log = newLog(1)) {
      // GIVEN events appended with times that go back and forth
      for (int i = 0; i < 12; i++) {
        append(log, 0, event(T0.plusSeconds(i % 4 == 3 ? i - 3 : i), "device-" + i % 2, "event-" + i));
      }
      List<StoredEvent> read = log.read(0, 0, 100);
      List<Instant> probes = new ArrayList<>(List.of(T0.minusSeconds(3600), T0.plusSeconds(3600 * 24 * 3650L)));
      for (Instant time : enqueuedTimes(read)) {
        probes.addAll(List.of(time.minusMillis(1), time, time.plusNanos(500_000), time.plusMillis(1)));
      }

      for (Instant probe : probes) {
        // WHEN asked where a reader from a time starts
        long found = log.sequenceNumberAt(0, probe);

        // THEN it is the first event read back at or after that time, or the end when there is none
        long expected = read.stream().filter(e -> !e.data().enqueuedTime().isBefore(probe))
            .mapToLong(StoredEvent::sequenceNumber).findFirst().orElse(read.size());
        assertThat(found).as("sequence number at %s", probe).isEqualTo(expected);
        // AND a reader starting there misses no event enqueued at or after the time, and gets none before it
        assertThat(read.subList(0, (int) found)).as("events before %s", probe)
            .allMatch(e -> e.data().enqueuedTime().isBefore(probe));
        assertThat(read.subList((int) found, read.size())).as("events from %s", probe)
            .noneMatch(e -> e.data().enqueuedTime().isBefore(probe));
      }
    }
  }

  @Test
  default void sequenceNumberOfRoundTripsEveryOffset() throws Exception {
    try (EventLog log = newLog(2)) {
      List<StoredEvent> events = appendTexts(log, 1, "e0", "e1", "e2");

      for (StoredEvent event : events) {
        assertThat(log.sequenceNumberOf(1, event.offset())).isEqualTo(event.sequenceNumber());
      }
      for (StoredEvent event : log.read(1, 0, 10)) {
        assertThat(log.sequenceNumberOf(1, event.offset())).isEqualTo(event.sequenceNumber());
      }
    }
  }

  @Test
  default void sequenceNumberOfRejectsAnOffsetTheLogDidNotProduce() throws Exception {
    try (EventLog log = newLog(1)) {
      appendTexts(log, 0, "e0");

      assertThatThrownBy(() -> log.sequenceNumberOf(0, "not-an-offset"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> log.sequenceNumberOf(0, ""))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  default void onAppendedRunsOnceNewEventsAreReadable() throws Exception {
    try (EventLog log = newLog(2)) {
      AtomicReference<List<StoredEvent>> readInCallback = new AtomicReference<>();
      CountDownLatch called = new CountDownLatch(1);
      log.onAppended(1, () -> {
        readInCallback.compareAndSet(null, log.read(1, 0, 10));
        called.countDown();
      });

      append(log, 1, "news");

      assertThat(called.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(readInCallback.get()).extracting(e -> text(e.data().body())).containsExactly("news");
    }
  }

  @Test
  default void onAppendedStopsAfterItsHandleIsClosed() throws Exception {
    try (EventLog log = newLog(1)) {
      AtomicInteger removedCalls = new AtomicInteger();
      Semaphore keptCalls = new Semaphore(0);
      AutoCloseable removed = log.onAppended(0, removedCalls::incrementAndGet);
      log.onAppended(0, keptCalls::release);

      removed.close();
      append(log, 0, "first");
      assertThat(keptCalls.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      append(log, 0, "second");
      assertThat(keptCalls.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

      assertThat(removedCalls).hasValue(0);
    }
  }

  @Test
  default void concurrentAppendersToOnePartitionEachKeepTheirOrder() throws Exception {
    int writers = 4;
    int perWriter = 250;
    try (EventLog log = newLog(1)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<CompletableFuture<StoredEvent>> futures = Collections.synchronizedList(new ArrayList<>());
      for (int w = 0; w < writers; w++) {
        String writer = "writer-" + w;
        threads.add(new Thread(() -> {
          awaitQuietly(start);
          for (int n = 0; n < perWriter; n++) {
            futures.add(log.append(0, event(T0, writer, writer + ":" + n)));
          }
        }));
      }
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      }
      awaitAll(futures);

      List<StoredEvent> read = log.read(0, 0, writers * perWriter + 1);

      assertThat(read).extracting(StoredEvent::sequenceNumber)
          .containsExactlyElementsOf(sequence(0, writers * perWriter));
      for (int w = 0; w < writers; w++) {
        String writer = "writer-" + w;
        List<String> own = read.stream().filter(e -> e.data().partitionKey().equals(writer))
            .map(e -> text(e.data().body())).toList();
        assertThat(own).as("events of %s in sequence order", writer)
            .containsExactlyElementsOf(sequence(0, perWriter).stream().map(n -> writer + ":" + n).toList());
      }
    }
  }

  @Test
  default void propertiesAndBinaryBodySurviveTheRoundTrip() throws Exception {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    EventData full = new EventData(T0.plusMillis(123), "dévice-ü",
        Map.of("iothub-connection-device-id", "dévice-ü", "content-type", "application/octet-stream", "empty", ""),
        Map.of("temperature", "21.5", "ключ", "значение ✓", "", "empty key"), everyByte);
    EventData bare = new EventData(T0.plusMillis(456), "", Map.of(), Map.of(), new byte[0]);
    try (EventLog log = newLog(1)) {
      StoredEvent appendedFull = append(log, 0, full);
      StoredEvent appendedBare = append(log, 0, bare);

      List<StoredEvent> read = log.read(0, 0, 10);

      assertSameData(read.get(0).data(), appendedFull.data());
      assertSameContent(read.get(0).data(), full);
      assertSameData(read.get(1).data(), appendedBare.data());
      assertSameContent(read.get(1).data(), bare);
      if (storesAppendedEnqueuedTimes()) {
        assertThat(enqueuedTimes(read)).containsExactly(full.enqueuedTime(), bare.enqueuedTime());
      }
    }
  }

  @Test
  default void closeSettlesTheAppendsInFlight() throws Exception {
    EventLog log = newLog(2);
    List<CompletableFuture<StoredEvent>> futures = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      futures.add(log.append(i % 2, event(T0, "device", "event-" + i)));
    }

    log.close();

    assertThat(futures).allSatisfy(future -> assertThat(future).isDone());
  }

  @Test
  default void everyCompletedAppendIsReadable() throws Exception {
    try (EventLog log = newLog(1)) {
      List<CompletableFuture<StoredEvent>> futures = new ArrayList<>();
      List<Long> missing = Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 100; i++) {
        futures.add(log.append(0, event(T0, "device", "event-" + i)).whenComplete((stored, error) -> {
          if (stored != null && log.read(0, stored.sequenceNumber(), 1).isEmpty()) {
            missing.add(stored.sequenceNumber());
          }
        }));
      }
      awaitAll(futures);

      assertThat(missing).isEmpty();
    }
  }

  private EventLog newLog(int partitions) throws Exception {
    return newLog(partitions, new MutableClock(T0));
  }

  private static EventData event(Instant time, String partitionKey, String body) {
    return new EventData(time, partitionKey, Map.of("message-id", body), Map.of("source", "contract"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static StoredEvent append(EventLog log, int partition, String body) throws Exception {
    return append(log, partition, event(T0, "device", body));
  }

  private static StoredEvent append(EventLog log, int partition, EventData event) throws Exception {
    return log.append(partition, event).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static List<StoredEvent> appendTexts(EventLog log, int partition, String... bodies) throws Exception {
    List<StoredEvent> stored = new ArrayList<>();
    for (String body : bodies) {
      stored.add(append(log, partition, body));
    }
    return stored;
  }

  private static void awaitAll(List<CompletableFuture<StoredEvent>> futures) throws Exception {
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Long> sequence(long from, long to) {
    List<Long> numbers = new ArrayList<>();
    for (long n = from; n < to; n++) {
      numbers.add(n);
    }
    return numbers;
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static List<Instant> enqueuedTimes(List<StoredEvent> events) {
    return events.stream().map(e -> e.data().enqueuedTime()).toList();
  }

  /** Events in sequence order, each with the later of the time its body was appended with and its predecessor's. */
  private static void assertEachTimeIsTheLaterOfItsOwnAndThePrevious(List<StoredEvent> events,
      Map<String, Instant> appendedTimes) {
    Instant previous = Instant.MIN;
    for (StoredEvent event : events) {
      Instant own = appendedTimes.get(text(event.data().body()));
      Instant expected = own.isBefore(previous) ? previous : own;
      assertThat(event.data().enqueuedTime()).as("enqueued time of event %d", event.sequenceNumber())
          .isEqualTo(expected);
      previous = expected;
    }
  }

  private static void assertSameData(EventData actual, EventData expected) {
    assertThat(actual.enqueuedTime()).isEqualTo(expected.enqueuedTime());
    assertSameContent(actual, expected);
  }

  /** Everything but the enqueued time. */
  private static void assertSameContent(EventData actual, EventData expected) {
    assertThat(actual.partitionKey()).isEqualTo(expected.partitionKey());
    assertThat(actual.systemProperties()).isEqualTo(expected.systemProperties());
    assertThat(actual.applicationProperties()).isEqualTo(expected.applicationProperties());
    assertThat(actual.body()).isEqualTo(expected.body());
  }
}
