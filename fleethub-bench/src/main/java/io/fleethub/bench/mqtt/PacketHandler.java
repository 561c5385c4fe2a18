package io.fleethub.bench.mqtt;

import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * What a scenario does with the packets a ready connection receives. Every method runs on the connection's event
 * loop and must not block. The connection releases each message after the call.
 */
public interface PacketHandler {
  /** Does nothing: idle devices only answer their own keep-alive. */
  PacketHandler NONE = new PacketHandler() {};

  /** A PUBACK for one of the connection's QoS 1 publishes. */
  default void puback(DeviceConnection connection, int packetId, long nowNanos) {}

  /** A PUBLISH from the server; the connection has already acknowledged it when it was QoS 1. */
  default void publish(DeviceConnection connection, MqttPublishMessage message, long nowNanos) {}

  /** The end of one read from the socket: a good moment to flush what the calls above wrote. */
  default void readComplete(DeviceConnection connection) {}

  /** The connection's outbound buffer drained below its low-water mark. */
  default void writable(DeviceConnection connection) {}
}
