package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.core.telemetry.TelemetryService;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MQTT over WebSockets as the Azure SDKs use it: {@code wss://{host}/$iothub/websocket}, subprotocol {@code mqtt},
 * upgraded by an HTTPS server (here {@link WebSocketListener}, a small stand-in for the hub's HTTPS listener) and
 * handed to the endpoint.
 */
class MqttWebSocketBridgeTest {
  private MqttTestHub hub;
  private WebSocketListener https;

  @BeforeEach
  void startHubAndHttpsListener() throws Exception {
    hub = MqttTestHub.start();
    https = WebSocketListener.start(hub);
  }

  @AfterEach
  void stop() throws Exception {
    https.close();
    hub.close();
    assertThat(hub.eventLoopStoreCalls()).isEmpty();
  }

  @Test
  void deviceConnectsOverWssAndSendsTelemetry() throws Exception {
    // GIVEN a device using Paho over wss://.../$iothub/websocket, as the Java SDK's MQTT_WS does
    Device device = hub.createDevice("sensor-ws");
    MqttClient client = hub.paho(webSocketUri("?iothub-no-client-cert=true"), "sensor-ws");

    // WHEN it connects and publishes
    client.connect(MqttTestHub.sasOptions("sensor-ws", hub.tokenFor(device)));
    client.publish("devices/sensor-ws/messages/events/$.mid=ws-1&via=websocket",
        "over the bridge".getBytes(StandardCharsets.UTF_8), 1, false);

    // THEN the device is connected, and the message is stored with its properties
    await().until(() -> hub.storedEvents().size() == 1);
    var event = hub.storedEvents().get(0).data();
    assertThat(new String(event.body(), StandardCharsets.UTF_8)).isEqualTo("over the bridge");
    assertThat(event.systemProperties()).containsEntry(MessageProperties.MESSAGE_ID, "ws-1");
    assertThat(event.applicationProperties()).containsEntry("via", "websocket");
    assertThat(hub.device("sensor-ws").activity().connectionState()).isEqualTo(ConnectionState.CONNECTED);

    // WHEN it disconnects, THEN the registry shows it disconnected
    client.disconnect();
    await().until(() -> hub.device("sensor-ws").activity().connectionState() == ConnectionState.DISCONNECTED);
  }

  @Test
  void carriesAFullSizeMessageOverTheBridge() throws Exception {
    MqttClient client = hub.paho(webSocketUri(""), "sensor-ws");
    client.connect(MqttTestHub.sasOptions("sensor-ws", hub.tokenFor(hub.createDevice("sensor-ws"))));

    client.publish("devices/sensor-ws/messages/events/", new byte[TelemetryService.MAX_MESSAGE_BYTES], 1, false);

    await().until(() -> hub.storedEvents().size() == 1);
    assertThat(hub.storedEvents().get(0).data().body()).hasSize(TelemetryService.MAX_MESSAGE_BYTES);
  }

  @Test
  void refusesBadTokenOverWssAsNotAuthorized() throws Exception {
    hub.createDevice("sensor-ws");
    String foreignToken = hub.tokenFor(hub.createDevice("other"));
    MqttClient client = hub.paho(webSocketUri(""), "sensor-ws");

    assertThatThrownBy(() -> client.connect(MqttTestHub.sasOptions("sensor-ws", foreignToken)))
        .isInstanceOf(MqttException.class)
        .extracting(e -> ((MqttException) e).getReasonCode())
        .isEqualTo((int) MqttException.REASON_CODE_NOT_AUTHORIZED);
  }

  @Test
  void authenticatesWithTheClientCertificateTheHttpsListenerSaw() throws Exception {
    // GIVEN a self-signed device whose certificate reaches the HTTPS listener's TLS handshake
    TestPki.Issued certificate = MqttTestHub.PKI.selfSignedDevice("camera-ws");
    hub.createDevice("camera-ws", Authentication.selfSigned(certificate.sha1Thumbprint(), null));
    MqttClient client = hub.paho(webSocketUri(""), "camera-ws");

    // WHEN it connects over wss without a password
    client.connect(MqttTestHub.x509Options("camera-ws", certificate));

    // THEN it is accepted on the strength of that certificate
    assertThat(client.isConnected()).isTrue();
  }

  private String webSocketUri(String query) {
    return https.uri(query);
  }
}
