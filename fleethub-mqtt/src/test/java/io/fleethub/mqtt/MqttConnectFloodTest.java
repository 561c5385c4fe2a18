package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.registry.Device;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MqttConnectFloodTest {
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
  void wellBehavedDeviceKeepsSendingWhileBadConnectsFlood() throws Exception {
    // GIVEN a connected, well-behaved device
    Device device = hub.createDevice("steady");
    MqttAsyncClient steady = hub.pahoAsync("steady");
    steady.connect(MqttTestHub.sasOptions("steady", hub.tokenFor(device))).waitForCompletion(30_000);

    // WHEN 200 CONNECTs with bad credentials (half of them claiming to be the steady device) arrive while it
    // sends 500 messages
    ExecutorService attackers = Executors.newFixedThreadPool(8);
    List<Future<MqttConnectReturnCode>> refusals = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String clientId = i % 2 == 0 ? "steady" : "intruder-" + (i % 20);
      refusals.add(attackers.submit(() -> badConnect(clientId)));
    }
    List<IMqttDeliveryToken> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add(steady.publish("devices/steady/messages/events/", ("m" + i).getBytes(StandardCharsets.UTF_8), 1,
          false));
    }

    // THEN every bad CONNECT is refused with 5, and all 500 messages are acknowledged and stored in order
    for (Future<MqttConnectReturnCode> refusal : refusals) {
      assertThat(refusal.get(60, TimeUnit.SECONDS)).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
    }
    attackers.shutdown();
    for (IMqttDeliveryToken token : sent) {
      token.waitForCompletion(60_000);
      assertThat(token.getException()).isNull();
    }
    assertThat(hub.storedEvents()).hasSize(500);
    assertThat(hub.storedEvents().get(499).data().body()).isEqualTo("m499".getBytes(StandardCharsets.UTF_8));
    assertThat(steady.isConnected()).isTrue();
  }

  private MqttConnectReturnCode badConnect(String clientId) throws Exception {
    String token = MqttTestHub.token(MqttTestHub.HOST_NAME + "/devices/" + clientId,
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", hub.clock().instant().plus(Duration.ofHours(1)),
        Optional.empty());
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      return client.connectAndReadCode(RawMqttClient.connect(clientId, token, 60));
    }
  }
}
