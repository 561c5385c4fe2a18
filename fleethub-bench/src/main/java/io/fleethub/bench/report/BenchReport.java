package io.fleethub.bench.report;

import io.fleethub.bench.load.Fleet;
import io.fleethub.bench.load.Measurement;
import io.fleethub.bench.load.Meter;
import io.fleethub.bench.load.ResourceProbe;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run found, for the text and JSON reports.
 *
 * @param settings the run's settings by option name, in the order they are printed
 * @param load the measured window of a scenario that sends something; empty for idle connections
 * @param hold the holding phase of the idle scenario
 * @param errors errors by reason
 */
public record BenchReport(
    String scenario,
    Instant startedAt,
    TargetFigures target,
    Map<String, Object> settings,
    ConnectFigures connections,
    Optional<LoadFigures> load,
    Optional<HoldFigures> hold,
    Map<String, Long> errors) {

  public BenchReport {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(target, "target");
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(hold, "hold");
    errors = Map.copyOf(errors);
  }

  /**
   * @param kind {@code fleethub} or {@code mqtt}
   * @param acknowledgement what a PUBACK promises
   * @param tls the negotiated protocol and cipher suite, empty without TLS
   */
  public record TargetFigures(String kind, String description, String acknowledgement, Optional<String> tls) {}

  /**
   * @param lost ready connections that ended without the client closing them, during the whole run
   */
  public record ConnectFigures(int requested, int connected, int failed, int lost, double seconds,
      double perSecond, LatencySummary latency) {
    public static ConnectFigures of(Fleet.Ramp ramp, int lost) {
      return new ConnectFigures(ramp.attempted(), ramp.connected(), ramp.failed(), lost, ramp.seconds(),
          ramp.connectsPerSecond(), LatencySummary.of(ramp.latencyMicros()));
    }
  }

  /**
   * The measured window of a load.
   *
   * @param operation what one operation is, e.g. {@code telemetry message}
   * @param offeredPerSecond the rate asked for; 0 for flat out
   * @param from when the measured window began, by the wall clock
   * @param counts operations started, completed, failed and skipped in the window
   * @param totals the same over the whole load: warm-up, window and the wait for the last acknowledgements
   * @param unacknowledged operations still without their acknowledgement when the run ended
   * @param perServerCore completions per second per core the server was busy, -1 without a watched server
   */
  public record LoadFigures(String operation, double offeredPerSecond, Instant from, Instant to, double seconds,
      Meter.Counts counts,
      Meter.Counts totals, double completedPerSecond, double perServerCore, long unacknowledged, LatencySummary latency,
      ResourceProbe.Usage usage, List<IntervalFigures> intervals) {
    public static LoadFigures of(String operation, double offeredPerSecond, Measurement.Result result,
        Meter.Counts totals, long unacknowledged) {
      double serverCores = result.usage().serverCores();
      return new LoadFigures(operation, offeredPerSecond, result.from(), result.to(), result.seconds(),
          result.counts(), totals,
          result.completedPerSecond(), serverCores > 0 ? result.completedPerSecond() / serverCores : -1,
          unacknowledged, LatencySummary.of(result.latencyMicros()), result.usage(),
          result.intervals().stream().map(IntervalFigures::of).toList());
    }
  }

  /** One second of a load, as the progress line showed it. */
  public record IntervalFigures(double endSeconds, boolean measured, double startedPerSecond,
      double completedPerSecond, long skipped, double p50, double p99, double serverCores) {
    static IntervalFigures of(Measurement.Interval interval) {
      LatencySummary latency = LatencySummary.of(interval.latencyMicros());
      return new IntervalFigures(interval.endSeconds(), interval.measured(), interval.startedPerSecond(),
          interval.completedPerSecond(), interval.counts().skipped(), latency.p50(), latency.p99(),
          interval.usage().serverCores());
    }
  }

  /**
   * The idle scenario's holding phase.
   *
   * @param connectedAtEnd connections still up when the hold ended
   */
  public record HoldFigures(double seconds, int connectedAtEnd, ResourceProbe.Usage usage) {}
}
