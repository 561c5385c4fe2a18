package io.fleethub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.eventlog.EventLog;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.server.FleethubServer;
import io.fleethub.server.TestHubs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleethub bench} run in-process against a started hub, found through its data directory. */
class BenchCliTest {

  @Test
  void benchTelemetryRegistersDevicesAndCountsOnlyWhatTheHubStored(@TempDir Path dataDir) {
    try (FleethubServer server = TestHubs.start(dataDir)) {
      // WHEN the bench drives the hub with a short paced QoS 1 telemetry run
      CliRun run = CliRun.of(Map.of(), "bench", "telemetry", "--data-dir", dataDir.toString(), "--devices", "4",
          "--rate", "200", "--warmup", "0s", "--duration", "2s", "--source-addresses", "0", "--json", "-",
          "--quiet");

      // THEN every device connected and the messages it counts as acknowledged are in the hub's event log
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode report = run.json();
      assertThat(report.at("/target/kind").asText()).isEqualTo("fleethub");
      assertThat(report.at("/connections/connected").asInt()).isEqualTo(4);
      long acknowledged = report.at("/load/totals/completed").asLong();
      assertThat(acknowledged).isPositive();
      assertThat(report.at("/load/totals/failed").asLong()).isZero();
      assertThat(storedEvents(server.hub().eventLog())).isGreaterThanOrEqualTo(acknowledged);
      assertThat(server.hub().registry().getDevice(new DeviceId("bench-000003"))).isNotNull();
    }
  }

  @Test
  void benchWithoutAHubSaysHowToFindOne(@TempDir Path empty) {
    CliRun run = CliRun.of(Map.of(), "bench", "telemetry", "--data-dir", empty.toString(), "--quiet");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: no hub found: ");
  }

  private static long storedEvents(EventLog log) {
    long stored = 0;
    for (int partition = 0; partition < log.partitionCount(); partition++) {
      stored += log.partitionInfo(partition).lastEnqueuedSequenceNumber() + 1;
    }
    return stored;
  }
}
