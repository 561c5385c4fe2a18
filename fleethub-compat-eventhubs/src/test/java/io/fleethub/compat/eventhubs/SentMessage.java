package io.fleethub.compat.eventhubs;

import java.util.Map;

/**
 * A telemetry message a device had acknowledged by the hub.
 *
 * @param properties the application properties the device set
 */
record SentMessage(String deviceId, String messageId, Map<String, String> properties) {
  SentMessage {
    properties = Map.copyOf(properties);
  }
}
