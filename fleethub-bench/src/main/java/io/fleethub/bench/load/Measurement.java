package io.fleethub.bench.load;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Paces a run in one-second intervals: a warm-up whose figures are dropped, then the measured window. Each
 * interval prints a progress line and is kept for the report; the window's counts, latencies and resource use
 * are the run's figures. Runs on the calling thread.
 */
public final class Measurement {
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Meter meter;
  private final ResourceProbe probe;
  private final Ticker ticker;
  private final Clock clock;

  public Measurement(Meter meter, ResourceProbe probe, Ticker ticker, Clock clock) {
    this.meter = Objects.requireNonNull(meter, "meter");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** One interval as it was seen. */
  public record Interval(double endSeconds, boolean measured, double seconds, Meter.Counts counts,
      Histogram latencyMicros, ResourceProbe.Usage usage) {
    public double startedPerSecond() {
      return counts.started() / seconds;
    }

    public double completedPerSecond() {
      return counts.completed() / seconds;
    }
  }

  /**
   * The measured window.
   *
   * @param from when the window began, by the wall clock (to line up with a server's logs or profile)
   */
  public record Result(Instant from, Instant to, double seconds, Meter.Counts counts, Histogram latencyMicros,
      ResourceProbe.Usage usage, List<Interval> intervals) {
    public double completedPerSecond() {
      return seconds > 0 ? counts.completed() / seconds : 0;
    }
  }

  /**
   * Runs {@code warmup} then {@code duration} (each rounded up to whole seconds, warm-up may be zero), starting
   * now. {@code status} adds the scenario's own state (connections, errors) to each progress line.
   */
  public Result run(Duration warmup, Duration duration, Supplier<String> status, Consumer<String> progress)
      throws InterruptedException {
    int warmupTicks = (int) ceilSeconds(warmup);
    int totalTicks = warmupTicks + (int) Math.max(1, ceilSeconds(duration));
    long start = ticker.nanoTime();
    Meter.Counts previous = meter.counts();
    ResourceProbe.Sample previousSample = probe.sample();
    Meter.Counts windowStart = previous;
    ResourceProbe.Sample windowStartSample = previousSample;
    Histogram total = new Histogram(1, Meter.HIGHEST_MICROS, 3);
    List<Interval> intervals = new ArrayList<>();
    Instant from = clock.instant();
    meter.takeInterval();
    for (int tick = 1; tick <= totalTicks; tick++) {
      ticker.sleepUntil(start + tick * INTERVAL_NANOS);
      Meter.Counts now = meter.counts();
      ResourceProbe.Sample sample = probe.sample();
      Histogram latency = meter.takeInterval();
      boolean measured = tick > warmupTicks;
      ResourceProbe.Usage usage = ResourceProbe.between(previousSample, sample);
      Interval interval = new Interval((sample.wallNanos() - start) / 1e9, measured, usage.seconds(),
          now.minus(previous), latency, usage);
      intervals.add(interval);
      progress.accept(line(interval, status.get()));
      if (measured) {
        total.add(latency);
      }
      if (tick == warmupTicks) {
        windowStart = now;
        windowStartSample = sample;
        from = clock.instant();
      }
      previous = now;
      previousSample = sample;
    }
    ResourceProbe.Usage usage = ResourceProbe.between(windowStartSample, previousSample);
    return new Result(from, clock.instant(), usage.seconds(), previous.minus(windowStart), total, usage,
        List.copyOf(intervals));
  }

  private static long ceilSeconds(Duration duration) {
    long seconds = duration.getSeconds();
    return duration.getNano() > 0 ? seconds + 1 : seconds;
  }

  static String line(Interval interval, String status) {
    Histogram latency = interval.latencyMicros();
    String timing = latency.getTotalCount() == 0 ? "p50 -  p99 -"
        : String.format("p50 %s  p99 %s  max %s", millis(latency.getValueAtPercentile(50)),
            millis(latency.getValueAtPercentile(99)), millis(latency.getMaxValue()));
    String server = interval.usage().serverCores() < 0 ? ""
        : String.format("  server %.2f cores", interval.usage().serverCores());
    return String.format("[%6.1fs] %-7s sent %,9.0f/s  done %,9.0f/s  %s  skipped %,d  %s%s",
        interval.endSeconds(), interval.measured() ? "measure" : "warmup", interval.startedPerSecond(),
        interval.completedPerSecond(), timing, interval.counts().skipped(), status, server);
  }

  static String millis(long micros) {
    return String.format("%.2fms", micros / 1000.0);
  }
}
