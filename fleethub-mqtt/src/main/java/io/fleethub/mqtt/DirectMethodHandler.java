package io.fleethub.mqtt;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.methods.DirectMethods;
import io.fleethub.core.methods.MethodRequest;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct methods over MQTT. While the device is subscribed to {@code $iothub/methods/POST/#}, the connection is
 * the identity's method receiver, and each call is published at QoS 0 on
 * {@code $iothub/methods/POST/{methodName}/?$rid={requestId}}. The device answers on
 * {@code $iothub/methods/res/{status}/?$rid={requestId}}; an answer whose status or request id cannot be parsed,
 * or that answers no call of this identity waiting (unknown, timed out, another identity's), is ignored and the
 * connection stays open.
 *
 * <p>Calls arrive on the invoker's thread and are handed to the connection's context; confined to that context
 * otherwise.
 */
final class DirectMethodHandler implements SubscriptionFeature {
  private static final Logger log = LoggerFactory.getLogger(DirectMethodHandler.class);

  private final Context context;
  private final IdentityRef identity;
  private final DirectMethods methods;
  private final OutboundPublishes outbound;
  private AutoCloseable subscription;

  DirectMethodHandler(Context context, IdentityRef identity, DirectMethods methods, OutboundPublishes outbound) {
    this.context = context;
    this.identity = identity;
    this.methods = methods;
    this.outbound = outbound;
  }

  /** Method calls are published at QoS 0 whatever the subscription's QoS, as IoT Hub does. */
  @Override
  public void subscribed(MqttQoS qos) {
    if (subscription == null) {
      subscription = methods.subscribe(identity, request -> context.runOnContext(nothing -> publish(request)));
    }
  }

  @Override
  public void unsubscribed() {
    if (subscription != null) {
      Closing.quietly(subscription, "direct-method subscription of " + identity);
      subscription = null;
    }
  }

  /** A device's answer on {@code $iothub/methods/res/{status}/?$rid={rid}}. */
  void respond(PublishRoute.MethodResponse response, byte[] payload) {
    int status;
    UUID requestId;
    try {
      status = Integer.parseInt(response.status());
      requestId = UUID.fromString(response.query().requestId().orElseThrow(
          () -> new IllegalArgumentException("the topic has no $rid")));
    } catch (IllegalArgumentException e) {
      log.debug("Method answer of {} with status '{}' and query {} ignored: {}", identity, response.status(),
          response.query().parameters(), e.getMessage());
      return;
    }
    if (!methods.respond(identity, requestId, status, payload)) {
      log.debug("Method answer of {} for request {} ignored: no such call waits", identity, requestId);
    }
  }

  private void publish(MethodRequest request) {
    if (subscription == null) {
      log.debug("Method call {} for {} not sent: no longer subscribed; the caller times out", request.requestId(),
          identity);
      return;
    }
    outbound.publish(DeviceTopics.methodRequest(request.methodName(), request.requestId().toString()),
        MqttQoS.AT_MOST_ONCE, request.payload());
  }
}
