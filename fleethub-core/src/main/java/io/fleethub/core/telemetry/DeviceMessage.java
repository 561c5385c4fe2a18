package io.fleethub.core.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A device-to-cloud message as a transport received it.
 *
 * @param systemProperties the message's own system properties, under {@link MessageProperties} names
 * @param applicationProperties the sender's properties
 */
public record DeviceMessage(byte[] body, Map<String, String> systemProperties, Map<String, String> applicationProperties) {
  public DeviceMessage {
    Objects.requireNonNull(body, "body");
    systemProperties = Map.copyOf(systemProperties);
    applicationProperties = Map.copyOf(applicationProperties);
  }

  /**
   * The size IoT Hub counts against its limit: the body, the system property values, and the application
   * property names and values, in UTF-8 bytes.
   */
  public int billedSize() {
    int size = body.length;
    for (String value : systemProperties.values()) {
      size += utf8Length(value);
    }
    for (Map.Entry<String, String> property : applicationProperties.entrySet()) {
      size += utf8Length(property.getKey()) + utf8Length(property.getValue());
    }
    return size;
  }

  private static int utf8Length(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
