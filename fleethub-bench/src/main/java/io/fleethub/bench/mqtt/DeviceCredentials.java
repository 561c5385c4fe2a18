package io.fleethub.bench.mqtt;

import java.util.Objects;
import java.util.Optional;

/**
 * How one simulated device presents itself in its CONNECT, and where it sends telemetry.
 *
 * @param deviceId the registry id (the client id for a plain broker)
 * @param clientId the CONNECT client id
 * @param userName the CONNECT user name, if any
 * @param password the CONNECT password (a SAS token for the hub), if any
 * @param telemetryTopic the topic of the device's telemetry PUBLISHes
 */
public record DeviceCredentials(
    String deviceId, String clientId, Optional<String> userName, Optional<String> password, String telemetryTopic) {
  public DeviceCredentials {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(telemetryTopic, "telemetryTopic");
    if (password.isPresent() && userName.isEmpty()) {
      throw new IllegalArgumentException("MQTT 3.1.1 sends a password only with a user name");
    }
  }
}
