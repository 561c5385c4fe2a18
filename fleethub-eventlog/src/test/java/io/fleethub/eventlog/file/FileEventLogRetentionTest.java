package io.fleethub.eventlog.file;

import static io.fleethub.eventlog.file.FileEventLogTest.event;
import static io.fleethub.eventlog.file.FileEventLogTest.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.eventlog.PartitionInfo;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole segments go once their newest event is older than the retention; numbering goes on. */
class FileEventLogRetentionTest {
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
  private static final FileEventLogConfig CONFIG = FileEventLogConfig.defaults().withPartitionCount(1)
      .withSegmentMaxBytes(4096).withRetention(Duration.ofDays(1));

  @TempDir
  Path temp;

  private final MutableClock clock = new MutableClock(START);
  private final List<FileEventLog> opened = new ArrayList<>();

  @AfterEach
  void closeLogs() {
    opened.forEach(FileEventLog::close);
  }

  @Test
  void deletesSegmentsWhoseNewestEventExpiredAndKeepsTheRest() throws Exception {
    FileEventLog log = open(CONFIG);
    appendAtClock(log, 100);
    clock.advance(Duration.ofHours(12));
    appendAtClock(log, 100);
    int segmentsBefore = segments().size();

    clock.set(START.plus(Duration.ofDays(1)).plusSeconds(1));
    int deleted = log.enforceRetention();

    PartitionInfo info = log.partitionInfo(0);
    assertThat(deleted).isPositive();
    assertThat(segments()).hasSize(segmentsBefore - deleted);
    assertThat(info.beginningSequenceNumber()).isPositive().isLessThanOrEqualTo(100);
    assertThat(info.lastEnqueuedSequenceNumber()).isEqualTo(199);
    assertThat(log.read(0, 0, 1).get(0).sequenceNumber()).isEqualTo(info.beginningSequenceNumber());
    assertThat(log.read(0, 100, 1).get(0).data().enqueuedTime()).isEqualTo(START.plus(Duration.ofHours(12)));
    assertThat(log.sequenceNumberAt(0, START)).isEqualTo(info.beginningSequenceNumber());
    assertThat(log.append(0, event(clock.instant(), "new")).get(10, TimeUnit.SECONDS).sequenceNumber())
        .isEqualTo(200);
  }

  @Test
  void deletesNothingBeforeTheRetentionHasPassed() throws Exception {
    FileEventLog log = open(CONFIG);
    appendAtClock(log, 100);
    int segmentsBefore = segments().size();

    clock.advance(Duration.ofDays(1));

    assertThat(log.enforceRetention()).isZero();
    assertThat(segments()).hasSize(segmentsBefore);
    assertThat(log.partitionInfo(0).beginningSequenceNumber()).isZero();
  }

  @Test
  void anIdlePartitionWhoseEventsAllExpiredBecomesEmptyAndNumberingGoesOn() throws Exception {
    FileEventLog log = open(CONFIG);
    appendAtClock(log, 10);

    clock.advance(Duration.ofDays(3));
    log.enforceRetention();

    PartitionInfo info = log.partitionInfo(0);
    assertThat(info.isEmpty()).isTrue();
    assertThat(info.beginningSequenceNumber()).isEqualTo(10);
    assertThat(info.lastEnqueuedSequenceNumber()).isEqualTo(9);
    assertThat(log.read(0, 0, 10)).isEmpty();
    assertThat(log.sequenceNumberAt(0, START)).isEqualTo(10);
    assertThat(segments()).extracting(p -> p.getFileName().toString())
        .containsExactly("00000000000000000010.seg");

    StoredEvent next = log.append(0, event(clock.instant(), "after")).get(10, TimeUnit.SECONDS);
    assertThat(next.sequenceNumber()).isEqualTo(10);
    log.close();
    FileEventLog reopened = open(CONFIG);
    assertThat(reopened.read(0, 0, 10)).extracting(StoredEvent::sequenceNumber).containsExactly(10L);
    assertThat(reopened.append(0, event(clock.instant(), "later")).get(10, TimeUnit.SECONDS).sequenceNumber())
        .isEqualTo(11);
  }

  @Test
  void theLogEnforcesRetentionOnItsOwnSchedule() throws Exception {
    FileEventLog log = open(CONFIG.withRetentionCheckInterval(Duration.ofSeconds(1)));
    appendAtClock(log, 10);

    clock.advance(Duration.ofDays(2));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!log.partitionInfo(0).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(log.partitionInfo(0).isEmpty()).isTrue();
  }

  private void appendAtClock(FileEventLog log, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      log.append(0, event(clock.instant(), "event-" + i)).get(10, TimeUnit.SECONDS);
    }
  }

  private List<Path> segments() throws Exception {
    return segmentFiles(temp.resolve("log").resolve("partition-0"));
  }

  private FileEventLog open(FileEventLogConfig config) throws Exception {
    FileEventLog log = FileEventLog.open(temp.resolve("log"), config, clock);
    opened.add(log);
    return log;
  }
}
