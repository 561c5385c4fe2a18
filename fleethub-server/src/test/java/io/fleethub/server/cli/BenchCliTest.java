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
  void benchMethodsAnswersEveryCallThroughTheServiceApi(@TempDir Path dataDir) {
    try (FleethubServer server = TestHubs.start(dataDir)) {
      // WHEN the bench invokes direct methods on 4 answering devices at 25 calls per second for 2 s, allowed more
      // calls in flight than it makes, so none is skipped however slow this machine is
      CliRun run = CliRun.of(Map.of(), "bench", "methods", "--data-dir", dataDir.toString(), "--devices", "4",
          "--rate", "25", "--max-inflight", "64", "--warmup", "0s", "--duration", "2s", "--source-addresses", "0",
          "--json", "-", "--quiet");

      // THEN every call was answered with status 200 and timed, none failed or was left without an answer
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode report = run.json();
      assertThat(report.at("/scenario").asText()).isEqualTo("methods");
      assertThat(report.at("/connections/connected").asInt()).isEqualTo(4);
      assertEveryOperationCompleted(report, 50);
    }
  }

  @Test
  void benchC2dDeliversEveryMessageSentOverAmqp(@TempDir Path dataDir) {
    try (FleethubServer server = TestHubs.start(dataDir)) {
      // WHEN the bench sends cloud-to-device messages to 4 devices at 25 messages per second for 2 s, allowed more
      // pending messages per device than it sends to one, so none is skipped however slow this machine is
      CliRun run = CliRun.of(Map.of(), "bench", "c2d", "--data-dir", dataDir.toString(), "--devices", "4",
          "--rate", "25", "--max-pending-per-device", "50", "--warmup", "0s", "--duration", "2s",
          "--source-addresses", "0", "--json", "-", "--quiet");

      // THEN the hub accepted every message and each reached its device, timed from send to arrival
      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode report = run.json();
      assertThat(report.at("/scenario").asText()).isEqualTo("c2d");
      assertThat(report.at("/connections/connected").asInt()).isEqualTo(4);
      assertEveryOperationCompleted(report, 50);
    }
  }

  @Test
  void benchWithoutAHubSaysHowToFindOne(@TempDir Path empty) {
    CliRun run = CliRun.of(Map.of(), "bench", "telemetry", "--data-dir", empty.toString(), "--quiet");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: no hub found: ");
  }

  /**
   * What a user reads in a back-end scenario's report: every operation offered was started (the runs above allow
   * more on their way than they offer, so none may be skipped) and completed, none failed or was left without its
   * answer, and latency percentiles.
   */
  private static void assertEveryOperationCompleted(JsonNode report, long offered) {
    JsonNode totals = report.path("load").path("totals");
    // The whole run's count: the pacer goes on from the window's end until the bench stops it, tens of ms later.
    assertThat(totals.path("skipped").asLong()).isZero();
    assertThat(totals.path("started").asLong()).isBetween(offered - offered / 10, offered + offered / 10);
    assertThat(totals.path("completed").asLong()).isEqualTo(totals.path("started").asLong());
    assertThat(totals.path("failed").asLong()).isZero();
    JsonNode load = report.path("load");
    assertThat(load.path("unacknowledged").asLong()).isZero();
    assertThat(report.path("errors").size()).as(report.path("errors").toString()).isZero();
    JsonNode latency = load.path("latencyMs");
    assertThat(latency.path("count").asLong()).isPositive();
    assertThat(latency.path("p50").asDouble()).isPositive();
    assertThat(latency.path("p99").asDouble()).isGreaterThanOrEqualTo(latency.path("p50").asDouble());
    assertThat(latency.path("max").asDouble()).isGreaterThanOrEqualTo(latency.path("p99").asDouble());
  }

  private static long storedEvents(EventLog log) {
    long stored = 0;
    for (int partition = 0; partition < log.partitionCount(); partition++) {
      stored += log.partitionInfo(partition).lastEnqueuedSequenceNumber() + 1;
    }
    return stored;
  }
}
