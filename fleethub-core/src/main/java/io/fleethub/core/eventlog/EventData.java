package io.fleethub.core.eventlog;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event as it is appended to the log: a device message already stamped by the hub.
 *
 * @param enqueuedTime when the hub accepted the event
 * @param partitionKey what chose the partition (the device id for telemetry)
 * @param systemProperties the hub's and the message's system properties, by IoT Hub's names (for example
 *     {@code iothub-connection-device-id}, {@code message-id}, {@code content-type})
 * @param applicationProperties the sender's own properties
 * @param body the payload, unchanged
 */
public record EventData(
    Instant enqueuedTime,
    String partitionKey,
    Map<String, String> systemProperties,
    Map<String, String> applicationProperties,
    byte[] body) {

  public EventData {
    Objects.requireNonNull(enqueuedTime, "enqueuedTime");
    Objects.requireNonNull(partitionKey, "partitionKey");
    systemProperties = Map.copyOf(systemProperties);
    applicationProperties = Map.copyOf(applicationProperties);
    Objects.requireNonNull(body, "body");
  }
}
