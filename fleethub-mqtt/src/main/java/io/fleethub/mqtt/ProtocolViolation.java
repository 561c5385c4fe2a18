package io.fleethub.mqtt;

/**
 * A packet IoT Hub answers by closing the connection: a malformed packet, a topic the device may not use, QoS 2,
 * or a packet out of place. MQTT 3.1.1 has no way to say why, so the reason is only logged.
 */
final class ProtocolViolation extends RuntimeException {
  ProtocolViolation(String message) {
    super(message, null, false, false);
  }
}
