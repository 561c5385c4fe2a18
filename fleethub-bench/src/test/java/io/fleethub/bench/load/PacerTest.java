package io.fleethub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {
  private static final long MS = 1_000_000;

  @Test
  void spacesEventsEvenlyFromTheStart() {
    Pacer pacer = new Pacer(1000, 5_000 * MS);

    assertThat(pacer.due(4_999 * MS)).isZero();
    assertThat(pacer.due(5_000 * MS)).isEqualTo(1);
    assertThat(pacer.due(5_010 * MS)).isEqualTo(11);
  }

  @Test
  void keepsEachEventsDueTimeWhenItIsTakenLate() {
    Pacer pacer = new Pacer(100, 0);

    // a stall: nothing taken for 50 ms, then everything due at once
    long due = pacer.due(50 * MS);
    assertThat(due).isEqualTo(6);
    long[] times = new long[(int) due];
    for (int i = 0; i < due; i++) {
      times[i] = pacer.take();
    }
    assertThat(times).containsExactly(0, 10 * MS, 20 * MS, 30 * MS, 40 * MS, 50 * MS);
    assertThat(pacer.due(50 * MS)).isZero();
    assertThat(pacer.taken()).isEqualTo(6);
  }

  @Test
  void handlesFractionalRates() {
    Pacer pacer = new Pacer(0.5, 0);

    assertThat(pacer.due(1_999 * MS)).isEqualTo(1);
    assertThat(pacer.due(2_000 * MS)).isEqualTo(2);
  }

  @Test
  void refusesRatesThatAreNotPositive() {
    assertThatThrownBy(() -> new Pacer(0, 0)).hasMessageContaining("positive");
    assertThatThrownBy(() -> new Pacer(Double.NaN, 0)).hasMessageContaining("positive");
  }
}
