package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.mqtt.MethodTopics;
import io.fleethub.bench.mqtt.PacketHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A device that answers every direct method request at once: status 200 on
 * {@code $iothub/methods/res/200/?$rid={rid}}, QoS 0, with a small JSON body, flushed at the end of the read.
 * Confined to the connection's event loop.
 */
final class MethodResponder implements PacketHandler {
  private static final byte[] ANSWER = "{\"bench\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

  private final Errors errors;
  private boolean dirty;

  MethodResponder(Errors errors) {
    this.errors = errors;
  }

  @Override
  public void publish(DeviceConnection connection, MqttPublishMessage message, long nowNanos) {
    Optional<String> requestId = MethodTopics.requestId(message.variableHeader().topicName());
    if (requestId.isEmpty()) {
      errors.record("device: a PUBLISH that is not a method request with a $rid");
      return;
    }
    connection.write(MqttMessageBuilders.publish()
        .topicName(MethodTopics.response(200, requestId.get()))
        .qos(MqttQoS.AT_MOST_ONCE)
        .retained(false)
        .payload(Unpooled.wrappedBuffer(ANSWER))
        .build());
    dirty = true;
  }

  @Override
  public void readComplete(DeviceConnection connection) {
    if (dirty) {
      dirty = false;
      connection.flush();
    }
  }
}
