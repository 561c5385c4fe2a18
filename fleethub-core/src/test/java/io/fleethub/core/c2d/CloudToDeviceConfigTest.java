package io.fleethub.core.c2d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloudToDeviceConfigTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void defaultsAreIotHubs() {
    assertThat(CloudToDeviceConfig.DEFAULTS)
        .isEqualTo(new CloudToDeviceConfig(HOUR, 10, HOUR, 10, Duration.ofSeconds(60)));
  }

  @Test
  void acceptsTheEndsOfEveryRange() {
    new CloudToDeviceConfig(MINUTE, 1, MINUTE, 1, Duration.ofSeconds(5));
    new CloudToDeviceConfig(Duration.ofDays(2), 100, Duration.ofDays(2), 100, Duration.ofSeconds(300));
  }

  @Test
  void refusesTimeToLiveOutsideOneMinuteToTwoDays() {
    assertThatThrownBy(() -> new CloudToDeviceConfig(MINUTE.minusMillis(1), 10, HOUR, 10, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultTtlAsIso8601");
    assertThatThrownBy(() -> new CloudToDeviceConfig(Duration.ofDays(2).plusMillis(1), 10, HOUR, 10, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultTtlAsIso8601");
    assertThatThrownBy(() -> new CloudToDeviceConfig(HOUR, 10, Duration.ofDays(3), 10, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feedback.ttlAsIso8601");
  }

  @Test
  void refusesDeliveryCountsOutsideOneToAHundred() {
    assertThatThrownBy(() -> new CloudToDeviceConfig(HOUR, 0, HOUR, 10, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDeliveryCount");
    assertThatThrownBy(() -> new CloudToDeviceConfig(HOUR, 10, HOUR, 101, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feedback.maxDeliveryCount");
  }

  @Test
  void refusesFeedbackLocksOutsideFiveToThreeHundredSeconds() {
    assertThatThrownBy(() -> new CloudToDeviceConfig(HOUR, 10, HOUR, 10, Duration.ofSeconds(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feedback.lockDurationAsIso8601");
    assertThatThrownBy(() -> new CloudToDeviceConfig(HOUR, 10, HOUR, 10, Duration.ofSeconds(301)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feedback.lockDurationAsIso8601");
  }
}
