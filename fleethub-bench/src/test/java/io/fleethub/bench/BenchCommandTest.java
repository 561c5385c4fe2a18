package io.fleethub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.bench.report.ReportWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bench as a user runs it, against an in-process MQTT broker over TLS on loopback. */
class BenchCommandTest {
  @TempDir
  Path directory;

  private TestBroker broker;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startBroker() throws Exception {
    broker = new TestBroker(directory);
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }

  private int bench(String... args) {
    CommandLine commandLine = BenchMain.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private String brokerUrl() {
    return "mqtts://localhost:" + broker.port();
  }

  @Test
  void sendsTelemetryFlatOutAndReportsItAsJson() throws Exception {
    // GIVEN a broker
    // WHEN 10 devices send QoS 1 telemetry flat out for one second
    int status = bench("telemetry", "--broker", brokerUrl(), "--ca-file", broker.caFile().toString(),
        "--devices", "10", "--warmup", "0", "--duration", "1s", "--payload-bytes", "100", "--json", "-");

    // THEN every device connected over TLS and the acknowledged messages are counted and timed
    assertThat(status).as(err.toString()).isZero();
    JsonNode report = ReportWriter.JSON.readTree(out.toString());
    assertThat(report.path("scenario").asText()).isEqualTo("telemetry");
    assertThat(report.path("target").path("kind").asText()).isEqualTo("mqtt");
    assertThat(report.path("target").path("tls").asText()).startsWith("TLSv1.");
    assertThat(report.path("connections").path("connected").asInt()).isEqualTo(10);
    JsonNode load = report.path("load");
    assertThat(load.path("completed").asLong()).isPositive();
    assertThat(load.path("completedPerSecond").asDouble()).isPositive();
    // counts and latencies are sampled one after the other, so completions at the window's edges may differ
    assertThat(load.path("latencyMs").path("count").asLong())
        .isCloseTo(load.path("completed").asLong(), Percentage.withPercentage(5));
    assertThat(load.path("unacknowledged").asLong()).isZero();
    assertThat(report.path("errors").size()).isZero();
    assertThat(broker.sawTopic("bench/bench-000009/telemetry")).isTrue();
    assertThat(err.toString()).contains("measure");
  }

  @Test
  void sendsAtASetRateAndWritesTheJsonFileBesideTheTextReport() throws Exception {
    Path json = directory.resolve("reports/run.json");

    int status = bench("telemetry", "--broker", brokerUrl(), "--ca-file", broker.caFile().toString(),
        "--devices", "5", "--rate", "400", "--warmup", "1s", "--duration", "2s", "--json", json.toString(),
        "--quiet");

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("throughput", "offered: 400/s", "latency");
    JsonNode load = ReportWriter.JSON.readTree(Files.readString(json)).path("load");
    assertThat(load.path("completedPerSecond").asDouble()).isBetween(300.0, 500.0);
    assertThat(load.path("intervals")).hasSize(3);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void countsRefusedConnectionsByTheirConnackCode() throws Exception {
    int status = bench("idle", "--broker", brokerUrl(), "--ca-file", broker.caFile().toString(),
        "--device-prefix", "refused", "--devices", "3", "--hold", "0", "--json", "-");

    assertThat(status).isZero();
    JsonNode report = ReportWriter.JSON.readTree(out.toString());
    assertThat(report.path("connections").path("failed").asInt()).isEqualTo(3);
    assertThat(report.path("errors").path("connect: CONNACK 5 (connection refused not authorized)").asLong())
        .isEqualTo(3);
  }

  @Test
  void holdsIdleConnectionsAndWritesTheReadyFile() throws Exception {
    Path ready = directory.resolve("ready.json");

    int status = bench("idle", "--broker", brokerUrl(), "--ca-file", broker.caFile().toString(),
        "--devices", "20", "--hold", "1s", "--ready-file", ready.toString(), "--json", "-");

    assertThat(status).as(err.toString()).isZero();
    assertThat(Files.readString(ready)).contains("\"connected\":20");
    JsonNode report = ReportWriter.JSON.readTree(out.toString());
    assertThat(report.path("hold").path("connectedAtEnd").asInt()).isEqualTo(20);
    assertThat(report.path("hold").path("seconds").asDouble()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void refusesAServerItCannotVerify() {
    int status = bench("telemetry", "--broker", brokerUrl(), "--devices", "1", "--duration", "1s", "--warmup", "0",
        "--json", "-");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("error: no device could connect to MQTT broker at " + brokerUrl()
        + ": connect: TLS handshake failed");
  }

  @Test
  void explainsAMissingHub() {
    int status = bench("telemetry", "--data-dir", directory.resolve("nothing").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: no hub found:");
  }

  @Test
  void refusesToCallMethodsOrSendCloudToDeviceMessagesThroughAPlainBroker() {
    int methods = bench("methods", "--broker", brokerUrl(), "--ca-file", broker.caFile().toString());
    int c2d = bench("c2d", "--broker", brokerUrl(), "--ca-file", broker.caFile().toString());

    assertThat(methods).isEqualTo(1);
    assertThat(c2d).isEqualTo(1);
    assertThat(err.toString())
        .contains("error: bench methods invokes direct methods through the hub's service REST API, which a plain"
            + " MQTT broker (--broker) does not have")
        .contains("error: bench c2d sends cloud-to-device messages over the hub's AMQP service endpoint, which a"
            + " plain MQTT broker (--broker) does not have");
  }

  @Test
  void rejectsAMethodResponseTimeoutOutsideIotHubsRange() {
    int status = bench("methods", "--data-dir", directory.toString(), "--response-timeout", "1s");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("the response timeout is 5 to 300 whole seconds");
  }

  @Test
  void rejectsAnInvalidQos() {
    int status = bench("telemetry", "--broker", brokerUrl(), "--qos", "2");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--qos must be 0 or 1");
  }
}
