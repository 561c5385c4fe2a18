package io.fleethub.amqp;

import io.fleethub.core.methods.MethodRequest;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's direct methods over AMQP, on the link pair at {@code /devices/{id}[/modules/{mid}]/methods/devicebound}.
 * Once the device's receiver attaches, it is the identity's method receiver ({@link
 * io.fleethub.core.methods.DirectMethods#subscribe}): each call goes out with the request id as its
 * {@code correlation-id} (a UUID, which the Java SDK requires), the method name as the application property
 * {@value #METHOD_NAME} and the payload as a Data section. The device answers on its sender with the same
 * {@code correlation-id}, the status as the application property {@value #STATUS} and the payload; an answer
 * nobody waits for (timed out, unknown id) is accepted and dropped, as IoT Hub does.
 *
 * <p>Confined to the connection's context; calls arrive on the invoking thread and hop there.
 */
final class MethodChannel {
  private static final Logger log = LoggerFactory.getLogger(MethodChannel.class);
  static final String METHOD_NAME = "IoThub-methodname";
  static final String STATUS = "IoThub-status";
  private static final int ANSWER_CREDIT = 16;
  private static final long MAX_ANSWER_BYTES = 1024 * 1024;

  private final AmqpConnection connection;
  private final DeviceSession device;
  private ProtonSender requests;
  private AutoCloseable subscription;

  MethodChannel(AmqpConnection connection, DeviceSession device) {
    this.connection = connection;
    this.device = device;
  }

  /** The device's receiver of method calls; makes this connection the identity's method receiver. */
  DeviceLinks.Link attachRequests(ProtonSender sender) {
    sender.setSource(sender.getRemoteSource());
    sender.setTarget(sender.getRemoteTarget());
    sender.setQoS(ProtonQoS.AT_LEAST_ONCE);
    sender.open();
    requests = sender;
    unsubscribe();
    subscription = connection.services().directMethods().subscribe(device.identity(),
        request -> connection.context().runOnContext(nothing -> send(sender, request)));
    return new ChannelLink(sender, () -> {
      if (requests == sender) {
        requests = null;
        unsubscribe();
      }
    });
  }

  /** The device's sender of answers. */
  DeviceLinks.Link attachAnswers(ProtonReceiver receiver) {
    receiver.setTarget(receiver.getRemoteTarget());
    receiver.setSource(receiver.getRemoteSource());
    receiver.setQoS(ProtonQoS.AT_LEAST_ONCE);
    receiver.setPrefetch(ANSWER_CREDIT);
    receiver.setAutoAccept(true);
    receiver.setMaxMessageSize(UnsignedLong.valueOf(MAX_ANSWER_BYTES));
    receiver.handler((delivery, answer) -> answered(answer));
    receiver.open();
    return new ChannelLink(receiver, () -> { });
  }

  /** No more calls reach this connection. Idempotent. */
  void stop() {
    requests = null;
    unsubscribe();
  }

  private void send(ProtonSender sender, MethodRequest request) {
    if (requests != sender || !sender.isOpen()) {
      log.debug("Method call {} for {} not sent: its link has closed; the caller times out", request.requestId(),
          device.identity());
      return;
    }
    Message message = Proton.message();
    message.setCorrelationId(request.requestId());
    message.setApplicationProperties(new ApplicationProperties(Map.of(METHOD_NAME, request.methodName())));
    message.setBody(new Data(new Binary(request.payload())));
    sender.send(message);
  }

  private void answered(Message answer) {
    device.noteActivity();
    UUID requestId;
    int status;
    try {
      requestId = requestIdOf(answer.getCorrelationId());
      status = statusOf(answer);
    } catch (IllegalArgumentException e) {
      log.debug("Method answer of {} ignored: {}", device.identity(), e.getMessage());
      return;
    }
    byte[] payload;
    try {
      payload = DeviceMessages.bodyOf(answer);
    } catch (IllegalArgumentException e) {
      log.debug("Method answer of {} for {} ignored: {}", device.identity(), requestId, e.getMessage());
      return;
    }
    if (!connection.services().directMethods().respond(device.identity(), requestId, status, payload)) {
      log.debug("Method answer of {} for request {} ignored: no such call waits", device.identity(), requestId);
    }
  }

  private static UUID requestIdOf(Object correlationId) {
    if (correlationId instanceof UUID uuid) {
      return uuid;
    }
    if (correlationId == null) {
      throw new IllegalArgumentException("it has no correlation-id");
    }
    return UUID.fromString(correlationId.toString());
  }

  private static int statusOf(Message answer) {
    ApplicationProperties properties = answer.getApplicationProperties();
    Object status = properties == null || properties.getValue() == null ? null : properties.getValue().get(STATUS);
    if (status instanceof Number number) {
      return number.intValue();
    }
    if (status == null) {
      throw new IllegalArgumentException("it has no " + STATUS);
    }
    return Integer.parseInt(status.toString().trim());
  }

  private void unsubscribe() {
    if (subscription == null) {
      return;
    }
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("Could not end the direct-method subscription of {}", device.identity(), e);
    }
    subscription = null;
  }
}
