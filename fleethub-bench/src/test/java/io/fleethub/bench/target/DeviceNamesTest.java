package io.fleethub.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceNamesTest {
  @Test
  void numbersDevicesFromTheFirstWithSixDigitsAtLeast() {
    DeviceNames names = new DeviceNames("bench", 1000);

    assertThat(names.name(0)).isEqualTo("bench-001000");
    assertThat(names.name(5)).isEqualTo("bench-001005");
    assertThat(new DeviceNames("b", 999_999).name(1)).isEqualTo("b-1000000");
  }

  @Test
  void rejectsAPrefixThatIsNoDeviceId() {
    assertThatThrownBy(() -> new DeviceNames("my bench", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the device prefix 'my bench' cannot start an IoT Hub device id");
    assertThatThrownBy(() -> new DeviceNames("", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeviceNames("x".repeat(DeviceNames.MAX_PREFIX_LENGTH + 1), 0))
        .hasMessageContaining("longer than");
  }

  @Test
  void rejectsANegativeFirstNumber() {
    assertThatThrownBy(() -> new DeviceNames("bench", -1)).hasMessageContaining("0 or more");
  }
}
