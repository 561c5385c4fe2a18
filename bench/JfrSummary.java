import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JDK Flight Recorder file of the hub under load: where the CPU samples fall (by the hub's
 * subsystems, and the hottest methods) and how busy each group of threads was. Only events between
 * {@code --from} and {@code --to} (ISO instants) count, so a recording can be cut to the measured window.
 *
 * <pre>java bench/JfrSummary.java hub.jfr [--from 2026-11-22T10:00:05Z] [--to ...] [--top 25]</pre>
 */
public final class JfrSummary {
  /** Subsystems by the first matching frame from the top of a sampled stack; order matters. */
  private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

  static {
    CATEGORIES.put("sun.security.ssl.", "TLS (JDK SSLEngine: records, handshakes)");
    CATEGORIES.put("com.sun.crypto.", "TLS (JDK ciphers: AES-GCM)");
    CATEGORIES.put("sun.security.", "TLS (JDK: handshake crypto, RSA/EC)");
    CATEGORIES.put("java.math.BigInteger", "TLS (JDK: handshake crypto, RSA/EC)");
    CATEGORIES.put("io.netty.handler.ssl.", "TLS (Netty SslHandler)");
    CATEGORIES.put("io.netty.handler.codec.mqtt.", "MQTT codec (Netty)");
    CATEGORIES.put("io.fleethub.mqtt.", "Fleethub MQTT endpoint");
    CATEGORIES.put("io.fleethub.core.telemetry.", "Fleethub core: telemetry");
    CATEGORIES.put("io.fleethub.core.", "Fleethub core: other");
    CATEGORIES.put("io.fleethub.eventlog.", "Fleethub event log (encode, write, fsync)");
    CATEGORIES.put("io.fleethub.store.", "Fleethub SQL stores");
    CATEGORIES.put("org.sqlite.", "SQLite");
    CATEGORIES.put("io.vertx.", "Vert.x");
    CATEGORIES.put("sun.nio.ch.", "socket and selector system calls (NIO)");
    CATEGORIES.put("sun.nio.", "file I/O (NIO)");
    CATEGORIES.put("io.netty.channel.", "Netty channels and event loop");
    CATEGORIES.put("io.netty.buffer.", "Netty buffers");
    CATEGORIES.put("io.netty.", "Netty other");
    CATEGORIES.put("java.util.concurrent.", "java.util.concurrent (queues, futures, locks)");
    CATEGORIES.put("java.", "JDK other (collections, strings, time)");
  }

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    Instant from = Instant.MIN;
    Instant to = Instant.MAX;
    int top = 25;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--from" -> from = Instant.parse(args[++i]);
        case "--to" -> to = Instant.parse(args[++i]);
        case "--top" -> top = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Map<String, Integer> byCategory = new HashMap<>();
    Map<String, Integer> byMethod = new HashMap<>();
    Map<String, Integer> byThread = new HashMap<>();
    Map<String, double[]> cpuByThread = new HashMap<>();
    int samples = 0;
    int collections = 0;
    double pauseMillis = 0;
    double allocatedBytes = 0;
    Instant first = null;
    Instant last = null;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
        continue;
      }
      first = first == null || event.getStartTime().isBefore(first) ? event.getStartTime() : first;
      last = last == null || event.getStartTime().isAfter(last) ? event.getStartTime() : last;
      switch (event.getEventType().getName()) {
        case "jdk.GarbageCollection" -> {
          collections++;
          pauseMillis += event.getDuration("sumOfPauses").toNanos() / 1e6;
        }
        case "jdk.ObjectAllocationSample" -> allocatedBytes += event.getLong("weight");
        case "jdk.ExecutionSample" -> {
          samples++;
          RecordedStackTrace stack = event.getStackTrace();
          if (stack == null || stack.getFrames().isEmpty()) {
            continue;
          }
          List<RecordedFrame> frames = stack.getFrames();
          byMethod.merge(name(frames.get(0)), 1, Integer::sum);
          byCategory.merge(category(frames), 1, Integer::sum);
          byThread.merge(group(event.getThread("sampledThread").getJavaName()), 1, Integer::sum);
        }
        case "jdk.ThreadCPULoad" -> {
          String thread = String.valueOf(event.getThread("eventThread").getJavaName());
          double[] sums = cpuByThread.computeIfAbsent(thread, t -> new double[2]);
          sums[0] += event.getFloat("user") + event.getFloat("system");
          sums[1]++;
        }
        default -> { }
      }
    }
    double seconds = first == null ? 0 : Math.max(1e-9, (last.toEpochMilli() - first.toEpochMilli()) / 1000.0);
    System.out.printf(Locale.ROOT, "%.1f s recorded, %,d CPU samples of Java code%n", seconds, samples);
    System.out.printf(Locale.ROOT, "GC: %d collections, %.0f ms paused in all (%.1f%% of the time);"
        + " about %.0f MB/s allocated (jdk.ObjectAllocationSample)%n%n", collections, pauseMillis,
        seconds > 0 ? pauseMillis / 10 / seconds : 0, seconds > 0 ? allocatedBytes / 1e6 / seconds : 0);
    print("Samples by subsystem (first matching frame from the top)", byCategory, samples, top);
    print("Hottest methods (top frame)", byMethod, samples, top);
    print("Samples by thread group", byThread, samples, top);
    Map<String, Double> cpuByGroup = new HashMap<>();
    cpuByThread.forEach((thread, sums) -> cpuByGroup.merge(group(thread), sums[0] / sums[1], Double::sum));
    System.out.println("CPU by thread group (jdk.ThreadCPULoad: each thread's average, summed; % of the machine)");
    cpuByGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %6.1f%%  %s%n", 100 * e.getValue(), e.getKey()));
  }

  private static void print(String title, Map<String, Integer> counts, int total, int top) {
    System.out.println(title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    System.out.println();
  }

  private static String category(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (Map.Entry<String, String> category : CATEGORIES.entrySet()) {
        if (type.startsWith(category.getKey()) && !category.getKey().startsWith("java.")) {
          return category.getValue();
        }
      }
    }
    String type = frames.get(0).getMethod().getType().getName();
    return CATEGORIES.entrySet().stream().filter(c -> type.startsWith(c.getKey())).map(Map.Entry::getValue)
        .findFirst().orElse("other");
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** A thread's name without numbers: {@code vert.x-eventloop-thread-3} becomes {@code vert.x-eventloop-thread-#}. */
  private static String group(String thread) {
    return thread == null ? "?" : thread.replaceAll("\\d+", "#");
  }

  private JfrSummary() {}
}
