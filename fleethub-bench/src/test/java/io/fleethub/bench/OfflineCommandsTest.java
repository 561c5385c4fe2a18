package io.fleethub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.bench.report.ReportWriter;
import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.eventlog.file.FileEventLog;
import io.fleethub.eventlog.file.FileEventLogConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench commands that work on files: compare reports, count a stopped hub's events. */
class OfflineCommandsTest {
  @TempDir
  Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int bench(String... args) {
    CommandLine commandLine = BenchMain.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private Path report(String name, String kind, double throughput, double serverCores) throws Exception {
    Path file = directory.resolve(name);
    Files.writeString(file, """
        {"target": {"kind": "%s", "acknowledgement": "when %s says so", "tls": "TLSv1.3 TLS_AES_256_GCM_SHA384"},
         "load": {"completedPerSecond": %s, "perServerCore": %s, "latencyMs": {"p50": 1.5, "p99": 9.25},
                  "resources": {"serverCores": %s, "clientCores": 0.5}}}
        """.formatted(kind, kind, throughput, throughput / serverCores, serverCores));
    return file;
  }

  @Test
  void comparesTwoReportsWithTheirThroughputRatio() throws Exception {
    int status = bench("compare", "--baseline-label", "mosquitto", report("a.json", "mqtt", 80_000, 1.0).toString(),
        report("b.json", "fleethub", 120_000, 1.5).toString());

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("acknowledged messages/s +80,000 +120,000")
        .containsPattern("latency p99 \\(ms\\) +9.25 +9.25")
        .contains("fleethub: when fleethub says so")
        .contains("throughput ratio fleethub / mosquitto: 1.50x");
  }

  @Test
  void comparesAsJson() throws Exception {
    int status = bench("compare", "--json", report("a.json", "mqtt", 50_000, 1).toString(),
        report("b.json", "fleethub", 25_000, 1).toString());

    assertThat(status).isZero();
    JsonNode json = ReportWriter.JSON.readTree(out.toString());
    assertThat(json.path("throughputRatio").asDouble()).isEqualTo(0.5);
    assertThat(json.path("baseline").path("label").asText()).isEqualTo("mqtt");
  }

  @Test
  void countsTheBenchDevicesTelemetryInAStoppedHubsEventLog() throws Exception {
    // GIVEN an event log with telemetry from two bench devices and one other device
    Path log = directory.resolve("eventlog");
    try (FileEventLog events = FileEventLog.open(log, FileEventLogConfig.defaults().withPartitionCount(2),
        Clock.systemUTC())) {
      for (String device : new String[] {"bench-000000", "bench-000001", "bench-000001", "sensor-1"}) {
        events.append(Math.abs(device.hashCode()) % 2, new EventData(Instant.now(), device,
            Map.of(MessageProperties.CONNECTION_DEVICE_ID, device, MessageProperties.MESSAGE_SOURCE, "Telemetry"),
            Map.of(), new byte[10])).join();
      }
    }

    // WHEN they are counted, expecting at least 3
    int status = bench("count-events", "--data-dir", directory.toString(), "--expect-at-least", "3");

    // THEN the bench devices' 3 events are found
    assertThat(status).as(err.toString()).isZero();
    assertThat(ReportWriter.JSON.readTree(out.toString()).path("events").asLong()).isEqualTo(3);
    assertThat(bench("count-events", "--data-dir", directory.toString(), "--expect-at-least", "4")).isEqualTo(1);
    assertThat(err.toString()).contains("expected at least 4 events from bench-* devices, found 3");
  }

  @Test
  void saysWhenThereIsNoEventLog() {
    int status = bench("count-events", "--data-dir", directory.toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("holds no file event log");
  }
}
