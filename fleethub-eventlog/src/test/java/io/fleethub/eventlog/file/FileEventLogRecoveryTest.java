package io.fleethub.eventlog.file;

import static io.fleethub.eventlog.file.FileEventLogTest.bodies;
import static io.fleethub.eventlog.file.FileEventLogTest.event;
import static io.fleethub.eventlog.file.FileEventLogTest.segmentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.MutableClock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a log after a crash: torn tails are cut, acknowledged events stay, other corruption is refused. */
class FileEventLogRecoveryTest {
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
  private static final FileEventLogConfig ONE_PARTITION = FileEventLogConfig.defaults().withPartitionCount(1);

  @TempDir
  Path temp;

  private final MutableClock clock = new MutableClock(START);
  private final List<FileEventLog> opened = new ArrayList<>();

  @AfterEach
  void closeLogs() {
    opened.forEach(FileEventLog::close);
  }

  @Test
  void cutsAPartlyWrittenFrameAndKeepsEverythingBefore() throws Exception {
    Path segment = writeEvents(ONE_PARTITION, 3);
    long validSize = Files.size(segment);
    appendBytes(segment, ByteBuffer.allocate(18).putInt(200).putInt(12345).putLong(3).array());

    FileEventLog log = open(ONE_PARTITION);

    assertThat(bodies(log.read(0, 0, 10))).containsExactly("event-0", "event-1", "event-2");
    assertThat(Files.size(segment)).isEqualTo(validSize);
    assertThat(log.append(0, event(START, "event-3")).get(10, TimeUnit.SECONDS).sequenceNumber()).isEqualTo(3);
  }

  @Test
  void cutsAZeroFilledTail() throws Exception {
    Path segment = writeEvents(ONE_PARTITION, 3);
    long validSize = Files.size(segment);
    appendBytes(segment, new byte[4096]);

    FileEventLog log = open(ONE_PARTITION);

    assertThat(log.partitionInfo(0).lastEnqueuedSequenceNumber()).isEqualTo(2);
    assertThat(Files.size(segment)).isEqualTo(validSize);
  }

  @Test
  void cutsALastFrameTornInTheMiddle() throws Exception {
    Path segment = writeEvents(ONE_PARTITION, 3);
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(file.length() - 5);
    }

    FileEventLog log = open(ONE_PARTITION);

    assertThat(bodies(log.read(0, 0, 10))).containsExactly("event-0", "event-1");
    assertThat(log.append(0, event(START, "again")).get(10, TimeUnit.SECONDS).sequenceNumber()).isEqualTo(2);
  }

  @Test
  void cutsALastFrameThatFailsItsChecksum() throws Exception {
    Path segment = writeEvents(ONE_PARTITION, 3);
    flipByte(segment, Files.size(segment) - 2);

    FileEventLog log = open(ONE_PARTITION);

    assertThat(bodies(log.read(0, 0, 10))).containsExactly("event-0", "event-1");
  }

  @Test
  void aRepairedLogReopensWithEverythingAppendedAfterTheRepair() throws Exception {
    Path segment = writeEvents(ONE_PARTITION, 3);
    appendBytes(segment, new byte[] {0, 0, 1});
    FileEventLog repaired = open(ONE_PARTITION);
    repaired.append(0, event(START, "event-3")).get(10, TimeUnit.SECONDS);
    repaired.close();

    FileEventLog reopened = open(ONE_PARTITION);

    assertThat(bodies(reopened.read(0, 0, 10))).containsExactly("event-0", "event-1", "event-2", "event-3");
  }

  @Test
  void enqueuedTimesGoOnFromTheLastEventAfterReopening() throws Exception {
    // GIVEN a log whose last event was enqueued at START + 10 s, closed
    FileEventLog first = open(ONE_PARTITION);
    first.append(0, event(START.plusSeconds(10), "before")).get(10, TimeUnit.SECONDS);
    first.close();

    // WHEN it is opened again and an event enqueued earlier is appended
    FileEventLog reopened = open(ONE_PARTITION);
    StoredEvent appended = reopened.append(0, event(START, "after")).get(10, TimeUnit.SECONDS);

    // THEN that event takes the last event's time, and reads back with it
    assertThat(appended.data().enqueuedTime()).isEqualTo(START.plusSeconds(10));
    assertThat(reopened.read(0, 0, 10)).extracting(e -> e.data().enqueuedTime())
        .containsExactly(START.plusSeconds(10), START.plusSeconds(10));
  }

  @Test
  void refusesToOpenWhenASegmentBeforeTheLastIsCorrupt() throws Exception {
    FileEventLogConfig config = ONE_PARTITION.withSegmentMaxBytes(4096);
    writeEvents(config, 200);
    Path first = segmentFiles(temp.resolve("log").resolve("partition-0")).get(0);
    flipByte(first, 100);

    assertThatThrownBy(() -> open(config))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(first.toString())
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("only the last segment of a partition may have a torn tail");
  }

  @Test
  void refusesToOpenWhenASegmentIsMissingInTheMiddle() throws Exception {
    FileEventLogConfig config = ONE_PARTITION.withSegmentMaxBytes(4096);
    writeEvents(config, 200);
    Files.delete(segmentFiles(temp.resolve("log").resolve("partition-0")).get(2));

    assertThatThrownBy(() -> open(config))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has a gap");
  }

  /** Writes {@code count} events to partition 0, closes the log and returns its last segment file. */
  private Path writeEvents(FileEventLogConfig config, int count) throws Exception {
    FileEventLog log = FileEventLog.open(temp.resolve("log"), config, clock);
    try {
      for (int i = 0; i < count; i++) {
        log.append(0, event(START, "event-" + i)).get(10, TimeUnit.SECONDS);
      }
    } finally {
      log.close();
    }
    List<Path> segments = segmentFiles(temp.resolve("log").resolve("partition-0"));
    return segments.get(segments.size() - 1);
  }

  private FileEventLog open(FileEventLogConfig config) throws IOException {
    FileEventLog log = FileEventLog.open(temp.resolve("log"), config, clock);
    opened.add(log);
    return log;
  }

  private static void appendBytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      int value = raf.read();
      raf.seek(position);
      raf.write(value ^ 0xff);
    }
  }
}
