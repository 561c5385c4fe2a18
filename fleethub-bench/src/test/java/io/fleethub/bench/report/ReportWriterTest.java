package io.fleethub.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.bench.load.Measurement;
import io.fleethub.bench.load.Meter;
import io.fleethub.bench.load.ResourceProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
  private static Histogram latencies() {
    Histogram histogram = new Histogram(1, Meter.HIGHEST_MICROS, 3);
    for (int micros = 1; micros <= 10_000; micros++) {
      histogram.recordValue(micros);
    }
    return histogram;
  }

  private static BenchReport report() {
    ResourceProbe.Usage usage = new ResourceProbe.Usage(10, 0.5, 1.25, 1.9, 512L * 1024 * 1024, 100L * 1024 * 1024,
        2);
    Measurement.Result result = new Measurement.Result(Instant.parse("2026-11-22T10:00:05Z"),
        Instant.parse("2026-11-22T10:00:15Z"), 10, new Meter.Counts(100_000, 99_990, 0, 10), latencies(),
        usage, List.of(new Measurement.Interval(1, true, 1, new Meter.Counts(10_000, 9_999, 0, 1), latencies(),
            usage)));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("devices", 200);
    settings.put("qos", 1);
    return new BenchReport("telemetry", Instant.parse("2026-11-22T10:00:00Z"),
        new BenchReport.TargetFigures("fleethub", "fleethub hub.test at mqtts://localhost:8883", "durable",
            Optional.of("TLSv1.3 TLS_AES_256_GCM_SHA384")),
        settings, new BenchReport.ConnectFigures(200, 200, 0, 0, 0.5, 400, LatencySummary.of(latencies())),
        Optional.of(BenchReport.LoadFigures.of("telemetry", 0, result, new Meter.Counts(150_000, 149_990, 0, 10),
            0)), Optional.empty(),
        Map.of("lost: the server closed the connection", 2L));
  }

  @Test
  void writesTheFiguresAScriptNeedsAsJson() throws Exception {
    JsonNode json = ReportWriter.JSON.readTree(ReportWriter.json(report()));

    assertThat(json.path("scenario").asText()).isEqualTo("telemetry");
    assertThat(json.path("settings").path("devices").asInt()).isEqualTo(200);
    assertThat(json.path("target").path("tls").asText()).isEqualTo("TLSv1.3 TLS_AES_256_GCM_SHA384");
    JsonNode load = json.path("load");
    assertThat(load.path("completed").asLong()).isEqualTo(99_990);
    assertThat(load.path("from").asText()).isEqualTo("2026-11-22T10:00:05Z");
    assertThat(load.path("completedPerSecond").asDouble()).isEqualTo(9_999.0);
    assertThat(load.path("perServerCore").asDouble()).isEqualTo(7_999.2);
    assertThat(load.path("latencyMs").path("p50").asDouble()).isBetween(4.99, 5.01);
    assertThat(load.path("latencyMs").path("p99").asDouble()).isBetween(9.89, 9.91);
    assertThat(load.path("resources").path("otherCores").asDouble()).isEqualTo(0.15);
    assertThat(load.path("resources").path("serverRssBytes").asLong()).isEqualTo(512L * 1024 * 1024);
    assertThat(load.path("intervals").get(0).path("completedPerSecond").asDouble()).isEqualTo(9_999.0);
    assertThat(json.path("errors").path("lost: the server closed the connection").asLong()).isEqualTo(2);
    assertThat(load.path("totals").path("completed").asLong()).isEqualTo(149_990);
    assertThat(json.has("hold")).isFalse();
  }

  @Test
  void writesAReadableSummary() {
    StringWriter text = new StringWriter();

    ReportWriter.text(report(), new PrintWriter(text));

    assertThat(text.toString())
        .contains("fleethub bench telemetry: fleethub hub.test at mqtts://localhost:8883")
        .contains("settings       devices=200 qos=1")
        .contains("200 of 200 ready in 0.5 s (400/s)")
        .contains("throughput     9,999/s (offered: flat out), 7,999/s per server core")
        .contains("p50 5.00 ms")
        .contains("server 1.25, client 0.50, other 0.15 of 2")
        .contains("server RSS 512.0 MiB")
        .contains("2  lost: the server closed the connection");
  }

  @Test
  void reportsFailedCallsOfABackEndScenarioWithWhatCompletesOne() throws Exception {
    ResourceProbe.Usage usage = new ResourceProbe.Usage(2, 0.2, -1, -1, -1, 50L * 1024 * 1024, 2);
    Measurement.Result result = new Measurement.Result(Instant.parse("2026-11-22T10:00:00Z"),
        Instant.parse("2026-11-22T10:00:02Z"), 2, new Meter.Counts(200, 197, 3, 0), latencies(), usage, List.of());
    BenchReport report = new BenchReport("methods", Instant.parse("2026-11-22T09:59:59Z"),
        new BenchReport.TargetFigures("fleethub", "hub hub.test", "the device's answer, relayed by the hub",
            Optional.of("TLSv1.3 TLS_AES_256_GCM_SHA384")),
        Map.of("ratePerSecond", 100.0), new BenchReport.ConnectFigures(4, 4, 0, 0, 0.1, 40,
            LatencySummary.of(latencies())),
        Optional.of(BenchReport.LoadFigures.of("method calls", 100, result, new Meter.Counts(200, 197, 3, 0), 0)),
        Optional.empty(), Map.of("method: HTTP 404 DeviceNotOnline", 3L));
    StringWriter text = new StringWriter();

    ReportWriter.text(report, new PrintWriter(text));
    JsonNode json = ReportWriter.JSON.readTree(ReportWriter.json(report));

    assertThat(text.toString())
        .contains("acknowledged   the device's answer, relayed by the hub")
        .contains("method calls     2.0 s measured: 200 sent, 197 completed, 3 failed, 0 skipped")
        .contains("throughput     99/s (offered: 100/s)")
        .contains("3  method: HTTP 404 DeviceNotOnline");
    assertThat(json.path("load").path("operation").asText()).isEqualTo("method calls");
    assertThat(json.path("load").path("failed").asLong()).isEqualTo(3);
    assertThat(json.path("load").path("latencyMs").path("p99").asDouble()).isPositive();
    assertThat(json.path("errors").path("method: HTTP 404 DeviceNotOnline").asLong()).isEqualTo(3);
  }

  @Test
  void summarisesAnEmptyHistogramAsZeros() {
    LatencySummary summary = LatencySummary.of(new Histogram(1, Meter.HIGHEST_MICROS, 3));

    assertThat(summary.count()).isZero();
    assertThat(summary.p99()).isZero();
  }
}
