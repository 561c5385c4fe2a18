package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.mqtt.DeviceboundTopic;
import io.fleethub.bench.mqtt.PacketHandler;
import io.fleethub.bench.service.CloudToDeviceMessages;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A device receiving cloud-to-device messages: the connection has already written the PUBACK that completes each
 * (QoS 1), and this flushes it at the end of the read; each message of this run is timed from its send time to
 * its arrival and frees its place among the device's pending messages. Confined to the connection's event loop.
 */
final class CloudToDeviceReceiver implements PacketHandler {
  /** Hears that a message of this run reached device {@code index}. */
  interface Arrivals {
    void arrived(int index);
  }

  private final int index;
  private final String runId;
  private final Arrivals arrivals;
  private final Meter meter;
  private final Errors errors;
  private boolean dirty;

  CloudToDeviceReceiver(int index, String runId, Arrivals arrivals, Meter meter, Errors errors) {
    this.index = index;
    this.runId = runId;
    this.arrivals = arrivals;
    this.meter = meter;
    this.errors = errors;
  }

  @Override
  public void publish(DeviceConnection connection, MqttPublishMessage message, long nowNanos) {
    dirty = true;
    Optional<Map<String, String>> properties = DeviceboundTopic.properties(message.variableHeader().topicName());
    if (properties.isEmpty()) {
      errors.record("device: a PUBLISH outside its devicebound topic");
      return;
    }
    OptionalLong sent = CloudToDeviceMessages.sentNanos(properties.get(), runId);
    if (sent.isEmpty()) {
      errors.record("c2d: a message not sent by this run (left in the device's queue?)");
      return;
    }
    meter.completed(nowNanos - sent.getAsLong());
    arrivals.arrived(index);
  }

  @Override
  public void readComplete(DeviceConnection connection) {
    if (dirty) {
      dirty = false;
      connection.flush();
    }
  }
}
