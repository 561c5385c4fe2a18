package io.fleethub.eventlog.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FileEventLogConfigTest {
  private final FileEventLogConfig defaults = FileEventLogConfig.defaults();

  @Test
  void defaultsAreTheDocumentedOnes() {
    assertThat(defaults.partitionCount()).isEqualTo(4);
    assertThat(defaults.retention()).isEqualTo(Duration.ofDays(1));
    assertThat(defaults.segmentMaxBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(defaults.maxBatchWait()).isEqualTo(Duration.ofMillis(2));
  }

  @Test
  void rejectsAPartitionCountOutsideOneToThirtyTwo() {
    assertThatThrownBy(() -> defaults.withPartitionCount(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partitionCount must be between 1 and 32, was 0");
    assertThatThrownBy(() -> defaults.withPartitionCount(33)).hasMessageContaining("was 33");
    assertThat(defaults.withPartitionCount(32).partitionCount()).isEqualTo(32);
  }

  @Test
  void rejectsARetentionOutsideOneToSevenDays() {
    assertThatThrownBy(() -> defaults.withRetention(Duration.ofHours(23)))
        .hasMessage("retention must be between PT24H and PT168H, was PT23H");
    assertThatThrownBy(() -> defaults.withRetention(Duration.ofDays(8))).hasMessageContaining("was PT192H");
    assertThat(defaults.withRetention(Duration.ofDays(7)).retention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void rejectsOtherSettingsOutOfRange() {
    assertThatThrownBy(() -> defaults.withSegmentMaxBytes(1000)).hasMessageContaining("segmentMaxBytes");
    assertThatThrownBy(() -> defaults.withGroupCommit(0, Duration.ofMillis(2)))
        .hasMessageContaining("maxBatchEvents");
    assertThatThrownBy(() -> defaults.withGroupCommit(10, Duration.ofMillis(-1)))
        .hasMessageContaining("maxBatchWait");
    assertThatThrownBy(() -> defaults.withPendingLimits(0, 16L << 20)).hasMessageContaining("maxPendingAppends");
    assertThatThrownBy(() -> defaults.withPendingLimits(10, 1024)).hasMessageContaining("maxPendingBytes");
    assertThatThrownBy(() -> defaults.withRetentionCheckInterval(Duration.ZERO))
        .hasMessageContaining("retentionCheckInterval");
    assertThatThrownBy(() -> defaults.withRetention(null)).isInstanceOf(NullPointerException.class);
  }
}
