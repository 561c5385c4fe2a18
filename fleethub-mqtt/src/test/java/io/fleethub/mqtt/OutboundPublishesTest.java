package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutboundPublishesTest {
  private final RecordingConnection connection = new RecordingConnection();
  private final OutboundPublishes outbound = new OutboundPublishes(connection);

  @Test
  void runsTheCallbackOfTheAcknowledgedPublishOnlyOnce() {
    AtomicInteger acknowledged = new AtomicInteger();
    int packetId = outbound.publishAtLeastOnce("t", new byte[0], acknowledged::incrementAndGet);

    outbound.acknowledged(packetId);
    outbound.acknowledged(packetId);

    assertThat(acknowledged).hasValue(1);
  }

  @Test
  void sendsQos0WithoutTakingAPacketId() {
    outbound.publish("t", MqttQoS.AT_MOST_ONCE, new byte[0]);
    int packetId = outbound.publishAtLeastOnce("t", new byte[0], () -> { });

    assertThat(connection.qos).containsExactly(MqttQoS.AT_MOST_ONCE, MqttQoS.AT_LEAST_ONCE);
    assertThat(packetId).isEqualTo(1);
  }

  @Test
  void neverReusesAnIdStillAwaitingItsPubackEvenWhenForgotten() {
    // GIVEN packet id 1 forgotten (a lock expired) but never acknowledged
    int first = outbound.publishAtLeastOnce("t", new byte[0], () -> { });
    outbound.forget(first);

    // WHEN the ids wrap around
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < OutboundPublishes.MAX_PACKET_ID; i++) {
      int id = outbound.publishAtLeastOnce("t", new byte[0], () -> { });
      if (id > 0) {
        ids.add(id);
        outbound.acknowledged(id);
      }
    }

    // THEN id 1 was skipped, and its late PUBACK does nothing
    assertThat(ids).doesNotContain(first).contains(2, OutboundPublishes.MAX_PACKET_ID);
    outbound.acknowledged(first);
    assertThat(connection.failure).isNull();
  }

  @Test
  void closesTheConnectionWhenEveryPacketIdAwaitsAPuback() {
    for (int i = 0; i < OutboundPublishes.MAX_PACKET_ID; i++) {
      outbound.publishAtLeastOnce("t", new byte[0], () -> { });
    }

    assertThat(outbound.publishAtLeastOnce("t", new byte[0], () -> { })).isEqualTo(-1);
    assertThat(connection.failure).contains("unacknowledged");
  }

  private static final class RecordingConnection implements ConnectionControl {
    final List<MqttQoS> qos = new ArrayList<>();
    String failure;

    @Override
    public void send(MqttMessage packet) {
      qos.add(packet.fixedHeader().qosLevel());
      ((MqttPublishMessage) packet).release();
    }

    @Override
    public void fail(String reason) {
      failure = reason;
    }

    @Override
    public boolean isOpen() {
      return failure == null;
    }
  }
}
