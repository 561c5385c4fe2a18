package io.fleethub.mqtt;

import io.fleethub.core.identity.IdentityRef;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The MQTT topics one device or module may use, as IoT Hub defines them. A device may publish only to its own
 * events topic and to the twin and method request/response topics, and subscribe only to its own cloud-to-device
 * topic and the twin and method topics (a module also to its Edge inputs). The topics the hub publishes on keep
 * IoT Hub's literal {@code /?} form, which the Java SDK splits on {@code /}. Immutable and thread-safe.
 */
final class DeviceTopics {
  static final String TWIN_GET = "$iothub/twin/GET/";
  static final String TWIN_PATCH_REPORTED = "$iothub/twin/PATCH/properties/reported/";
  static final String TWIN_RESPONSE = "$iothub/twin/res/";
  static final String DESIRED_PATCH = "$iothub/twin/PATCH/properties/desired/";
  static final String METHOD_REQUEST = "$iothub/methods/POST/";
  static final String METHOD_RESPONSE = "$iothub/methods/res/";
  private static final String EVENTS = "messages/events";
  private static final String DEVICEBOUND = "messages/devicebound/";
  private static final Map<String, SubscriptionTopic> SHARED_FILTERS = Map.of(
      TWIN_RESPONSE + "#", SubscriptionTopic.TWIN_RESPONSES,
      DESIRED_PATCH + "#", SubscriptionTopic.DESIRED_PROPERTIES,
      METHOD_REQUEST + "#", SubscriptionTopic.METHODS);

  private final String ownPrefix;
  private final Map<String, SubscriptionTopic> ownFilters;

  DeviceTopics(IdentityRef identity) {
    Objects.requireNonNull(identity, "identity");
    ownPrefix = "devices/" + identity.deviceId().value() + "/"
        + identity.moduleId().map(m -> "modules/" + m.value() + "/").orElse("");
    ownFilters = identity.isModule()
        ? Map.of(ownPrefix + DEVICEBOUND + "#", SubscriptionTopic.CLOUD_TO_DEVICE,
            ownPrefix + "inputs/#", SubscriptionTopic.MODULE_INPUTS)
        : Map.of(ownPrefix + DEVICEBOUND + "#", SubscriptionTopic.CLOUD_TO_DEVICE);
  }

  /**
   * Routes a PUBLISH topic. Telemetry goes to {@code devices/{d}/messages/events/{bag}} or
   * {@code devices/{d}/modules/{m}/messages/events/{bag}}; the bag may be empty, and one trailing {@code /} (the
   * Java SDK's module topics end with one) is not part of it. Twin and method topics carry their query after
   * {@code /?}.
   */
  PublishRoute route(String topic) {
    if (topic.startsWith(ownPrefix + EVENTS)) {
      return telemetry(topic.substring(ownPrefix.length() + EVENTS.length()));
    }
    if (topic.startsWith(TWIN_GET)) {
      return new PublishRoute.TwinGet(TopicQuery.parse(topic.substring(TWIN_GET.length())));
    }
    if (topic.startsWith(TWIN_PATCH_REPORTED)) {
      return new PublishRoute.TwinReportedPatch(TopicQuery.parse(topic.substring(TWIN_PATCH_REPORTED.length())));
    }
    if (topic.startsWith(METHOD_RESPONSE)) {
      return methodResponse(topic.substring(METHOD_RESPONSE.length()));
    }
    return new PublishRoute.Forbidden();
  }

  private static PublishRoute telemetry(String rest) {
    if (rest.isEmpty()) {
      return new PublishRoute.Telemetry("");
    }
    if (rest.startsWith("/")) {
      String bag = rest.substring(1);
      return new PublishRoute.Telemetry(bag.endsWith("/") ? bag.substring(0, bag.length() - 1) : bag);
    }
    return new PublishRoute.Forbidden();
  }

  /** {@code {status}/?$rid={rid}}; also without the {@code /}. */
  private static PublishRoute methodResponse(String rest) {
    int end = 0;
    while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
      end++;
    }
    String query = rest.substring(end);
    return new PublishRoute.MethodResponse(rest.substring(0, end),
        TopicQuery.parse(query.startsWith("/") ? query.substring(1) : query));
  }

  /** What a subscription to {@code filter} delivers, or empty when the identity may not subscribe to it. */
  Optional<SubscriptionTopic> subscription(String filter) {
    SubscriptionTopic own = ownFilters.get(filter);
    return Optional.ofNullable(own != null ? own : SHARED_FILTERS.get(filter));
  }

  /**
   * The QoS granted for a subscription to {@code filter}, or empty when the identity may not subscribe to it.
   * QoS 2 is granted as 1, as on IoT Hub.
   */
  Optional<MqttQoS> grant(String filter, MqttQoS requested) {
    return subscription(filter).map(topic -> granted(requested));
  }

  static MqttQoS granted(MqttQoS requested) {
    return requested == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
  }

  /** {@code {prefix}messages/devicebound/{bag}}: where a cloud-to-device message is published. */
  String cloudToDevice(String bag) {
    return ownPrefix + DEVICEBOUND + bag;
  }

  /** {@code $iothub/twin/res/{status}/?$rid={rid}}, with {@code &$version={version}} when there is one. */
  static String twinResponse(int status, String requestId, Optional<Long> version) {
    return TWIN_RESPONSE + status + "/?$rid=" + requestId + version.map(v -> "&$version=" + v).orElse("");
  }

  /** {@code $iothub/twin/PATCH/properties/desired/?$version={version}}. */
  static String desiredPatch(long version) {
    return DESIRED_PATCH + "?$version=" + version;
  }

  /** {@code $iothub/methods/POST/{methodName}/?$rid={requestId}}. */
  static String methodRequest(String methodName, String requestId) {
    return METHOD_REQUEST + methodName + "/?$rid=" + requestId;
  }
}
