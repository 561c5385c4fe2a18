package io.fleethub.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram recorded in microseconds, in milliseconds.
 *
 * @param count how many latencies were recorded
 */
public record LatencySummary(long count, double min, double mean, double p50, double p90, double p99,
    double p999, double max) {

  public static LatencySummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(micros.getTotalCount(), ms(micros.getMinValue()), micros.getMean() / 1000.0,
        ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
        ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
