package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * What the hub delivers on one kind of subscription. Called on the connection's context: {@link #subscribed} when
 * the device subscribes (again: with the QoS it now asks for), {@link #unsubscribed} when it unsubscribes or the
 * connection ends. Neither may send a packet itself: deliveries go out from later tasks on the context, so that
 * they follow the SUBACK.
 */
interface SubscriptionFeature {
  SubscriptionFeature NONE = new SubscriptionFeature() {
    @Override
    public void subscribed(MqttQoS qos) {}

    @Override
    public void unsubscribed() {}
  };

  void subscribed(MqttQoS qos);

  /** Stops delivering; does nothing when not subscribed. */
  void unsubscribed();
}
