package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepAlivePolicyTest {
  @Test
  void allowsOneAndAHalfKeepAlives() {
    assertThat(KeepAlivePolicy.timeoutFor(230)).isEqualTo(Duration.ofSeconds(345));
    assertThat(KeepAlivePolicy.timeoutFor(1)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void capsTheTimeoutAt1767Seconds() {
    assertThat(KeepAlivePolicy.timeoutFor(1177)).isEqualTo(Duration.ofMillis(1_765_500));
    assertThat(KeepAlivePolicy.timeoutFor(1178)).isEqualTo(Duration.ofSeconds(1767));
    assertThat(KeepAlivePolicy.timeoutFor(65_535)).isEqualTo(Duration.ofSeconds(1767));
  }

  @Test
  void givesNoKeepAliveTheCap() {
    assertThat(KeepAlivePolicy.timeoutFor(0)).isEqualTo(Duration.ofSeconds(1767));
  }
}
