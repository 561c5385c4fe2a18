package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connection's subscriptions, and what each starts: SUBSCRIBE grants a device only its documented topics (QoS 2
 * granted as 1); any other filter closes the connection, as IoT Hub does, rather than being refused in the SUBACK.
 * A new subscription's deliveries start before its SUBACK is sent, so that nothing sent after the device has its
 * SUBACK is missed; every delivery reaches the connection through a later task on its context, so the SUBACK still
 * goes out first. UNSUBSCRIBE stops the deliveries of the filters it names and is always answered with UNSUBACK.
 * Subscriptions live as long as the connection: sessions are not kept.
 *
 * <p>Confined to the connection's context.
 */
final class DeviceSubscriptions {
  private final DeviceTopics topics;
  private final ConnectionControl connection;
  private final Map<SubscriptionTopic, SubscriptionFeature> features;
  private final EnumMap<SubscriptionTopic, MqttQoS> granted = new EnumMap<>(SubscriptionTopic.class);

  /** @param features what each kind of subscription delivers; a kind not listed delivers nothing */
  DeviceSubscriptions(DeviceTopics topics, ConnectionControl connection,
      Map<SubscriptionTopic, SubscriptionFeature> features) {
    this.topics = topics;
    this.connection = connection;
    this.features = Map.copyOf(features);
  }

  /**
   * Starts the deliveries a SUBSCRIBE asks for and answers it with its SUBACK.
   *
   * @throws ProtocolViolation when a filter is not the identity's to subscribe to, or there is none
   */
  void subscribe(MqttSubscribeMessage subscribe) {
    List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
    if (requested.isEmpty()) {
      throw new ProtocolViolation("a SUBSCRIBE must name at least one topic filter");
    }
    List<SubscriptionTopic> kinds = new ArrayList<>(requested.size());
    List<MqttQoS> qos = new ArrayList<>(requested.size());
    for (MqttTopicSubscription subscription : requested) {
      kinds.add(topics.subscription(subscription.topicFilter())
          .orElseThrow(() -> new ProtocolViolation("may not subscribe to '" + subscription.topicFilter() + "'")));
      qos.add(DeviceTopics.granted(subscription.qualityOfService()));
    }
    for (int i = 0; i < kinds.size(); i++) {
      granted.put(kinds.get(i), qos.get(i));
      feature(kinds.get(i)).subscribed(qos.get(i));
    }
    connection.send(MqttPackets.suback(subscribe.variableHeader().messageId(), qos));
  }

  /** Stops the deliveries of the filters an UNSUBSCRIBE names, whatever they are, and answers with UNSUBACK. */
  void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
    for (String filter : unsubscribe.payload().topics()) {
      topics.subscription(filter).ifPresent(kind -> {
        if (granted.remove(kind) != null) {
          feature(kind).unsubscribed();
        }
      });
    }
    connection.send(MqttPackets.unsuback(unsubscribe.variableHeader().messageId()));
  }

  /** The QoS the device subscribed to {@code kind} with, or empty when it is not subscribed. */
  Optional<MqttQoS> granted(SubscriptionTopic kind) {
    return Optional.ofNullable(granted.get(kind));
  }

  /** Stops every delivery; the connection has ended. */
  void endAll() {
    granted.keySet().forEach(kind -> feature(kind).unsubscribed());
    granted.clear();
  }

  private SubscriptionFeature feature(SubscriptionTopic kind) {
    return features.getOrDefault(kind, SubscriptionFeature.NONE);
  }
}
