package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * The PUBLISH packets of one connection that the hub has not finished with (telemetry waiting for the event log,
 * twin requests waiting for their answer), in arrival order: each QoS 1 publish is acknowledged once it and every
 * earlier one are done, as MQTT 3.1.1 requires. QoS 0 publishes count too, so that a device cannot pile up work
 * without limit. When {@link InflightWindow} is full the connection stops reading until half of it has drained.
 *
 * <p>Confined to the connection's context.
 */
final class PublishAcknowledgements {
  private final ConnectionControl connection;
  private final InboundGate gate;
  private final InflightWindow window;

  PublishAcknowledgements(ConnectionControl connection, InboundGate gate, int maxInflight) {
    this.connection = connection;
    this.gate = gate;
    this.window = new InflightWindow(maxInflight);
  }

  /** Counts a publish the hub is working on; call {@link #done} when it is finished with. */
  InflightWindow.Entry admit(MqttPublishMessage publish) {
    boolean acknowledged = publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE;
    InflightWindow.Entry entry = window.add(acknowledged ? publish.variableHeader().packetId() : InflightWindow.NO_ACK);
    if (window.isFull()) {
      gate.hold(InboundGate.Hold.INFLIGHT_FULL);
    }
    return entry;
  }

  /** Marks a publish finished, sends the PUBACKs now due, and reads again once the window has room. */
  void done(InflightWindow.Entry entry) {
    window.stored(entry, packetId -> connection.send(MqttPackets.puback(packetId)));
    if (window.hasRoom() && gate.isHeld(InboundGate.Hold.INFLIGHT_FULL)) {
      gate.release(InboundGate.Hold.INFLIGHT_FULL);
    }
  }

  /** Acknowledges, in order, a publish the hub handled at once (a method answer). */
  void acknowledgeNow(MqttPublishMessage publish) {
    done(admit(publish));
  }
}
