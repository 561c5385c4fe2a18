package io.fleethub.mqtt;

import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.MessageProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an MQTT telemetry PUBLISH (its decoded property bag and payload) into a {@link DeviceMessage}: the
 * bag's {@code $.} keys become system properties under their {@link MessageProperties} names, every other key
 * is an application property. Stateless and thread-safe.
 */
final class TelemetryMapper {
  /** The bag keys the Azure SDKs send for system properties, by the names the hub keeps them under. */
  private static final Map<String, String> SYSTEM_KEYS = Map.ofEntries(
      Map.entry("$.mid", MessageProperties.MESSAGE_ID),
      Map.entry("$.cid", MessageProperties.CORRELATION_ID),
      Map.entry("$.uid", MessageProperties.USER_ID),
      Map.entry("$.to", MessageProperties.TO),
      Map.entry("$.ct", MessageProperties.CONTENT_TYPE),
      Map.entry("$.ce", MessageProperties.CONTENT_ENCODING),
      Map.entry("$.exp", MessageProperties.ABSOLUTE_EXPIRY_TIME),
      Map.entry("$.ctime", MessageProperties.CREATION_TIME),
      Map.entry("$.on", MessageProperties.OUTPUT_NAME),
      Map.entry("$.ifid", MessageProperties.INTERFACE_ID),
      Map.entry("$.sub", MessageProperties.COMPONENT));

  /** Keys whose values only the hub may set (it stamps who sent the message); a device's values are dropped. */
  private static final Set<String> HUB_ASSIGNED_KEYS = Set.of("$.cdid", "$.cmid");

  private TelemetryMapper() {}

  /**
   * The message a PUBLISH carries.
   *
   * @param retain the PUBLISH's RETAIN flag: IoT Hub keeps nothing, and marks the message with the application
   *     property {@code mqtt-retain=true}
   * @param modelId the model id the connection announced: IoT Hub stamps it as {@code dt-dataschema}
   */
  static DeviceMessage toMessage(Map<String, String> bag, byte[] payload, boolean retain, Optional<String> modelId) {
    Map<String, String> system = new HashMap<>();
    Map<String, String> application = new HashMap<>();
    for (Map.Entry<String, String> property : bag.entrySet()) {
      String systemName = SYSTEM_KEYS.get(property.getKey());
      if (systemName != null) {
        system.put(systemName, property.getValue());
      } else if (!HUB_ASSIGNED_KEYS.contains(property.getKey())) {
        application.put(property.getKey(), property.getValue());
      }
    }
    modelId.ifPresent(id -> system.put(MessageProperties.MODEL_ID, id));
    if (retain) {
      application.put(MessageProperties.MQTT_RETAIN, "true");
    }
    return new DeviceMessage(payload, system, application);
  }

  /** The message IoT Hub sends on a device's behalf from its will: marked {@code iothub-MessageType=Will}. */
  static DeviceMessage toWillMessage(Map<String, String> bag, byte[] payload, boolean retain,
      Optional<String> modelId) {
    DeviceMessage message = toMessage(bag, payload, retain, modelId);
    Map<String, String> application = new HashMap<>(message.applicationProperties());
    application.put(MessageProperties.MESSAGE_TYPE, "Will");
    return new DeviceMessage(message.body(), message.systemProperties(), application);
  }
}
