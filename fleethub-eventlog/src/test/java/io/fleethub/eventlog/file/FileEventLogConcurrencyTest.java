package io.fleethub.eventlog.file;

import static io.fleethub.eventlog.file.FileEventLogTest.bodies;
import static io.fleethub.eventlog.file.FileEventLogTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.MutableClock;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers, retention and appenders at once. */
class FileEventLogConcurrencyTest {
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
  private static final FileEventLogConfig SMALL_SEGMENTS = FileEventLogConfig.defaults().withPartitionCount(1)
      .withSegmentMaxBytes(4096);

  @TempDir
  Path temp;

  private final MutableClock clock = new MutableClock(START);
  private final List<FileEventLog> opened = new ArrayList<>();

  @AfterEach
  void closeLogs() {
    opened.forEach(FileEventLog::close);
  }

  @Test
  void readersSeeAContiguousPrefixWhileSegmentsRollAndExpire() throws Exception {
    FileEventLog log = open(SMALL_SEGMENTS);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    Thread reader = new Thread(() -> readUntilDone(log, done, readerFailure));
    reader.start();

    List<CompletableFuture<StoredEvent>> futures = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      futures.add(log.append(0, event(START.plusMillis(i), "event-" + i)));
      if (i % 500 == 499) {
        futures.get(i).get(10, TimeUnit.SECONDS);
        clock.set(START.plus(Duration.ofDays(1)).plusMillis(i - 250));
        log.enforceRetention();
      }
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    done.set(true);
    reader.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(readerFailure.get()).isNull();
    assertThat(log.partitionInfo(0).beginningSequenceNumber()).isPositive();
    assertThat(log.partitionInfo(0).lastEnqueuedSequenceNumber()).isEqualTo(2999);
  }

  @Test
  void anInterruptedReaderFailsAloneAndTheLogGoesOn() throws Exception {
    FileEventLog log = open(SMALL_SEGMENTS);
    log.append(0, event(START, "e0")).get(10, TimeUnit.SECONDS);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> log.read(0, 0, 10))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("interrupted");
    } finally {
      Thread.interrupted();
    }

    log.append(0, event(START, "e1")).get(10, TimeUnit.SECONDS);
    assertThat(bodies(log.read(0, 0, 10))).containsExactly("e0", "e1");
  }

  /** Reads from the beginning over and over; each read must be a contiguous, ordered run. */
  private static void readUntilDone(FileEventLog log, AtomicBoolean done, AtomicReference<Throwable> failure) {
    try {
      while (!done.get()) {
        long beginning = log.partitionInfo(0).beginningSequenceNumber();
        List<StoredEvent> events = log.read(0, beginning, 400);
        for (int i = 1; i < events.size(); i++) {
          if (events.get(i).sequenceNumber() != events.get(i - 1).sequenceNumber() + 1) {
            throw new AssertionError("gap after " + events.get(i - 1).sequenceNumber());
          }
        }
        for (StoredEvent event : events) {
          String body = bodies(List.of(event)).get(0);
          if (!body.equals("event-" + event.sequenceNumber())) {
            throw new AssertionError("event " + event.sequenceNumber() + " has body " + body);
          }
        }
      }
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  private FileEventLog open(FileEventLogConfig config) throws Exception {
    FileEventLog log = FileEventLog.open(temp.resolve("log"), config, clock);
    opened.add(log);
    return log;
  }
}
