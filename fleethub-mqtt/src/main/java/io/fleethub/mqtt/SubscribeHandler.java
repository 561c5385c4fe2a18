package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers SUBSCRIBE and UNSUBSCRIBE. A device may subscribe only to its documented topics (QoS 2 granted as 1);
 * any other filter closes the connection, as IoT Hub does, rather than being refused in the SUBACK. Stateless:
 * deliveries on these topics (cloud-to-device, twin, methods) are not served yet.
 */
final class SubscribeHandler {
  private SubscribeHandler() {}

  /**
   * The SUBACK for a SUBSCRIBE.
   *
   * @throws ProtocolViolation when a filter is not the identity's to subscribe to, or there is none
   */
  static MqttMessage subscribe(DeviceTopics topics, MqttSubscribeMessage subscribe) {
    List<MqttTopicSubscription> subscriptions = subscribe.payload().topicSubscriptions();
    if (subscriptions.isEmpty()) {
      throw new ProtocolViolation("a SUBSCRIBE must name at least one topic filter");
    }
    List<MqttQoS> granted = new ArrayList<>(subscriptions.size());
    for (MqttTopicSubscription subscription : subscriptions) {
      granted.add(topics.grant(subscription.topicFilter(), subscription.qualityOfService())
          .orElseThrow(() -> new ProtocolViolation("may not subscribe to '" + subscription.topicFilter() + "'")));
    }
    return MqttPackets.suback(subscribe.variableHeader().messageId(), granted);
  }

  /** The UNSUBACK for an UNSUBSCRIBE, whatever its filters. */
  static MqttMessage unsubscribe(MqttUnsubscribeMessage unsubscribe) {
    return MqttPackets.unsuback(unsubscribe.variableHeader().messageId());
  }
}
