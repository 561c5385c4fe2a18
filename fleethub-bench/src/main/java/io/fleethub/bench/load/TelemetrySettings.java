package io.fleethub.bench.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Objects;

/**
 * The telemetry load.
 *
 * @param payloadBytes the body of each message, 0 to 256 KB (IoT Hub's limit)
 * @param qos {@link MqttQoS#AT_MOST_ONCE} or {@link MqttQoS#AT_LEAST_ONCE}
 * @param ratePerSecond messages per second offered by the whole fleet, spread evenly over the devices; 0 sends
 *     flat out (each device keeps its in-flight window full)
 * @param inflight QoS 1 publishes per device awaiting their PUBACK, 1 to 65535
 * @param maxBacklog messages per device that may wait for room in the window at a set rate; more are skipped
 */
public record TelemetrySettings(int payloadBytes, MqttQoS qos, double ratePerSecond, int inflight, int maxBacklog) {
  public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  public TelemetrySettings {
    if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("the payload is 0 to " + MAX_PAYLOAD_BYTES + " bytes, not " + payloadBytes);
    }
    Objects.requireNonNull(qos, "qos");
    if (qos != MqttQoS.AT_MOST_ONCE && qos != MqttQoS.AT_LEAST_ONCE) {
      throw new IllegalArgumentException("telemetry is sent with QoS 0 or 1, not " + qos.value());
    }
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("the rate is 0 (flat out) or a positive number per second, not "
          + ratePerSecond);
    }
    if (inflight < 1 || inflight > 65_535) {
      throw new IllegalArgumentException("the in-flight window is 1 to 65535 messages, not " + inflight);
    }
    if (maxBacklog < 0) {
      throw new IllegalArgumentException("the backlog cannot be negative, not " + maxBacklog);
    }
  }

  public boolean flatOut() {
    return ratePerSecond == 0;
  }

  /** A payload of {@code payloadBytes} printable bytes. */
  public byte[] payload() {
    byte[] pattern = "{\"bench\":\"fleethub\"} ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = pattern[i % pattern.length];
    }
    return payload;
  }
}
