package io.fleethub.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts one kind of operation (a telemetry send and its PUBACK, a method call and its answer, ...) and records
 * the latency of each completed one in microseconds. Counters only grow; readers take differences. Thread-safe:
 * any event loop may record.
 */
public final class Meter {
  /** The longest latency recorded as such: an hour; longer ones are recorded as an hour. */
  public static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

  private final LongAdder started = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final Recorder latency = new Recorder(1, HIGHEST_MICROS, 3);

  /** How many operations started, completed, failed and were skipped so far. */
  public record Counts(long started, long completed, long failed, long skipped) {
    public Counts minus(Counts earlier) {
      return new Counts(started - earlier.started, completed - earlier.completed, failed - earlier.failed,
          skipped - earlier.skipped);
    }
  }

  /** An operation went out (a PUBLISH was written, a call was sent). */
  public void started() {
    started.increment();
  }

  /** An operation completed after {@code latencyNanos}. */
  public void completed(long latencyNanos) {
    completed.increment();
    latency.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, latencyNanos / 1_000)));
  }

  /** An operation completed with no latency to record (QoS 0 has no acknowledgement). */
  public void completedUntimed() {
    completed.increment();
  }

  /** An operation that started did not complete: refused, timed out or lost with its connection. */
  public void failed() {
    failed.increment();
  }

  /** An operation the load asked for was never started because the client could not keep up. */
  public void skipped() {
    skipped.increment();
  }

  public Counts counts() {
    return new Counts(started.sum(), completed.sum(), failed.sum(), skipped.sum());
  }

  /** The latencies recorded since the previous call, in microseconds. Call from one thread only. */
  public Histogram takeInterval() {
    return latency.getIntervalHistogram();
  }
}
