package io.fleethub.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLSocket;

/**
 * A bare MQTT client on a TLS socket, for what Paho will not do: malformed bytes, a client that stops pinging.
 * Packets are encoded and decoded with Netty's codec in an {@link EmbeddedChannel}. Not thread-safe.
 */
final class RawMqttClient implements AutoCloseable {
  private final SSLSocket socket;
  private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE);

  private RawMqttClient(SSLSocket socket) {
    this.socket = socket;
  }

  static RawMqttClient open(int port) throws IOException {
    SSLSocket socket = (SSLSocket) MqttTestHub.PKI.clientContext().getSocketFactory().createSocket("127.0.0.1", port);
    socket.startHandshake();
    return new RawMqttClient(socket);
  }

  /** A CONNECT as an Azure SDK sends it (MQTT 3.1.1, CleanSession=0). */
  static MqttMessage connect(String clientId, String password, int keepAliveSeconds) {
    return MqttMessageBuilders.connect()
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .clientId(clientId)
        .username(MqttTestHub.userName(clientId))
        .password(password.getBytes(StandardCharsets.UTF_8))
        .keepAlive(keepAliveSeconds)
        .cleanSession(false)
        .build();
  }

  static MqttMessage publish(String topic, int packetId, byte[] payload) {
    return MqttMessageBuilders.publish()
        .topicName(topic)
        .qos(MqttQoS.AT_LEAST_ONCE)
        .messageId(packetId)
        .payload(Unpooled.wrappedBuffer(payload))
        .build();
  }

  /** A QoS 0 PUBLISH, as the Node SDK sends twin requests. */
  static MqttMessage publishAtMostOnce(String topic, byte[] payload) {
    return MqttMessageBuilders.publish()
        .topicName(topic)
        .qos(MqttQoS.AT_MOST_ONCE)
        .payload(Unpooled.wrappedBuffer(payload))
        .build();
  }

  static MqttMessage subscribe(int packetId, String topicFilter, MqttQoS qos) {
    return MqttMessageBuilders.subscribe().messageId(packetId).addSubscription(qos, topicFilter).build();
  }

  static MqttMessage unsubscribe(int packetId, String topicFilter) {
    return MqttMessageBuilders.unsubscribe().messageId(packetId).addTopicFilter(topicFilter).build();
  }

  static MqttMessage puback(int packetId) {
    return MqttMessageBuilders.pubAck().packetId(packetId).build();
  }

  /** Connects with {@code token}, failing unless the hub accepts. */
  void connectAccepted(String clientId, String token) throws IOException {
    MqttConnectReturnCode code = connectAndReadCode(connect(clientId, token, 60));
    if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      throw new IllegalStateException("CONNECT of " + clientId + " refused with " + code);
    }
  }

  /** Subscribes and waits for the SUBACK, failing unless it grants the filter. */
  void subscribeGranted(int packetId, String topicFilter, MqttQoS qos) throws IOException {
    send(subscribe(packetId, topicFilter, qos));
    MqttMessage answer = receive(Duration.ofSeconds(30));
    if (!(answer instanceof MqttSubAckMessage suback) || suback.variableHeader().messageId() != packetId
        || suback.payload().grantedQoSLevels().get(0) == MqttQoS.FAILURE.value()) {
      throw new IllegalStateException("expected the SUBACK of " + packetId + ", got " + answer);
    }
  }

  /** The next packet, which must be a PUBLISH: its topic, QoS, packet id and payload. */
  Received receivePublish(Duration timeout) throws IOException {
    MqttMessage packet = receive(timeout);
    if (!(packet instanceof MqttPublishMessage publish)) {
      throw new IllegalStateException("expected a PUBLISH, got " + packet);
    }
    try {
      return new Received(publish.variableHeader().topicName(), publish.fixedHeader().qosLevel(),
          publish.variableHeader().packetId(), ByteBufUtil.getBytes(publish.payload()));
    } finally {
      publish.release();
    }
  }

  /** A PUBLISH from the hub, its payload copied. */
  record Received(String topic, MqttQoS qos, int packetId, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  void send(MqttMessage packet) throws IOException {
    codec.writeOutbound(packet);
    for (ByteBuf bytes = codec.readOutbound(); bytes != null; bytes = codec.readOutbound()) {
      byte[] raw = new byte[bytes.readableBytes()];
      bytes.readBytes(raw);
      bytes.release();
      sendBytes(raw);
    }
  }

  void sendBytes(byte[] raw) throws IOException {
    socket.getOutputStream().write(raw);
    socket.getOutputStream().flush();
  }

  /** The next packet from the hub, waiting up to {@code timeout}; fails if the hub closes the connection. */
  MqttMessage receive(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buffer = new byte[4096];
    InputStream in = socket.getInputStream();
    while (true) {
      MqttMessage decoded = codec.readInbound();
      if (decoded != null) {
        return decoded;
      }
      socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      int read = in.read(buffer);
      if (read < 0) {
        throw new IOException("the hub closed the connection");
      }
      codec.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(buffer, read)));
    }
  }

  MqttConnectReturnCode connectAndReadCode(MqttMessage connect) throws IOException {
    send(connect);
    return ((MqttConnAckMessage) receive(Duration.ofSeconds(30))).variableHeader().connectReturnCode();
  }

  /** True once the hub has closed the connection (a read sees its end), checking for {@code wait} at most. */
  boolean closedByHub(Duration wait) throws IOException {
    socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
    byte[] buffer = new byte[4096];
    try {
      while (true) {
        if (socket.getInputStream().read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    codec.finishAndReleaseAll();
    socket.close();
  }
}
