package io.fleethub.bench.mqtt;

import java.util.Map;
import java.util.Optional;

/**
 * The topics of cloud-to-device messages on the device's side: a device subscribes to
 * {@code devices/{deviceId}/messages/devicebound/#}, and IoT Hub publishes each message on
 * {@code devices/{deviceId}/messages/devicebound/{bag}}, the bag holding its system properties ({@code $.mid},
 * {@code $.to}, ...) and application properties. Stateless.
 */
public final class DeviceboundTopic {
  private static final String PREFIX = "devices/";
  private static final String DEVICEBOUND = "/messages/devicebound/";

  private DeviceboundTopic() {}

  /** The filter device {@code deviceId} subscribes to for its messages. */
  public static String filter(String deviceId) {
    return PREFIX + deviceId + DEVICEBOUND + "#";
  }

  /**
   * The properties of a cloud-to-device message, from its topic, keys and values percent-decoded (so the message
   * id is under {@code $.mid}); empty when {@code topic} is not a device's devicebound topic.
   */
  public static Optional<Map<String, String>> properties(String topic) {
    int devicebound = topic.indexOf(DEVICEBOUND);
    if (!topic.startsWith(PREFIX) || devicebound <= PREFIX.length()
        || topic.indexOf('/', PREFIX.length()) != devicebound) {
      return Optional.empty();
    }
    return Optional.of(PropertyBags.decode(topic.substring(devicebound + DEVICEBOUND.length())));
  }
}
