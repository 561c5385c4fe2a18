package io.fleethub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MeasurementTest {
  /** Time that moves only when the measurement sleeps; each second the "load" completes 100 operations. */
  private static final class SteppingTicker implements Ticker {
    private final Meter meter;
    private long now = TimeUnit.SECONDS.toNanos(1000);
    private int second;

    SteppingTicker(Meter meter) {
      this.meter = meter;
    }

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepUntil(long deadlineNanos) {
      now = deadlineNanos;
      second++;
      for (int i = 0; i < 100; i++) {
        meter.started();
        meter.completed(TimeUnit.MILLISECONDS.toNanos(second));
      }
    }
  }

  @Test
  void leavesTheWarmupOutOfTheMeasuredWindow() throws Exception {
    Meter meter = new Meter();
    List<String> lines = new ArrayList<>();
    Measurement measurement = new Measurement(meter, new ResourceProbe(OptionalLong.empty()),
        new SteppingTicker(meter), Clock.systemUTC());

    Measurement.Result result = measurement.run(Duration.ofSeconds(2), Duration.ofSeconds(3), () -> "conn 1",
        lines::add);

    assertThat(result.counts().completed()).isEqualTo(300);
    assertThat(result.counts().started()).isEqualTo(300);
    // seconds 3 to 5 took 3, 4 and 5 ms
    assertThat(result.latencyMicros().getMinValue()).isBetween(2_990L, 3_010L);
    assertThat(result.latencyMicros().getMaxValue()).isBetween(4_990L, 5_010L);
    assertThat(result.intervals()).hasSize(5);
    assertThat(result.intervals()).filteredOn(Measurement.Interval::measured).hasSize(3);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).contains("warmup", "conn 1");
    assertThat(lines.get(4)).contains("measure", "p50 5.00ms");
  }

  @Test
  void roundsPartialSecondsUpAndMeasuresAtLeastOneSecond() throws Exception {
    Meter meter = new Meter();
    Measurement measurement = new Measurement(meter, new ResourceProbe(OptionalLong.empty()),
        new SteppingTicker(meter), Clock.systemUTC());

    Measurement.Result result = measurement.run(Duration.ZERO, Duration.ofMillis(1500), () -> "", line -> { });

    assertThat(result.intervals()).hasSize(2);
    assertThat(result.counts().completed()).isEqualTo(200);
  }
}
