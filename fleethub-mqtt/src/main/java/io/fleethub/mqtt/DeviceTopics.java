package io.fleethub.mqtt;

import io.fleethub.core.identity.IdentityRef;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The MQTT topics one device or module may use, as IoT Hub defines them. A device may publish only to its own
 * events topic and to the twin and method request/response topics, and subscribe only to its own cloud-to-device
 * topic and the twin and method topics (a module also to its Edge inputs). Immutable and thread-safe.
 */
final class DeviceTopics {
  private static final String EVENTS = "messages/events";
  private static final Set<String> SHARED_FILTERS = Set.of(
      "$iothub/twin/res/#", "$iothub/twin/PATCH/properties/desired/#", "$iothub/methods/POST/#");

  private final String ownPrefix;
  private final Set<String> subscribable;

  DeviceTopics(IdentityRef identity) {
    Objects.requireNonNull(identity, "identity");
    ownPrefix = "devices/" + identity.deviceId().value() + "/"
        + identity.moduleId().map(m -> "modules/" + m.value() + "/").orElse("");
    subscribable = identity.isModule()
        ? Set.of(ownPrefix + "messages/devicebound/#", ownPrefix + "inputs/#")
        : Set.of(ownPrefix + "messages/devicebound/#");
  }

  /**
   * Routes a PUBLISH topic. Telemetry goes to {@code devices/{d}/messages/events/{bag}} or
   * {@code devices/{d}/modules/{m}/messages/events/{bag}}; the bag may be empty, and one trailing {@code /} (the
   * Java SDK's module topics end with one) is not part of it.
   */
  PublishRoute route(String topic) {
    if (topic.startsWith(ownPrefix + EVENTS)) {
      String rest = topic.substring(ownPrefix.length() + EVENTS.length());
      if (rest.isEmpty()) {
        return new PublishRoute.Telemetry("");
      }
      if (rest.startsWith("/")) {
        String bag = rest.substring(1);
        return new PublishRoute.Telemetry(bag.endsWith("/") ? bag.substring(0, bag.length() - 1) : bag);
      }
      return new PublishRoute.Forbidden();
    }
    if (topic.startsWith("$iothub/twin/GET/") || topic.startsWith("$iothub/twin/PATCH/properties/reported/")) {
      return new PublishRoute.TwinRequest();
    }
    if (topic.startsWith("$iothub/methods/res/")) {
      return new PublishRoute.MethodResponse();
    }
    return new PublishRoute.Forbidden();
  }

  /**
   * The QoS granted for a subscription to {@code filter}, or empty when the identity may not subscribe to it.
   * QoS 2 is granted as 1, as on IoT Hub.
   */
  Optional<MqttQoS> grant(String filter, MqttQoS requested) {
    if (!subscribable.contains(filter) && !SHARED_FILTERS.contains(filter)) {
      return Optional.empty();
    }
    return Optional.of(requested == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE);
  }
}
