package io.fleethub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResourceProbeTest {
  @Test
  void countsAllButIdleAndIowaitAsBusy() {
    long[] ticks = ResourceProbe.parseCpuLine("cpu  100 5 50 800 40 3 2 0 0 0");

    assertThat(ticks).containsExactly(160, 1000);
  }

  @Test
  void reportsCpuInCoresAndWhatOthersUsed() {
    ResourceProbe.Sample from = new ResourceProbe.Sample(0, 0, 0, 1000, 2000, 0, 0);
    ResourceProbe.Sample to = new ResourceProbe.Sample(2_000_000_000L, 1_000_000_000L, 2_000_000_000L, 3000, 4000,
        300, 400);

    ResourceProbe.Usage usage = ResourceProbe.between(from, to);

    assertThat(usage.seconds()).isEqualTo(2.0);
    assertThat(usage.clientCores()).isEqualTo(0.5);
    assertThat(usage.serverCores()).isEqualTo(1.0);
    assertThat(usage.machineCores()).isEqualTo(0.75 * usage.machineCoresAvailable());
    assertThat(usage.serverRssBytes()).isEqualTo(3000);
  }

  @Test
  void readsThisProcesssOwnMemoryAndCpu() {
    ResourceProbe.Sample sample = new ResourceProbe(OptionalLong.of(ProcessHandle.current().pid())).sample();

    assertThat(sample.serverRssBytes()).isPositive();
    assertThat(sample.serverCpuNanos()).isPositive();
    assertThat(sample.clientRssBytes()).isPositive();
  }
}
