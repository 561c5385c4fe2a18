package io.fleethub.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.bench.mqtt.DeviceCredentials;
import io.fleethub.core.auth.SasToken;
import io.fleethub.testkit.MutableClock;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices registered through a fake registry over HTTPS, then presented as the device SDKs present them. */
class IotHubTargetTest {
  private static final String HOST = FakeRegistry.HOST_NAME;

  @TempDir
  Path directory;

  private FakeRegistry registry;
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void startRegistry() throws Exception {
    registry = new FakeRegistry(directory);
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private IotHubTarget target(HubAddress hub, DeviceNames names) {
    return new IotHubTarget(hub, names, Duration.ofHours(2), clock, 2);
  }

  @Test
  void registersTheDevicesAndSignsEachTokenWithTheDevicesKey() throws Exception {
    // GIVEN an empty registry
    IotHubTarget target = target(registry.address(FakeRegistry.POLICY_KEY), new DeviceNames("bench", 10));

    // WHEN three devices are prepared
    target.prepare(3, progress::add);

    // THEN they are registered and connect as the device SDKs do, with a token for their own key
    assertThat(registry.primaryKeys()).containsOnlyKeys("bench-000010", "bench-000011", "bench-000012");
    DeviceCredentials device = target.device(1);
    assertThat(device.deviceId()).isEqualTo("bench-000011");
    assertThat(device.clientId()).isEqualTo("bench-000011");
    assertThat(device.userName()).contains(HOST + "/bench-000011/?api-version=2021-04-12");
    assertThat(device.telemetryTopic()).isEqualTo("devices/bench-000011/messages/events/");
    SasToken token = SasToken.parse(device.password().orElseThrow());
    assertThat(token.rawResource()).isEqualTo(HOST + "%2Fdevices%2Fbench-000011");
    assertThat(token.isSignedByAnyOf(List.of(registry.primaryKeys().get("bench-000011")))).isTrue();
    assertThat(token.expiry()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(progress).last().asString().contains("3/3", "created 3", "existing 0");
    assertThat(target.tls("jdk")).hasValueSatisfying(tls -> assertThat(tls.serverName()).isEqualTo(HOST));
  }

  @Test
  void reusesDevicesThatExistWithTheirKeys() throws Exception {
    String existingKey = "ZXhpc3Rpbmcta2V5LW9mLWJlbmNoLTAwMDAwMA==";
    registry.addDevice("bench-000000", existingKey);
    IotHubTarget target = target(registry.address(FakeRegistry.POLICY_KEY), new DeviceNames("bench", 0));

    target.prepare(2, progress::add);

    SasToken token = SasToken.parse(target.device(0).password().orElseThrow());
    assertThat(token.isSignedByAnyOf(List.of(existingKey))).isTrue();
    assertThat(progress).last().asString().contains("created 1", "existing 1");
  }

  @Test
  void reportsTheRegistrysRefusal() {
    IotHubTarget target = target(registry.address("d3Jvbmcta2V5"), new DeviceNames("bench", 0));

    assertThatThrownBy(() -> target.prepare(5, progress::add))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("the hub's registry refused to create device bench-00000")
        .hasMessageContaining("HTTP 401 (the policy iothubowner must be valid and have RegistryWrite)")
        .hasMessageContaining("IotHubUnauthorizedAccess");
  }

  @Test
  void reportsAnUnreachableRegistry() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HubAddress nowhere = new HubAddress(HOST, "iothubowner", FakeRegistry.POLICY_KEY,
        URI.create("https://localhost:" + closedPort), new MqttUrl(true, "localhost", 8883), Optional.empty(),
        Optional.empty());

    assertThatThrownBy(() -> target(nowhere, new DeviceNames("bench", 0)).prepare(1, progress::add))
        .isInstanceOf(TargetException.class)
        .hasMessageStartingWith("cannot reach the hub's registry at https://localhost:" + closedPort);
  }

  @Test
  void refusesADeviceItDidNotPrepare() throws Exception {
    IotHubTarget target = target(registry.address(FakeRegistry.POLICY_KEY), new DeviceNames("bench", 0));
    target.prepare(1, progress::add);

    assertThatThrownBy(() -> target.device(1)).isInstanceOf(IllegalStateException.class);
  }
}
