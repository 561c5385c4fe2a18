package io.fleethub.transport.http.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.registry.Activity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IotHubDatesTest {
  @Test
  void writesSevenFractionalDigitsLikeIotHub() {
    assertThat(IotHubDates.format(Instant.parse("2024-01-02T03:04:05.678901234Z")))
        .isEqualTo("2024-01-02T03:04:05.6789012Z");
  }

  @Test
  void dropsTrailingZerosOfTheFraction() {
    assertThat(IotHubDates.format(Instant.parse("2024-01-02T03:04:05.120Z"))).isEqualTo("2024-01-02T03:04:05.12Z");
    assertThat(IotHubDates.format(Instant.parse("2024-01-02T03:04:05.000000050Z")))
        .isEqualTo("2024-01-02T03:04:05Z");
  }

  @Test
  void writesWholeSecondsWithoutAFraction() {
    assertThat(IotHubDates.format(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05Z");
  }

  @Test
  void writesNeverAsYearOne() {
    assertThat(IotHubDates.format(Activity.NEVER)).isEqualTo("0001-01-01T00:00:00Z");
  }
}
