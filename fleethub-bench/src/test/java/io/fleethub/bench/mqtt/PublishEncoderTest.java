package io.fleethub.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishEncoderTest {
  private static MqttPublishMessage decode(ByteBuf packet) {
    EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(1 << 20));
    channel.writeInbound(packet);
    MqttPublishMessage message = channel.readInbound();
    channel.finishAndReleaseAll();
    return message;
  }

  @Test
  void encodesAQos1PublishThatNettysDecoderReads() {
    PublishEncoder encoder = new PublishEncoder("devices/d1/messages/events/", MqttQoS.AT_LEAST_ONCE,
        "hello".getBytes(StandardCharsets.UTF_8));

    ByteBuf packet = encoder.encode(ByteBufAllocator.DEFAULT, 4242);
    assertThat(packet.readableBytes()).isEqualTo(encoder.packetBytes());
    MqttPublishMessage message = decode(packet);

    try {
      assertThat(message.decoderResult().isSuccess()).isTrue();
      assertThat(message.variableHeader().topicName()).isEqualTo("devices/d1/messages/events/");
      assertThat(message.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
      assertThat(message.variableHeader().packetId()).isEqualTo(4242);
      assertThat(message.payload().toString(StandardCharsets.UTF_8)).isEqualTo("hello");
    } finally {
      message.release();
    }
  }

  @Test
  void encodesAQos0PublishWithoutPacketId() {
    PublishEncoder encoder = new PublishEncoder("t", MqttQoS.AT_MOST_ONCE, new byte[200]);

    MqttPublishMessage message = decode(encoder.encode(ByteBufAllocator.DEFAULT, 0));

    try {
      assertThat(message.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_MOST_ONCE);
      assertThat(message.payload().readableBytes()).isEqualTo(200);
      assertThat(encoder.packetBytes()).isEqualTo(1 + 2 + 2 + 1 + 200);
    } finally {
      message.release();
    }
  }

  @Test
  void encodesTheRemainingLengthInSevenBitGroups() {
    assertThat(ByteBufUtil.hexDump(PublishEncoder.remainingLength(0))).isEqualTo("00");
    assertThat(ByteBufUtil.hexDump(PublishEncoder.remainingLength(127))).isEqualTo("7f");
    assertThat(ByteBufUtil.hexDump(PublishEncoder.remainingLength(128))).isEqualTo("8001");
    assertThat(ByteBufUtil.hexDump(PublishEncoder.remainingLength(16_383))).isEqualTo("ff7f");
    assertThat(ByteBufUtil.hexDump(PublishEncoder.remainingLength(16_384))).isEqualTo("808001");
    assertThat(ByteBufUtil.hexDump(PublishEncoder.remainingLength(268_435_455))).isEqualTo("ffffff7f");
  }

  @Test
  void decodesAFullSizeMessage() {
    PublishEncoder encoder = new PublishEncoder("devices/d1/messages/events/", MqttQoS.AT_LEAST_ONCE,
        new byte[256 * 1024]);

    MqttPublishMessage message = decode(encoder.encode(ByteBufAllocator.DEFAULT, 1));

    try {
      assertThat(message.payload().readableBytes()).isEqualTo(256 * 1024);
    } finally {
      message.release();
    }
  }

  @Test
  void refusesQos2AndInvalidPacketIds() {
    assertThatThrownBy(() -> new PublishEncoder("t", MqttQoS.EXACTLY_ONCE, new byte[0]))
        .hasMessageContaining("only QoS 0 and 1");
    PublishEncoder encoder = new PublishEncoder("t", MqttQoS.AT_LEAST_ONCE, new byte[0]);
    assertThatThrownBy(() -> encoder.encode(ByteBufAllocator.DEFAULT, 0)).hasMessageContaining("1 to 65535");
    assertThatThrownBy(() -> encoder.encode(ByteBufAllocator.DEFAULT, 65_536)).hasMessageContaining("1 to 65535");
  }
}
