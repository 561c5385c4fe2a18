package io.fleethub.eventlog.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends in a loop and reports every acknowledged append; it is killed with SIGKILL mid-flight.
 * Reopening the log must find every acknowledged event, intact, with contiguous sequence numbers.
 */
class KillDashNineTest {
  private static final Pattern ACK = Pattern.compile("ack (\\d+) (\\d+) end");

  @TempDir
  Path temp;

  @Test
  void everyAcknowledgedEventSurvivesKillDashNine() throws Exception {
    Path directory = temp.resolve("log");
    Path stderr = temp.resolve("child-stderr.txt");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), AppendUntilKilled.class.getName(),
        directory.toString())
        .redirectError(stderr.toFile())
        .start();
    long[] maxAcked = {-1, -1};
    ConcurrentHashMap<Integer, Long> acked = new ConcurrentHashMap<>();
    CountDownLatch firstAck = new CountDownLatch(1);
    Thread reader = new Thread(() -> collectAcks(child, acked, firstAck));
    reader.start();

    if (!firstAck.await(30, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      fail("the child acknowledged nothing within 30 s; its stderr: " + Files.readString(stderr));
    }
    Thread.sleep(1000);
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(TimeUnit.SECONDS.toMillis(30));
    acked.forEach((partition, sequence) -> maxAcked[partition] = sequence);

    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    try (FileEventLog log = FileEventLog.open(directory, AppendUntilKilled.CONFIG,
        new MutableClock(Instant.now()))) {
      for (int partition = 0; partition < 2; partition++) {
        List<StoredEvent> events = readAll(log, partition);
        assertThat(maxAcked[partition]).as("acknowledged in partition %d", partition).isNotNegative();
        assertThat(events).as("partition %d holds every acknowledged event", partition)
            .hasSizeGreaterThan((int) maxAcked[partition]);
        for (int i = 0; i < events.size(); i++) {
          StoredEvent event = events.get(i);
          assertThat(event.sequenceNumber()).isEqualTo(i);
          assertThat(event.data().body()).as("body of %d/%d", partition, i)
              .isEqualTo(AppendUntilKilled.body(partition, i));
        }
        StoredEvent next = log.append(partition, AppendUntilKilled.event(partition, events.size()))
            .get(10, TimeUnit.SECONDS);
        assertThat(next.sequenceNumber()).isEqualTo(events.size());
      }
    }
    System.out.printf("kill -9 after acknowledgements up to %s; all survived%n", acked);
  }

  private static void collectAcks(Process child, ConcurrentHashMap<Integer, Long> acked, CountDownLatch firstAck) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Matcher matcher = ACK.matcher(line);
        if (matcher.matches()) {
          acked.merge(Integer.parseInt(matcher.group(1)), Long.parseLong(matcher.group(2)), Math::max);
          firstAck.countDown();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<StoredEvent> readAll(FileEventLog log, int partition) {
    List<StoredEvent> all = new ArrayList<>();
    for (List<StoredEvent> page = log.read(partition, 0, 1000); !page.isEmpty();
        page = log.read(partition, all.get(all.size() - 1).sequenceNumber() + 1, 1000)) {
      all.addAll(page);
    }
    return all;
  }
}
