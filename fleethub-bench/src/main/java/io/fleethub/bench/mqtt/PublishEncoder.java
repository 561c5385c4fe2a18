package io.fleethub.bench.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes PUBLISH packets of one topic, QoS and payload straight into a buffer: the fixed header and topic are
 * computed once, so a message costs one allocation and two copies. Immutable and thread-safe.
 */
public final class PublishEncoder {
  private static final int MAX_REMAINING_LENGTH = 268_435_455;

  private final byte[] header;
  private final byte[] payload;
  private final MqttQoS qos;

  /**
   * @param qos {@link MqttQoS#AT_MOST_ONCE} or {@link MqttQoS#AT_LEAST_ONCE}
   */
  public PublishEncoder(String topic, MqttQoS qos, byte[] payload) {
    Objects.requireNonNull(topic, "topic");
    this.qos = Objects.requireNonNull(qos, "qos");
    this.payload = payload.clone();
    if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
      throw new IllegalArgumentException("only QoS 0 and 1 are sent, not " + qos);
    }
    byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
    if (topicBytes.length == 0 || topicBytes.length > 65_535) {
      throw new IllegalArgumentException("a topic is 1 to 65535 bytes of UTF-8, not " + topicBytes.length);
    }
    long remaining = 2L + topicBytes.length + (hasPacketId() ? 2 : 0) + payload.length;
    if (remaining > MAX_REMAINING_LENGTH) {
      throw new IllegalArgumentException("the packet would be " + remaining + " bytes; MQTT allows "
          + MAX_REMAINING_LENGTH);
    }
    byte[] length = remainingLength((int) remaining);
    header = new byte[1 + length.length + 2 + topicBytes.length];
    header[0] = (byte) (0x30 | (qos.value() << 1));
    System.arraycopy(length, 0, header, 1, length.length);
    int at = 1 + length.length;
    header[at] = (byte) (topicBytes.length >>> 8);
    header[at + 1] = (byte) topicBytes.length;
    System.arraycopy(topicBytes, 0, header, at + 2, topicBytes.length);
  }

  public MqttQoS qos() {
    return qos;
  }

  public boolean hasPacketId() {
    return qos != MqttQoS.AT_MOST_ONCE;
  }

  /** The whole packet's size in bytes. */
  public int packetBytes() {
    return header.length + (hasPacketId() ? 2 : 0) + payload.length;
  }

  /**
   * One PUBLISH packet; {@code packetId} (1 to 65535) is written only for QoS 1. The caller owns the buffer.
   */
  public ByteBuf encode(ByteBufAllocator allocator, int packetId) {
    ByteBuf buffer = allocator.buffer(packetBytes());
    buffer.writeBytes(header);
    if (hasPacketId()) {
      if (packetId < 1 || packetId > 65_535) {
        buffer.release();
        throw new IllegalArgumentException("a packet id is 1 to 65535, not " + packetId);
      }
      buffer.writeShort(packetId);
    }
    buffer.writeBytes(payload);
    return buffer;
  }

  /** MQTT's variable-length encoding of the remaining length: 7 bits per byte, low bits first. */
  static byte[] remainingLength(int value) {
    byte[] scratch = new byte[4];
    int count = 0;
    int rest = value;
    do {
      int digit = rest % 128;
      rest /= 128;
      scratch[count++] = (byte) (rest > 0 ? digit | 0x80 : digit);
    } while (rest > 0);
    byte[] encoded = new byte[count];
    System.arraycopy(scratch, 0, encoded, 0, count);
    return encoded;
  }
}
