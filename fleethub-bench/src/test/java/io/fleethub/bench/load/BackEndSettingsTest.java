package io.fleethub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings of the scenarios where the bench is the hub's back end: methods and c2d. */
class BackEndSettingsTest {
  @Test
  void acceptsIotHubsRangeOfMethodResponseTimeouts() {
    assertThat(new MethodSettings(1000, 256, Duration.ofSeconds(5), 2).responseTimeout()).hasSeconds(5);
    assertThat(new MethodSettings(1000, 256, Duration.ofSeconds(300), 2).responseTimeout()).hasSeconds(300);
    assertThatThrownBy(() -> new MethodSettings(1000, 256, Duration.ofSeconds(4), 2))
        .hasMessageContaining("5 to 300 whole seconds");
    assertThatThrownBy(() -> new MethodSettings(1000, 256, Duration.ofMillis(5500), 2))
        .hasMessageContaining("5 to 300 whole seconds");
  }

  @Test
  void refusesMethodLoadsThatCannotRun() {
    assertThatThrownBy(() -> new MethodSettings(0, 256, Duration.ofSeconds(30), 2)).hasMessageContaining("rate");
    assertThatThrownBy(() -> new MethodSettings(10, 0, Duration.ofSeconds(30), 2)).hasMessageContaining("in flight");
    assertThatThrownBy(() -> new MethodSettings(10, 1, Duration.ofSeconds(30), 0)).hasMessageContaining("HTTP client threads");
  }

  @Test
  void keepsPendingMessagesPerDeviceWithinIotHubsQueueLimit() {
    assertThat(new CloudToDeviceSettings(100, 50, 0).maxPendingPerDevice()).isEqualTo(50);
    assertThatThrownBy(() -> new CloudToDeviceSettings(100, 51, 0)).hasMessageContaining("1 to 50");
    assertThatThrownBy(() -> new CloudToDeviceSettings(100, 0, 0)).hasMessageContaining("1 to 50");
    assertThatThrownBy(() -> new CloudToDeviceSettings(100, 10, 60 * 1024 + 1)).hasMessageContaining("payload");
    assertThatThrownBy(() -> new CloudToDeviceSettings(Double.NaN, 10, 0)).hasMessageContaining("rate");
  }

  @Test
  void fillsTheC2dPayloadWithPrintableBytes() {
    byte[] payload = new CloudToDeviceSettings(100, 10, 40).payload();

    assertThat(payload).hasSize(40);
    assertThat(new String(payload, StandardCharsets.US_ASCII)).startsWith("{\"bench\":\"fleethub\"}");
  }
}
