package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PUBLISH packets the hub sends one connection, and the packet ids of those at QoS 1 that the device has not
 * acknowledged yet. An id stays taken until its PUBACK arrives or the connection ends, so a late PUBACK can never
 * acknowledge a later publish that reused its id. Nothing is resent: sessions are not kept, so a publish the
 * device missed is offered again by whoever sent it (a cloud-to-device message after its lock expires).
 *
 * <p>Confined to the connection's context.
 */
final class OutboundPublishes {
  /** MQTT packet ids are 1 to 65535. */
  static final int MAX_PACKET_ID = 65_535;

  private static final Logger log = LoggerFactory.getLogger(OutboundPublishes.class);
  private static final Runnable NOTHING = () -> { };

  private final ConnectionControl connection;
  private final Map<Integer, Runnable> awaitingAck = new HashMap<>();
  private int lastPacketId;

  OutboundPublishes(ConnectionControl connection) {
    this.connection = connection;
  }

  /** Publishes at QoS 0, or at QoS 1 with nothing to do on its PUBACK. */
  void publish(String topic, MqttQoS qos, byte[] payload) {
    if (qos == MqttQoS.AT_MOST_ONCE) {
      connection.send(MqttPackets.publish(topic, MqttQoS.AT_MOST_ONCE, 0, payload));
    } else {
      publishAtLeastOnce(topic, payload, NOTHING);
    }
  }

  /**
   * Publishes at QoS 1 and returns its packet id; {@code onAck} runs when the device acknowledges it, unless the
   * id was {@link #forget forgotten}. When every packet id is taken (the device acknowledges nothing), the
   * connection is closed instead and -1 returned.
   */
  int publishAtLeastOnce(String topic, byte[] payload, Runnable onAck) {
    if (awaitingAck.size() >= MAX_PACKET_ID) {
      connection.fail("the device left " + MAX_PACKET_ID + " publishes unacknowledged");
      return -1;
    }
    int packetId = nextFreePacketId();
    awaitingAck.put(packetId, onAck);
    connection.send(MqttPackets.publish(topic, MqttQoS.AT_LEAST_ONCE, packetId, payload));
    return packetId;
  }

  /** A PUBACK from the device. One for an id the hub is not waiting on is ignored. */
  void acknowledged(int packetId) {
    Runnable onAck = awaitingAck.remove(packetId);
    if (onAck == null) {
      log.debug("PUBACK for packet id {}, which awaits none, ignored", packetId);
      return;
    }
    onAck.run();
  }

  /** Keeps the id taken until its PUBACK, but does nothing then. */
  void forget(int packetId) {
    awaitingAck.replace(packetId, NOTHING);
  }

  private int nextFreePacketId() {
    do {
      lastPacketId = lastPacketId == MAX_PACKET_ID ? 1 : lastPacketId + 1;
    } while (awaitingAck.containsKey(lastPacketId));
    return lastPacketId;
  }
}
