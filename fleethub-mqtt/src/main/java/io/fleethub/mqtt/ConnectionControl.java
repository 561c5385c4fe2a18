package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;

/** What a packet handler may do to its connection. Call on the connection's context only. */
interface ConnectionControl {
  /** Sends a packet; does nothing once the connection is closed. */
  void send(MqttMessage packet);

  /** Closes the connection, as IoT Hub does when it refuses something mid-session. */
  void fail(String reason);

  boolean isOpen();
}
