package io.fleethub.mqtt;

import io.fleethub.core.auth.DevicePrincipal;
import io.fleethub.core.telemetry.DeviceMessage;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An accepted connection's identity and what its CONNECT asked for.
 *
 * @param modelId the IoT Plug and Play model id from the user name, stamped on the device's telemetry
 * @param will the telemetry to send if the connection drops without DISCONNECT; only a will on the identity's
 *     own events topic is kept, as IoT Hub forwards no other
 */
record DeviceSession(DevicePrincipal principal, DeviceTopics topics, Optional<String> modelId,
    Optional<DeviceMessage> will) {
  private static final Logger log = LoggerFactory.getLogger(DeviceSession.class);

  DeviceSession {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(will, "will");
  }

  static DeviceSession open(DevicePrincipal principal, ConnectRequest request) {
    DeviceTopics topics = new DeviceTopics(principal.identity());
    Optional<DeviceMessage> will = request.will().flatMap(w -> willMessage(topics, w, request.modelId()));
    return new DeviceSession(principal, topics, request.modelId(), will);
  }

  private static Optional<DeviceMessage> willMessage(DeviceTopics topics, ConnectRequest.Will will,
      Optional<String> modelId) {
    if (!(topics.route(will.topic()) instanceof PublishRoute.Telemetry telemetry)) {
      log.debug("Will on '{}' ignored: IoT Hub forwards only wills on the device's events topic", will.topic());
      return Optional.empty();
    }
    try {
      return Optional.of(TelemetryMapper.toWillMessage(PropertyBag.decode(telemetry.bag()), will.payload(),
          will.retain(), modelId));
    } catch (IllegalArgumentException e) {
      log.debug("Will on '{}' ignored: {}", will.topic(), e.getMessage());
      return Optional.empty();
    }
  }
}
