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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour only a raw client can provoke: malformed bytes, silence, packets out of place. */
class MqttProtocolEdgeTest {
  private static final byte TLS_ALERT_RECORD = 0x15;

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
  void closesConnectionThatSpeaksMqttWithoutTlsAndKeepsServingOthers() throws Exception {
    // GIVEN a client that sends a plain-text CONNECT where the hub expects a TLS handshake
    Device device = hub.createDevice("sensor-1");
    try (Socket plain = new Socket("127.0.0.1", hub.port())) {
      plain.getOutputStream().write(new byte[] {0x10, 0x0c, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3c,
          0x00, 0x00});

      // THEN the hub ends the connection without an MQTT answer (at most a TLS alert)
      plain.setSoTimeout(30_000);
      byte[] answer = readUntilClosed(plain);
      assertThat(answer.length == 0 || answer[0] == TLS_ALERT_RECORD)
          .as("the hub's answer, %s, is nothing or a TLS alert", Arrays.toString(answer))
          .isTrue();
    }

    // AND a device over TLS still connects
    try (RawMqttClient client = RawMqttClient.open(hub.port())) {
      assertThat(client.connectAndReadCode(RawMqttClient.connect("sensor-1", hub.tokenFor(device), 60)))
          .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
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

  /** What the peer sent until it closed the connection; a reset counts as a close. */
  private static byte[] readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    try {
      for (int n = socket.getInputStream().read(buffer); n >= 0; n = socket.getInputStream().read(buffer)) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // the hub closed with our bytes unread
    }
    return received.toByteArray();
  }
}
