package io.fleethub.mqtt;

import io.fleethub.core.identity.IdentityRef;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * What an accepted connection serves beyond telemetry, wired for its identity: its subscriptions and the
 * deliveries they start (cloud-to-device messages, desired-property changes, method calls), and the handlers of
 * its twin requests and method answers. All confined to the connection's context.
 */
record SessionFeatures(DeviceSubscriptions subscriptions, TwinRequestHandler twinRequests,
    DirectMethodHandler methods) {

  static SessionFeatures open(Vertx vertx, Context context, DeviceSession session, MqttDeviceServices services,
      DeviceLane lane, MqttSettings settings, ConnectionControl connection,
      PublishAcknowledgements acknowledgements, OutboundPublishes outbound) {
    IdentityRef identity = session.principal().identity();
    DirectMethodHandler methods = new DirectMethodHandler(context, identity, services.directMethods(), outbound);
    Map<SubscriptionTopic, SubscriptionFeature> features = Map.of(
        SubscriptionTopic.CLOUD_TO_DEVICE, new CloudToDeviceDelivery(vertx, context, identity, session.topics(),
            services.cloudToDevice(), lane, outbound, services.clock(), settings.maxInflightDeliveries(),
            settings.clockCheckInterval()),
        SubscriptionTopic.DESIRED_PROPERTIES,
        new DesiredPropertiesForwarder(context, identity, services.twinNotifications(), outbound),
        SubscriptionTopic.METHODS, methods);
    DeviceSubscriptions subscriptions = new DeviceSubscriptions(session.topics(), connection, features);
    TwinRequestHandler twinRequests = new TwinRequestHandler(context, lane, services.twins(), services.clock(),
        connection, acknowledgements, outbound, () -> subscriptions.granted(SubscriptionTopic.TWIN_RESPONSES));
    return new SessionFeatures(subscriptions, twinRequests, methods);
  }
}
