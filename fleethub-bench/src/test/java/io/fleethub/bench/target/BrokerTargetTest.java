package io.fleethub.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.bench.mqtt.DeviceCredentials;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerTargetTest {
  private static final DeviceNames NAMES = new DeviceNames("bench", 0);

  @Test
  void connectsEachDeviceByItsNameWithoutCredentials() {
    BrokerTarget target = new BrokerTarget("mqtt://127.0.0.1", Optional.empty(), "t/{device}/up", NAMES);

    DeviceCredentials device = target.device(7);

    assertThat(device.clientId()).isEqualTo("bench-000007");
    assertThat(device.userName()).isEmpty();
    assertThat(device.password()).isEmpty();
    assertThat(device.telemetryTopic()).isEqualTo("t/bench-000007/up");
    assertThat(target.mqttServer().getPort()).isEqualTo(1883);
    assertThat(target.tls("jdk")).isEmpty();
    assertThat(target.describe()).isEqualTo("MQTT broker at mqtt://127.0.0.1:1883");
    assertThat(target.kind()).isEqualTo("mqtt");
  }

  @Test
  void checksTheBrokersNameOverTls() {
    BrokerTarget target = new BrokerTarget("mqtts://localhost", Optional.empty(), BrokerTarget.DEFAULT_TOPIC, NAMES);

    assertThat(target.mqttServer().getPort()).isEqualTo(8883);
    assertThat(target.tls("jdk")).hasValueSatisfying(tls -> assertThat(tls.serverName()).isEqualTo("localhost"));
    assertThatThrownBy(() -> target.tls("gnutls")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsWhatIsNoMqttUrl() {
    assertThatThrownBy(() -> new BrokerTarget("http://localhost:1883", Optional.empty(), "t", NAMES))
        .hasMessage("invalid MQTT URL 'http://localhost:1883': it must be mqtt://host:port or mqtts://host:port");
    assertThatThrownBy(() -> new BrokerTarget("mqtt://localhost:1883/x", Optional.empty(), "t", NAMES))
        .hasMessageContaining("nothing else");
    assertThatThrownBy(() -> new BrokerTarget("localhost:1883", Optional.empty(), "t", NAMES))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsATopicWithAWildcardAndACaFileWithoutTls() {
    assertThatThrownBy(() -> new BrokerTarget("mqtt://localhost", Optional.empty(), "t/+/{device}", NAMES))
        .hasMessageContaining("wildcard");
    assertThatThrownBy(() -> new BrokerTarget("mqtt://localhost", Optional.empty(), "t/{device}",
        new DeviceNames("a#b", 0)))
        .hasMessageContaining("wildcard");
    assertThatThrownBy(() -> new BrokerTarget("mqtt://localhost", Optional.of(Path.of("ca.pem")), "t", NAMES))
        .hasMessageContaining("plain TCP");
    assertThatThrownBy(() -> new BrokerTarget("mqtts://localhost", Optional.of(Path.of("no-such-ca.pem")), "t",
        NAMES))
        .hasMessageContaining("does not exist");
  }
}
