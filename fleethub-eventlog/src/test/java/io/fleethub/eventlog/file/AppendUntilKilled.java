package io.fleethub.eventlog.file;

import io.fleethub.core.eventlog.EventData;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The victim of {@link KillDashNineTest}, run in a child JVM: appends to a log in {@code args[0]} until it is
 * killed, keeping up to 256 appends in flight, and prints {@code ack <partition> <sequence> end} on stdout
 * for each append whose future completed.
 */
public final class AppendUntilKilled {
  static final FileEventLogConfig CONFIG = FileEventLogConfig.defaults().withPartitionCount(2)
      .withSegmentMaxBytes(256 * 1024);

  private AppendUntilKilled() {}

  public static void main(String[] args) throws Exception {
    FileEventLog log = FileEventLog.open(Path.of(args[0]), CONFIG, Clock.systemUTC());
    PrintStream out = System.out;
    Semaphore inFlight = new Semaphore(256);
    long[] next = new long[CONFIG.partitionCount()];
    for (long n = 0; ; n++) {
      int partition = (int) (n % next.length);
      long sequence = next[partition]++;
      inFlight.acquire();
      log.append(partition, event(partition, sequence)).whenComplete((stored, error) -> {
        inFlight.release();
        if (error != null) {
          error.printStackTrace();
          return;
        }
        synchronized (out) {
          out.println("ack " + stored.partition() + " " + stored.sequenceNumber() + " end");
          out.flush();
        }
      });
    }
  }

  /** The event appended as number {@code sequence} of {@code partition}: its body varies in length and bytes. */
  static EventData event(int partition, long sequence) {
    return new EventData(Clock.systemUTC().instant(), "device-" + partition,
        Map.of("message-id", partition + "-" + sequence), Map.of(), body(partition, sequence));
  }

  static byte[] body(int partition, long sequence) {
    byte[] label = (partition + ":" + sequence + ":").getBytes(StandardCharsets.UTF_8);
    byte[] body = Arrays.copyOf(label, label.length + (int) (sequence * 7919 % 2000));
    for (int i = label.length; i < body.length; i++) {
      body[i] = (byte) (sequence * 31 + i);
    }
    return body;
  }
}
