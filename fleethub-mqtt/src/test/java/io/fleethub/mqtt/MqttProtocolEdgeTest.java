package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.testkit.memory.InMemoryEventLog;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour only a raw client can provoke: malformed bytes, silence, packets out of place. */
class MqttProtocolEdgeTest {
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
  void closesConnectionOnMalformedPacketAndStoresNothing() throws Exception {
    // GIVEN a connected device on a raw socket
    Device device = hub.createDevice("sensor-1");
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      assertThat(client.connectAndReadCode(RawMqttClient.connect("sensor-1", hub.tokenFor(device), 60)))
          .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

      // WHEN it sends a PUBLISH whose fixed header claims QoS 3, which MQTT forbids
      client.sendBytes(new byte[] {0x36, 0x08, 0x00, 0x01, 'x', 0x00, 0x01, 'a', 'b', 'c'});

      // THEN the hub closes the connection and stores nothing
      assertThat(client.closedByHub(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(hub.storedEvents()).isEmpty();
    await().until(() -> hub.device("sensor-1").activity().connectionState() == ConnectionState.DISCONNECTED);
  }

  @Test
  void closesConnectionWhoseFirstPacketIsGarbage() throws Exception {
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      client.sendBytes(new byte[] {0x00, 0x02, 0x01, 0x02});

      assertThat(client.closedByHub(Duration.ofSeconds(30))).isTrue();
    }
  }

  @Test
  void closesConnectionThatPublishesBeforeConnecting() throws Exception {
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      client.send(RawMqttClient.publish("devices/sensor-1/messages/events/", 1, new byte[] {1}));

      assertThat(client.closedByHub(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(hub.storedEvents()).isEmpty();
  }

  @Test
  void handlesPublishSentRightAfterConnectBeforeTheConnack() throws Exception {
    // GIVEN a device that sends CONNECT and a PUBLISH back to back, as MQTT allows
    Device device = hub.createDevice("sensor-1");
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      client.send(RawMqttClient.connect("sensor-1", hub.tokenFor(device), 60));
      client.send(RawMqttClient.publish("devices/sensor-1/messages/events/", 7, new byte[] {42}));

      // THEN it gets its CONNACK, then the PUBACK, and the message is stored
      MqttMessage connack = client.receive(Duration.ofSeconds(30));
      assertThat(connack.fixedHeader().messageType()).isEqualTo(MqttMessageType.CONNACK);
      MqttMessage puback = client.receive(Duration.ofSeconds(30));
      assertThat(((MqttPubAckMessage) puback).variableHeader().messageId()).isEqualTo(7);
    }
    assertThat(hub.storedEvents()).hasSize(1);
  }

  @Test
  void closesConnectionThatStopsPingingAfterOneAndAHalfKeepAlives() throws Exception {
    // GIVEN a device connected with a keep-alive of 2 s, which then falls silent
    Device device = hub.createDevice("sensor-1");
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      long silentSince = System.nanoTime();
      assertThat(client.connectAndReadCode(RawMqttClient.connect("sensor-1", hub.tokenFor(device), 2)))
          .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

      // THEN the hub closes the connection, not before 3 s (1.5 x 2 s) of silence
      assertThat(client.closedByHub(Duration.ofSeconds(30))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
    }
    await().until(() -> hub.device("sensor-1").activity().connectionState() == ConnectionState.DISCONNECTED);
  }

  @Test
  void keepsConnectionThatPingsWithinItsKeepAlive() throws Exception {
    // GIVEN a device connected with a keep-alive of 2 s
    Device device = hub.createDevice("sensor-1");
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      assertThat(client.connectAndReadCode(RawMqttClient.connect("sensor-1", hub.tokenFor(device), 2)))
          .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

      // WHEN it pings about every 500 ms for 5 s, well past the 3 s timeout, THEN each ping is answered and the
      // connection stays open
      long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < end) {
        client.send(MqttMessage.PINGREQ);
        assertThat(client.receive(Duration.ofSeconds(30)).fixedHeader().messageType())
            .isEqualTo(MqttMessageType.PINGRESP);
        assertThat(client.closedByHub(Duration.ofMillis(500))).isFalse();
      }
    }
  }

  @Test
  void closesConnectionThatNeverSendsConnect() throws Exception {
    // GIVEN a hub that waits 500 ms for a CONNECT
    hub.close();
    hub = MqttTestHub.start(new InMemoryEventLog(1), MqttTestHub.withConnectTimeout(Duration.ofMillis(500)));

    // WHEN a client opens a TLS connection and sends nothing, THEN the hub closes it
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      assertThat(client.closedByHub(Duration.ofSeconds(30))).isTrue();
    }
  }
}
