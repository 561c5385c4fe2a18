package io.fleethub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LongRingTest {
  @Test
  void keepsOrderWhileGrowingAndWrapping() {
    LongRing ring = new LongRing();
    for (long i = 0; i < 3; i++) {
      ring.add(i);
    }
    assertThat(ring.poll()).isZero();
    for (long i = 3; i < 20; i++) {
      ring.add(i);
    }
    for (long i = 1; i < 20; i++) {
      assertThat(ring.poll()).isEqualTo(i);
    }
    assertThat(ring.isEmpty()).isTrue();
  }
}
