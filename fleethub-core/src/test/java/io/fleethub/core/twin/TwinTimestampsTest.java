package io.fleethub.core.twin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.registry.Activity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TwinTimestampsTest {

  @Test
  void lastUpdatedAlwaysHasSevenFractionalDigitsDroppingWhatIsBelowAHundredNanoseconds() {
    assertThat(TwinTimestamps.lastUpdated(Instant.parse("2019-03-18T14:12:38.226524789Z")))
        .isEqualTo("2019-03-18T14:12:38.2265247Z");
    assertThat(TwinTimestamps.lastUpdated(Instant.parse("2019-03-18T14:12:38Z")))
        .isEqualTo("2019-03-18T14:12:38.0000000Z");
  }

  @Test
  void registryTimesDropTrailingZerosAndShowNeverAsYearOne() {
    assertThat(TwinTimestamps.registryTime(Instant.parse("2024-01-02T03:04:05.678900Z")))
        .isEqualTo("2024-01-02T03:04:05.6789Z");
    assertThat(TwinTimestamps.registryTime(Activity.NEVER)).isEqualTo("0001-01-01T00:00:00Z");
  }
}
