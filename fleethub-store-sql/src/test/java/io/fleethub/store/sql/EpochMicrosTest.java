package io.fleethub.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.registry.Activity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochMicrosTest {

  @Test
  void iotHubsNeverRoundTrips() {
    assertThat(EpochMicros.toInstant(EpochMicros.of(Activity.NEVER))).isEqualTo(Activity.NEVER);
  }

  @Test
  void microsecondsRoundTripOnBothSidesOfTheEpoch() {
    Instant before = Instant.parse("1969-12-31T23:59:59.999999Z");
    Instant after = Instant.parse("2024-02-29T12:00:00.000001Z");

    assertThat(EpochMicros.of(before)).isEqualTo(-1);
    assertThat(EpochMicros.toInstant(EpochMicros.of(before))).isEqualTo(before);
    assertThat(EpochMicros.toInstant(EpochMicros.of(after))).isEqualTo(after);
  }

  @Test
  void nanosecondsBelowAMicrosecondAreDroppedTowardsThePast() {
    Instant withNanos = Instant.parse("1969-12-31T23:59:59.999999999Z");

    assertThat(EpochMicros.toInstant(EpochMicros.of(withNanos)))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
  }
}
