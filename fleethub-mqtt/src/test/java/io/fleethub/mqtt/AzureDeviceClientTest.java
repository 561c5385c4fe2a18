package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ProxySettings;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.methods.MethodCall;
import io.fleethub.core.methods.MethodResult;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.twin.TwinUpdate;
import io.fleethub.testkit.azure.TwinCalls;
import io.fleethub.testkit.net.ConnectProxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Java device SDK (iot-device-client 2.5.0) against the endpoint: desired-property notifications,
 * reported properties, a direct method and a cloud-to-device message, each as the SDK's callbacks see them.
 *
 * <p>The SDK hard-codes the hub's ports (8883 for MQTT, 443 for MQTT over WebSockets), and these tests run on free
 * ports beside other builds. So the SDK uses MQTT over WebSockets, the one MQTT flavour it lets through an HTTP
 * proxy, and its proxy setting points at a {@link ConnectProxy} that tunnels {@code hub.fleethub.test:443} to a
 * {@link WebSocketListener}. The MQTT spoken inside the WebSocket is the endpoint's, connection for connection.
 */
class AzureDeviceClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MqttTestHub hub;
  private WebSocketListener https;
  private ConnectProxy proxy;
  private DeviceClient client;

  @BeforeEach
  void startHub() throws Exception {
    hub = MqttTestHub.start();
    https = WebSocketListener.start(hub);
    proxy = ConnectProxy.to(https.port());
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    proxy.close();
    https.close();
    hub.close();
    assertThat(hub.eventLoopStoreCalls()).isEmpty();
  }

  @Test
  void deviceGetsDesiredPatchesReadsItsTwinAndReportsProperties() throws Exception {
    // GIVEN an SDK client subscribed to desired-property changes
    Device device = hub.createDevice("sdk-device");
    client = open(device);
    Queue<Twin> notifications = new ConcurrentLinkedQueue<>();
    client.subscribeToDesiredProperties((twin, context) -> notifications.add(twin), null);

    // WHEN the back end sets a desired property
    hub.twins().update(identity("sdk-device"), TwinUpdate.desired(json("{\"interval\":30}")), Etag.ANY);

    // THEN the SDK's callback gets it with its version
    await().until(() -> withInterval(notifications).isPresent());
    TwinCollection desired = withInterval(notifications).orElseThrow().getDesiredProperties();
    assertThat(((Number) desired.get("interval")).intValue()).isEqualTo(30);
    assertThat(desired.getVersion()).isEqualTo(2);

    // AND the twin it reads has it too
    assertThat(((Number) TwinCalls.get(client).getDesiredProperties().get("interval")).intValue()).isEqualTo(30);

    // WHEN the device reports properties
    TwinCollection reported = new TwinCollection();
    reported.put("interval", 30);
    reported.put("firmware", "1.2.3");
    ReportedPropertiesUpdateResponse response = TwinCalls.updateReported(client, reported);

    // THEN the SDK learns the reported version the back end sees, with the properties: 2 after the one patch, or 3
    // when TwinCalls had to send it again because the SDK lost the hub's first answer (its thread race)
    var stored = hub.twins().get(identity("sdk-device")).twin().reported();
    assertThat(stored.values().path("firmware").asText()).isEqualTo("1.2.3");
    assertThat(stored.version()).isBetween(2L, 3L);
    assertThat((long) response.getVersion()).isEqualTo(stored.version());
    assertThat(proxy.targets()).contains("hub.fleethub.test:443");
  }

  @Test
  void deviceAnswersADirectMethod() throws Exception {
    // GIVEN an SDK client subscribed to methods, answering "reboot" with 200 and what it was asked
    Device device = hub.createDevice("sdk-device");
    client = open(device);
    client.subscribeToMethods((methodName, payload, context) -> new DirectMethodResponse(
        methodName.equals("reboot") ? 200 : 404, Map.of("asked", payload.getPayloadAsJsonString())), null);

    // WHEN the back end calls it
    MethodResult result = hub.directMethods()
        .invoke(identity("sdk-device"), MethodCall.of("reboot", "{\"delay\":5}".getBytes(StandardCharsets.UTF_8)))
        .get(60, TimeUnit.SECONDS);

    // THEN the call completes with the device's status and payload
    assertThat(result.status()).isEqualTo(200);
    assertThat(JSON.readTree(result.payload()).path("asked").asText()).isEqualTo("{\"delay\":5}");
  }

  @Test
  void deviceReceivesACloudToDeviceMessageWithItsPropertiesAndCompletesIt() throws Exception {
    // GIVEN an SDK client with a message callback that completes what it gets
    Device device = hub.createDevice("sdk-device");
    Queue<Message> received = new ConcurrentLinkedQueue<>();
    client = client(device);
    client.setMessageCallback((message, context) -> {
      received.add(message);
      return IotHubMessageResult.COMPLETE;
    }, null);
    client.open(false);

    // WHEN the back end sends it a message with system and application properties
    SystemProperties properties = new SystemProperties(Optional.of("c2d-1"), Optional.of("corr-1"),
        Optional.empty(), Optional.of("text/plain"), Optional.of("utf-8"));
    hub.cloudToDevice().send(identity("sdk-device"),
        OutgoingMessage.of("set-mode eco".getBytes(StandardCharsets.UTF_8))
            .withProperties(properties)
            .withApplicationProperties(Map.of("priority", "high", "note", "two words"))
            .withAck(Acknowledgement.FULL));

    // THEN the callback gets the body and properties as sent
    await().until(() -> !received.isEmpty());
    Message message = received.peek();
    assertThat(new String(message.getBytes(), StandardCharsets.UTF_8)).isEqualTo("set-mode eco");
    assertThat(message.getMessageId()).isEqualTo("c2d-1");
    assertThat(message.getCorrelationId()).isEqualTo("corr-1");
    assertThat(message.getContentType()).isEqualTo("text/plain");
    assertThat(message.getContentEncoding()).isEqualTo("utf-8");
    assertThat(message.getProperty("priority")).isEqualTo("high");
    assertThat(message.getProperty("note")).isEqualTo("two words");

    // AND its completion (the PUBACK) takes the message off the queue
    await().until(() -> hub.cloudToDevice().depth(identity("sdk-device")) == 0);
  }

  private static Optional<Twin> withInterval(Queue<Twin> notifications) {
    return notifications.stream().filter(twin -> twin.getDesiredProperties().containsKey("interval")).findFirst();
  }

  private DeviceClient open(Device device) throws Exception {
    DeviceClient opened = client(device);
    opened.open(false);
    return opened;
  }

  private DeviceClient client(Device device) {
    String connectionString = "HostName=" + MqttTestHub.HOST_NAME + ";DeviceId=" + device.id().value()
        + ";SharedAccessKey=" + MqttTestHub.primaryKey(device.authentication());
    ClientOptions options = ClientOptions.builder()
        .sslContext(MqttTestHub.PKI.clientContext())
        .proxySettings(new ProxySettings(proxy.proxy()))
        .build();
    return new DeviceClient(connectionString, IotHubClientProtocol.MQTT_WS, options);
  }

  private static IdentityRef identity(String clientId) {
    return MqttTestHub.identity(clientId);
  }

  private static ObjectNode json(String text) throws Exception {
    return (ObjectNode) JSON.readTree(text);
  }
}
