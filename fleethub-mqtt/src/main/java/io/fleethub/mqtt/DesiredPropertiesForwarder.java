package io.fleethub.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.twin.DesiredPropertiesChange;
import io.fleethub.core.twin.TwinNotifications;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the identity's desired-property changes while the device is subscribed to
 * {@code $iothub/twin/PATCH/properties/desired/#}: each on {@code $iothub/twin/PATCH/properties/desired/?$version={v}}
 * with the patch (which carries {@code "$version"}), at the QoS of the subscription.
 *
 * <p>Changes arrive on the writer's thread (the device's lane) and are handed to the connection's context, which
 * keeps their order. A change whose version is not above the last one published is dropped, so versions only
 * rise on the wire; a device ignores lower versions anyway. Confined to the connection's context otherwise.
 */
final class DesiredPropertiesForwarder implements SubscriptionFeature {
  private static final Logger log = LoggerFactory.getLogger(DesiredPropertiesForwarder.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Context context;
  private final IdentityRef identity;
  private final TwinNotifications notifications;
  private final OutboundPublishes outbound;
  private AutoCloseable subscription;
  private MqttQoS qos = MqttQoS.AT_MOST_ONCE;
  private long lastVersion = Long.MIN_VALUE;

  DesiredPropertiesForwarder(Context context, IdentityRef identity, TwinNotifications notifications,
      OutboundPublishes outbound) {
    this.context = context;
    this.identity = identity;
    this.notifications = notifications;
    this.outbound = outbound;
  }

  @Override
  public void subscribed(MqttQoS qos) {
    this.qos = qos;
    if (subscription == null) {
      subscription = notifications.subscribe(identity, change -> context.runOnContext(nothing -> publish(change)));
    }
  }

  @Override
  public void unsubscribed() {
    if (subscription != null) {
      Closing.quietly(subscription, "desired-property subscription of " + identity);
      subscription = null;
    }
  }

  private void publish(DesiredPropertiesChange change) {
    if (subscription == null) {
      return;
    }
    if (change.version() <= lastVersion) {
      log.debug("Desired properties version {} of {} not sent: version {} was sent already", change.version(),
          identity, lastVersion);
      return;
    }
    lastVersion = change.version();
    byte[] patch;
    try {
      patch = JSON.writeValueAsBytes(change.patch());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialize", e);
    }
    outbound.publish(DeviceTopics.desiredPatch(change.version()), qos, patch);
  }
}
