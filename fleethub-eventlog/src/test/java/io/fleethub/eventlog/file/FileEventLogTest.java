package io.fleethub.eventlog.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.EventLogContract;
import io.fleethub.testkit.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventLogTest implements EventLogContract {
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  @TempDir
  Path temp;

  private final List<EventLog> opened = new ArrayList<>();
  private final MutableClock clock = new MutableClock(START);

  @Override
  public EventLog newLog(int partitions, Clock clock) throws IOException {
    return track(FileEventLog.open(temp.resolve("log-" + opened.size()),
        FileEventLogConfig.defaults().withPartitionCount(partitions), clock));
  }

  @AfterEach
  void closeLogs() {
    opened.forEach(EventLog::close);
  }

  @Test
  void reopenedLogKeepsItsEventsAndContinuesTheNumbering() throws Exception {
    Path directory = temp.resolve("log");
    FileEventLog first = open(directory, FileEventLogConfig.defaults().withPartitionCount(2));
    append(first, 1, "e0");
    append(first, 1, "e1");
    first.close();

    FileEventLog second = open(directory, FileEventLogConfig.defaults().withPartitionCount(2));
    StoredEvent next = append(second, 1, "e2");

    assertThat(next.sequenceNumber()).isEqualTo(2);
    assertThat(bodies(second.read(1, 0, 10))).containsExactly("e0", "e1", "e2");
    assertThat(second.partitionInfo(1).lastEnqueuedTime()).contains(START);
    assertThat(second.partitionInfo(0).isEmpty()).isTrue();
  }

  @Test
  void refusesToOpenWithAnotherPartitionCount() throws Exception {
    Path directory = temp.resolve("log");
    open(directory, FileEventLogConfig.defaults().withPartitionCount(4)).close();

    assertThatThrownBy(() -> open(directory, FileEventLogConfig.defaults().withPartitionCount(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("created with 4 partitions")
        .hasMessageContaining("asks for 2");
  }

  @Test
  void refusesASecondOpenOfTheSameDirectory() throws Exception {
    Path directory = temp.resolve("log");
    open(directory, FileEventLogConfig.defaults());

    assertThatThrownBy(() -> open(directory, FileEventLogConfig.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already in use");
  }

  @Test
  void writesTheDocumentedLayout() throws Exception {
    Path directory = temp.resolve("log");
    FileEventLog log = open(directory, FileEventLogConfig.defaults().withPartitionCount(2));
    append(log, 1, "e0");

    assertThat(directory.resolve("eventlog.properties")).content().contains("partitionCount=2");
    assertThat(directory.resolve("partition-0").resolve("00000000000000000000.seg")).isEmptyFile();
    assertThat(Files.size(directory.resolve("partition-1").resolve("00000000000000000000.seg"))).isPositive();
  }

  @Test
  void rollsSegmentsAndReadsAcrossThem() throws Exception {
    Path directory = temp.resolve("log");
    FileEventLog log = open(directory, FileEventLogConfig.defaults().withPartitionCount(1).withSegmentMaxBytes(4096));
    List<CompletableFuture<StoredEvent>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      futures.add(log.append(0, event(START.plusSeconds(i), "event-" + i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(segmentFiles(directory.resolve("partition-0"))).hasSizeGreaterThan(10);
    assertThat(log.read(0, 0, 1000)).extracting(StoredEvent::sequenceNumber).hasSize(500).isSorted();
    assertThat(bodies(log.read(0, 333, 3))).containsExactly("event-333", "event-334", "event-335");
    assertThat(log.sequenceNumberAt(0, START.plusSeconds(250))).isEqualTo(250);
    assertThat(log.sequenceNumberAt(0, START.plusMillis(250_500))).isEqualTo(251);

    log.close();
    FileEventLog reopened = open(directory, FileEventLogConfig.defaults().withPartitionCount(1)
        .withSegmentMaxBytes(4096));
    assertThat(bodies(reopened.read(0, 444, 2))).containsExactly("event-444", "event-445");
    assertThat(reopened.sequenceNumberAt(0, START.plusSeconds(499))).isEqualTo(499);
  }

  @Test
  void storesAnEventLargerThanASegmentInASegmentOfItsOwn() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults().withPartitionCount(1)
        .withSegmentMaxBytes(4096));
    byte[] large = new byte[1024 * 1024];
    new Random(7).nextBytes(large);
    append(log, 0, "before");
    log.append(0, new EventData(START, "device", Map.of(), Map.of(), large)).get(10, TimeUnit.SECONDS);
    append(log, 0, "after");

    List<StoredEvent> read = log.read(0, 0, 10);

    assertThat(read).hasSize(3);
    assertThat(read.get(1).data().body()).isEqualTo(large);
    assertThat(bodies(read.subList(2, 3))).containsExactly("after");
  }

  @Test
  void failsAnAppendLargerThanTheEventLimit() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults());
    byte[] tooLarge = new byte[FileEventLogConfig.MAX_EVENT_BYTES];

    CompletableFuture<StoredEvent> future = log.append(0, new EventData(START, "d", Map.of(), Map.of(), tooLarge));

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the event log's limit");
    assertThat(log.partitionInfo(0).isEmpty()).isTrue();
  }

  @Test
  void keepsEnqueuedTimesToTheMillisecond() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults());
    Instant precise = START.plusNanos(1_234_567);

    StoredEvent appended = log.append(0, event(precise, "e")).get(10, TimeUnit.SECONDS);

    assertThat(appended.data().enqueuedTime()).isEqualTo(START.plusMillis(1));
    assertThat(log.read(0, 0, 1).get(0).data().enqueuedTime()).isEqualTo(START.plusMillis(1));
    assertThat(log.sequenceNumberAt(0, START.plusNanos(1_000_001))).isEqualTo(1);
    assertThat(log.sequenceNumberAt(0, START.plusNanos(1_000_000))).isZero();
  }

  @Test
  void offsetsAreCanonicalDecimalSequenceNumbersAlreadyWritten() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults());
    append(log, 0, "e0");
    append(log, 0, "e1");

    assertThat(log.read(0, 0, 2)).extracting(StoredEvent::offset).containsExactly("0", "1");
    assertThat(log.sequenceNumberOf(0, "1")).isEqualTo(1);
    for (String foreign : List.of("2", "-1", "01", "+1", " 1", "1.0", "99999999999999999999")) {
      assertThatThrownBy(() -> log.sequenceNumberOf(0, foreign)).as(foreign)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not an offset of partition 0");
    }
  }

  @Test
  void rejectsPartitionsOutOfRangeAndANegativeMaximum() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults().withPartitionCount(2));

    assertThatThrownBy(() -> log.append(2, event(START, "e"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition must be between 0 and 1, was 2");
    assertThatThrownBy(() -> log.read(-1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.read(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(log.read(0, 0, 0)).isEmpty();
  }

  @Test
  void refusesUseAfterClose() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults());
    log.close();
    log.close();

    assertThatThrownBy(() -> log.append(0, event(START, "late")).get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> log.read(0, 0, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailingListenerDoesNotStopOthersNorTheWriter() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults());
    Semaphore called = new Semaphore(0);
    log.onAppended(0, () -> {
      throw new IllegalStateException("listener failure for the test");
    });
    log.onAppended(0, called::release);

    append(log, 0, "e0");
    append(log, 0, "e1");

    assertThat(called.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusesToBeClosedFromItsOwnWriterThread() throws Exception {
    FileEventLog log = open(temp.resolve("log"), FileEventLogConfig.defaults());
    CompletableFuture<Throwable> closeFailure = new CompletableFuture<>();
    log.onAppended(0, () -> {
      try {
        log.close();
        closeFailure.complete(null);
      } catch (RuntimeException e) {
        closeFailure.complete(e);
      }
    });

    append(log, 0, "e0");

    assertThat(closeFailure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("own writer thread");
    assertThat(append(log, 0, "e1").sequenceNumber()).isEqualTo(1);
  }

  static EventData event(Instant time, String body) {
    return new EventData(time, "device", Map.of("message-id", body), Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> bodies(List<StoredEvent> events) {
    return events.stream().map(e -> new String(e.data().body(), StandardCharsets.UTF_8)).toList();
  }

  static List<Path> segmentFiles(Path partitionDirectory) throws IOException {
    try (Stream<Path> files = Files.list(partitionDirectory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  private StoredEvent append(EventLog log, int partition, String body) throws Exception {
    return log.append(partition, event(START, body)).get(10, TimeUnit.SECONDS);
  }

  private FileEventLog open(Path directory, FileEventLogConfig config) throws IOException {
    return track(FileEventLog.open(directory, config, clock));
  }

  private <T extends EventLog> T track(T log) {
    opened.add(log);
    return log;
  }
}
