package io.fleethub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.bench.report.ReportWriter;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.eventlog.file.FileEventLog;
import io.fleethub.eventlog.file.FileEventLogConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub bench count-events}: counts the bench devices' telemetry in a stopped hub's file event log,
 * so a script can check that every message the hub acknowledged is there (after killing the hub, even).
 * Prints {@code {"events": N, "partitions": [...]}}; with {@code --expect-at-least} it fails when fewer are
 * found.
 */
@Command(name = "count-events", mixinStandardHelpOptions = true,
    description = "Count the bench devices' telemetry in a stopped hub's event log (<data-dir>/eventlog).")
final class CountEventsCommand implements Callable<Integer> {
  private static final int BATCH = 4096;

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", required = true,
      description = "Data directory of a stopped hub using the file event log.")
  Path dataDir;

  @Option(names = "--device-prefix", paramLabel = "PREFIX", defaultValue = "bench",
      description = "Count events from devices named <prefix>-... (default: ${DEFAULT-VALUE}).")
  String devicePrefix;

  @Option(names = "--since", paramLabel = "INSTANT",
      description = "Count only events enqueued at or after this time (ISO-8601, e.g. 2026-01-01T10:00:00Z).")
  String since;

  @Option(names = "--expect-at-least", paramLabel = "N",
      description = "Exit with status 1 when fewer events are found.")
  Long expectAtLeast;

  @Override
  public Integer call() {
    Instant from = since == null ? Instant.EPOCH : parseInstant(since);
    Path directory = dataDir.resolve("eventlog");
    FileEventLogConfig config = FileEventLogConfig.defaults()
        .withPartitionCount(partitionCount(directory))
        .withRetention(Duration.ofDays(7))
        .withRetentionCheckInterval(Duration.ofDays(1));
    ObjectNode result = ReportWriter.JSON.createObjectNode();
    ArrayNode partitions = result.putArray("partitions");
    long total = 0;
    try (FileEventLog log = FileEventLog.open(directory, config, Clock.systemUTC())) {
      for (int partition = 0; partition < log.partitionCount(); partition++) {
        long count = count(log, partition, from);
        partitions.add(count);
        total += count;
      }
    } catch (IOException | IllegalStateException e) {
      throw new BenchException("cannot read the event log in " + directory + " (is the hub stopped?): "
          + e.getMessage());
    }
    result.put("events", total);
    spec.commandLine().getOut().println(result.toPrettyString());
    spec.commandLine().getOut().flush();
    if (expectAtLeast != null && total < expectAtLeast) {
      spec.commandLine().getErr().println("error: expected at least " + expectAtLeast + " events from "
          + devicePrefix + "-* devices, found " + total);
      return 1;
    }
    return 0;
  }

  private long count(FileEventLog log, int partition, Instant from) {
    String prefix = devicePrefix + "-";
    long next = log.sequenceNumberAt(partition, from);
    long count = 0;
    List<StoredEvent> batch;
    while (!(batch = log.read(partition, next, BATCH)).isEmpty()) {
      for (StoredEvent event : batch) {
        Map<String, String> properties = event.data().systemProperties();
        String device = properties.getOrDefault(MessageProperties.CONNECTION_DEVICE_ID, "");
        if (device.startsWith(prefix) && "Telemetry".equals(properties.get(MessageProperties.MESSAGE_SOURCE))) {
          count++;
        }
      }
      next = batch.get(batch.size() - 1).sequenceNumber() + 1;
    }
    return count;
  }

  private static int partitionCount(Path directory) {
    Properties metadata = new Properties();
    try (Reader reader = Files.newBufferedReader(directory.resolve("eventlog.properties"))) {
      metadata.load(reader);
      return Integer.parseInt(metadata.getProperty("partitionCount", "").trim());
    } catch (NoSuchFileException e) {
      throw new BenchException(directory + " holds no file event log (no eventlog.properties)");
    } catch (IOException | NumberFormatException e) {
      throw new BenchException("cannot read " + directory.resolve("eventlog.properties") + ": " + e.getMessage());
    }
  }

  private Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(), "--since must be an ISO-8601 instant such as"
          + " 2026-01-01T10:00:00Z, not '" + text + "'");
    }
  }
}
