package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.events.DeviceEvent;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Module;
import io.fleethub.testkit.memory.InMemoryEventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MqttConnectTest {
  private MqttTestHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = MqttTestHub.start();
  }

  @AfterEach
  void stopHub() throws Exception {
    hub.close();
    assertThat(hub.eventLoopStoreCalls()).isEmpty();
  }

  @Test
  void acceptsDeviceWithTokenSignedByItsKeyAndRecordsItConnected() throws Exception {
    // GIVEN a registered device
    Device device = hub.createDevice("sensor-1");

    // WHEN it connects as the Java SDK does, with a token signed by its own key
    MqttClient client = hub.connect(device);

    // THEN it is connected, the registry says so, and a Connected event was published
    assertThat(client.isConnected()).isTrue();
    await().untilAsserted(() -> {
      Device stored = hub.device("sensor-1");
      assertThat(stored.activity().connectionState()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(stored.activity().connectionStateUpdatedTime()).isEqualTo(hub.clock().instant());
      assertThat(stored.activity().lastActivityTime()).isEqualTo(hub.clock().instant());
    });
    assertThat(hub.deviceEvents()).hasAtLeastOneElementOfType(DeviceEvent.Connected.class);
  }

  @Test
  void recordsDisconnectedWhenTheDeviceDisconnects() throws Exception {
    // GIVEN a connected device
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));
    await().until(() -> hub.device("sensor-1").activity().connectionState() == ConnectionState.CONNECTED);

    // WHEN it disconnects
    client.disconnect();

    // THEN the registry shows it disconnected
    await().until(() -> hub.device("sensor-1").activity().connectionState() == ConnectionState.DISCONNECTED);
    await().until(() -> hub.deviceEvents().stream().anyMatch(DeviceEvent.Disconnected.class::isInstance));
  }

  @Test
  void acceptsModuleWithTokenSignedByModuleKey() throws Exception {
    // GIVEN a module of a device
    hub.createDevice("gateway");
    Module module = hub.createModule("gateway", "filter");

    // WHEN it connects with client id deviceId/moduleId
    MqttClient client = hub.paho("gateway/filter");
    client.connect(MqttTestHub.sasOptions("gateway/filter", hub.tokenFor(module)));

    // THEN it is connected
    assertThat(client.isConnected()).isTrue();
    await().until(() -> hub.registryStore().findModule(DeviceId.of("gateway"), module.id()).orElseThrow()
        .activity().connectionState() == ConnectionState.CONNECTED);
  }

  @Test
  void acceptsDeviceWithTokenOfPolicyGrantingDeviceConnect() throws Exception {
    // GIVEN a device and the hub's "device" policy
    hub.createDevice("sensor-1");
    String token = hub.policyToken(MqttTestHub.HOST_NAME, "device");

    // WHEN the device connects with a hub-scoped policy token
    MqttClient client = hub.paho("sensor-1");
    client.connect(MqttTestHub.sasOptions("sensor-1", token));

    // THEN it is connected
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void refusesTokenOfPolicyWithoutDeviceConnectAsNotAuthorized() throws Exception {
    // GIVEN a device, and a token signed by the "service" policy, which grants ServiceConnect only
    hub.createDevice("sensor-1");
    String token = hub.policyToken(MqttTestHub.HOST_NAME, "service");

    // WHEN the device connects with it, THEN CONNACK 5
    assertRefused("sensor-1", MqttTestHub.sasOptions("sensor-1", token), MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void acceptsSelfSignedCertificateWithRegisteredThumbprint() throws Exception {
    // GIVEN a device registered with the thumbprint of its self-signed certificate
    TestPki.Issued certificate = MqttTestHub.PKI.selfSignedDevice("camera-1");
    hub.createDevice("camera-1", Authentication.selfSigned(certificate.sha1Thumbprint(), null));

    // WHEN it connects presenting that certificate and no password
    MqttClient client = hub.paho("camera-1");
    client.connect(MqttTestHub.x509Options("camera-1", certificate));

    // THEN it is connected
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void acceptsCertificateSignedByVerifiedCa() throws Exception {
    // GIVEN a CA-authenticated device and a certificate for it from the hub's verified CA
    hub.createDevice("camera-2", Authentication.certificateAuthority());
    TestPki.Issued certificate = MqttTestHub.PKI.caSignedDevice("camera-2");

    // WHEN it connects presenting that certificate
    MqttClient client = hub.paho("camera-2");
    client.connect(MqttTestHub.x509Options("camera-2", certificate));

    // THEN it is connected
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void refusesSelfSignedCertificateWithUnregisteredThumbprintAsNotAuthorized() throws Exception {
    // GIVEN a device registered with another certificate's thumbprint
    TestPki.Issued registered = MqttTestHub.PKI.selfSignedDevice("camera-1");
    hub.createDevice("camera-1", Authentication.selfSigned(registered.sha1Thumbprint(), null));

    // WHEN it presents a different certificate, THEN CONNACK 5
    assertRefused("camera-1",
        MqttTestHub.x509Options("camera-1", MqttTestHub.PKI.selfSignedDevice("camera-1")),
        MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void refusesWrongPasswordAsNotAuthorized() throws Exception {
    // GIVEN a device, and a token signed with a key that is not its own
    hub.createDevice("sensor-1");
    String token = MqttTestHub.token(MqttTestHub.HOST_NAME + "/devices/sensor-1", randomKey(),
        hub.clock().instant().plus(Duration.ofHours(1)), Optional.empty());

    // WHEN it connects with that token, THEN CONNACK 5
    assertRefused("sensor-1", MqttTestHub.sasOptions("sensor-1", token), MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void refusesExpiredTokenAsNotAuthorized() throws Exception {
    // GIVEN a token that expired ten minutes ago (more than the five minutes of clock skew allowed)
    Device device = hub.createDevice("sensor-1");
    String token = MqttTestHub.token(MqttTestHub.HOST_NAME + "/devices/sensor-1",
        MqttTestHub.primaryKey(device.authentication()), hub.clock().instant().minus(Duration.ofMinutes(10)),
        Optional.empty());

    // WHEN the device connects with it, THEN CONNACK 5
    assertRefused("sensor-1", MqttTestHub.sasOptions("sensor-1", token), MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void refusesDisabledDeviceAsNotAuthorized() throws Exception {
    // GIVEN a disabled device with a valid token
    Device device = hub.createDisabledDevice("sensor-1");

    // WHEN it connects, THEN CONNACK 5, and it is not recorded as connected
    assertRefused("sensor-1", MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device)),
        MqttException.REASON_CODE_NOT_AUTHORIZED);
    assertThat(hub.device("sensor-1").activity().connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
  }

  @Test
  void refusesUnknownDeviceAsNotAuthorized() throws Exception {
    // GIVEN no device named "ghost"
    String token = MqttTestHub.token(MqttTestHub.HOST_NAME + "/devices/ghost", randomKey(),
        hub.clock().instant().plus(Duration.ofHours(1)), Optional.empty());

    // WHEN "ghost" connects, THEN CONNACK 5
    assertRefused("ghost", MqttTestHub.sasOptions("ghost", token), MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void refusesUserNameNamingAnotherClientAsBadUserName() throws Exception {
    // GIVEN a device whose user name names another client id
    Device device = hub.createDevice("sensor-1");
    MqttConnectOptions options = MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device));
    options.setUserName(MqttTestHub.userName("sensor-2"));

    // WHEN it connects, THEN CONNACK 4
    assertRefused("sensor-1", options, MqttException.REASON_CODE_FAILED_AUTHENTICATION);
  }

  @Test
  void refusesUserNameWithAnotherHubsHostAsBadUserName() throws Exception {
    // GIVEN a device whose user name names another hub
    Device device = hub.createDevice("sensor-1");
    MqttConnectOptions options = MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device));
    options.setUserName("other-hub.azure-devices.net/sensor-1/" + MqttTestHub.API_QUERY);

    // WHEN it connects, THEN CONNACK 4
    assertRefused("sensor-1", options, MqttException.REASON_CODE_FAILED_AUTHENTICATION);
  }

  @Test
  void acceptsHostNameInAnyCase() throws Exception {
    // GIVEN a device whose user name writes the host name in upper case
    Device device = hub.createDevice("sensor-1");
    MqttConnectOptions options = MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device));
    options.setUserName(MqttTestHub.HOST_NAME.toUpperCase() + "/sensor-1/" + MqttTestHub.API_QUERY);

    // WHEN it connects, THEN it is accepted
    MqttClient client = hub.paho("sensor-1");
    client.connect(options);
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void refusesPasswordThatIsNotSasTokenAsBadPassword() throws Exception {
    hub.createDevice("sensor-1");
    assertRefused("sensor-1", MqttTestHub.sasOptions("sensor-1", "hunter2"),
        MqttException.REASON_CODE_FAILED_AUTHENTICATION);
  }

  @Test
  void refusesMalformedClientIdAsIdentifierRejected() throws Exception {
    // GIVEN a client id with three segments, which names no device or module
    String clientId = "a/b/c";

    // WHEN it connects, THEN CONNACK 2
    assertRefused(clientId, MqttTestHub.sasOptions(clientId, "SharedAccessSignature sr=x&sig=y&se=1"),
        MqttException.REASON_CODE_INVALID_CLIENT_ID);
  }

  @Test
  void refusesMqtt31AsUnacceptableProtocolVersion() throws Exception {
    Device device = hub.createDevice("sensor-1");
    MqttConnectOptions options = MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device));
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1);
    assertRefused("sensor-1", options, MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION);
  }

  @Test
  void secondConnectionOfSameDeviceClosesTheFirst() throws Exception {
    // GIVEN a connected device
    Device device = hub.createDevice("sensor-1");
    MqttClient first = hub.connect(device);

    // WHEN the same device connects again
    MqttClient second = hub.paho("sensor-1");
    second.connect(MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device)));

    // THEN the first connection is closed, the second stays, and the device is still recorded connected
    await().until(() -> !first.isConnected());
    assertThat(second.isConnected()).isTrue();
    assertThat(hub.device("sensor-1").activity().connectionState()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void closesConnectionWhenItsTokenExpires() throws Exception {
    // GIVEN a device connected with a token valid for one hour of the hub's clock, checked every 50 ms
    hub.close();
    hub = MqttTestHub.start(new InMemoryEventLog(1),
        MqttTestHub.withClockCheckInterval(Duration.ofMillis(50)));
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN the clock stays before the expiry, THEN the connection stays open
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(client::isConnected);

    // WHEN the hub's clock passes the expiry, THEN the hub closes the connection
    Instant expiry = hub.clock().instant().plus(Duration.ofHours(1));
    hub.clock().set(expiry.plusSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
    await().until(() -> hub.device("sensor-1").activity().connectionState() == ConnectionState.DISCONNECTED);
  }

  @Test
  void closingTheEndpointDisconnectsDevicesAndRecordsThemDisconnected() throws Exception {
    // GIVEN two connected devices
    MqttClient first = hub.connect(hub.createDevice("sensor-1"));
    MqttClient second = hub.connect(hub.createDevice("sensor-2"));

    // WHEN the endpoint closes
    MqttTestHub.await(hub.endpoint().close());

    // THEN both are recorded disconnected by the time it has closed, and their connections drop
    assertThat(hub.device("sensor-1").activity().connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(hub.device("sensor-2").activity().connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    await().until(() -> !first.isConnected() && !second.isConnected());
  }

  private void assertRefused(String clientId, MqttConnectOptions options, int expectedCode) throws Exception {
    MqttClient client = hub.paho(clientId);
    assertThatThrownBy(() -> client.connect(options))
        .isInstanceOf(MqttException.class)
        .extracting(e -> ((MqttException) e).getReasonCode())
        .isEqualTo(expectedCode);
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
