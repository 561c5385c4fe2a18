package io.fleethub.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * The cloud-to-device load.
 *
 * @param ratePerSecond messages per second across the fleet, round-robin over the devices; more than 0
 * @param maxPendingPerDevice messages per device sent and not yet arrived (or refused), 1 to 50: IoT Hub refuses a
 *     message to a device whose queue holds 50, so a message due for a device with this many pending is skipped
 * @param payloadBytes the body of each message, 0 to 64 KB (IoT Hub's limit, less room for the properties)
 */
public record CloudToDeviceSettings(double ratePerSecond, int maxPendingPerDevice, int payloadBytes) {
  /** IoT Hub's limit on a device's cloud-to-device queue. */
  public static final int MAX_QUEUE_DEPTH = 50;
  /** A message's body at most, leaving room for the properties under IoT Hub's 64 KB. */
  public static final int MAX_PAYLOAD_BYTES = 60 * 1024;

  public CloudToDeviceSettings {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("the rate must be a positive number of messages per second, not "
          + ratePerSecond);
    }
    if (maxPendingPerDevice < 1 || maxPendingPerDevice > MAX_QUEUE_DEPTH) {
      throw new IllegalArgumentException("pending messages per device are 1 to " + MAX_QUEUE_DEPTH
          + " (IoT Hub's queue limit), not " + maxPendingPerDevice);
    }
    if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("the payload is 0 to " + MAX_PAYLOAD_BYTES + " bytes, not " + payloadBytes);
    }
  }

  /** A payload of {@code payloadBytes} printable bytes. */
  public byte[] payload() {
    byte[] pattern = "{\"bench\":\"fleethub\"} ".getBytes(StandardCharsets.US_ASCII);
    byte[] payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = pattern[i % pattern.length];
    }
    return payload;
  }
}
