package io.fleethub.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import java.util.List;

/** The packets the endpoint sends, built for Netty's MQTT encoder. Stateless and thread-safe. */
final class MqttPackets {
  private MqttPackets() {}

  /** A CONNACK; the session is never present, since sessions are not kept yet. */
  static MqttMessage connack(MqttConnectReturnCode code) {
    return new MqttConnAckMessage(header(MqttMessageType.CONNACK), new MqttConnAckVariableHeader(code, false));
  }

  static MqttMessage puback(int packetId) {
    return new MqttPubAckMessage(header(MqttMessageType.PUBACK), MqttMessageIdVariableHeader.from(packetId));
  }

  static MqttMessage suback(int packetId, List<MqttQoS> granted) {
    return new MqttSubAckMessage(header(MqttMessageType.SUBACK), MqttMessageIdVariableHeader.from(packetId),
        new MqttSubAckPayload(granted.stream().mapToInt(MqttQoS::value).toArray()));
  }

  static MqttMessage unsuback(int packetId) {
    return new MqttUnsubAckMessage(header(MqttMessageType.UNSUBACK), MqttMessageIdVariableHeader.from(packetId));
  }

  /**
   * A PUBLISH to the device; {@code packetId} is ignored at QoS 0. The payload is wrapped, not copied: it must not
   * change until the packet is written.
   */
  static MqttPublishMessage publish(String topic, MqttQoS qos, int packetId, byte[] payload) {
    return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
        new MqttPublishVariableHeader(topic, qos == MqttQoS.AT_MOST_ONCE ? 0 : packetId),
        Unpooled.wrappedBuffer(payload));
  }

  static MqttMessage pingresp() {
    return MqttMessage.PINGRESP;
  }

  private static MqttFixedHeader header(MqttMessageType type) {
    return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
  }
}
