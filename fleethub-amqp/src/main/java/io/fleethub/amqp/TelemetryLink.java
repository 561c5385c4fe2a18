package io.fleethub.amqp;

import io.fleethub.core.error.HubException;
import io.fleethub.core.telemetry.DeviceMessage;
import io.fleethub.core.telemetry.TelemetryService;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSession;
import java.util.concurrent.CompletionException;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's sender to {@code /devices/{id}[/modules/{mid}]/messages/events}: each message goes through the same
 * {@link TelemetryService} as MQTT telemetry, stamped with the link's identity, and is settled Accepted only once it
 * is durable in the event log; a message IoT Hub would refuse (over 256 KB, a body that is not data) is Rejected
 * with the reason, and nothing of it is stored. The link holds {@value #CREDIT} credit and gets one back per
 * settled message, so at most that many of its messages wait in the hub. A message the device sent pre-settled is
 * stored the same way, without an outcome. Batches (a message format other than 0, such as IoT Hub's
 * {@code 0x80013700}, which the Java SDK does not send) are rejected with {@code amqp:not-implemented}.
 *
 * <p>Confined to the connection's context; storing completes on the log's thread and hops back.
 */
final class TelemetryLink implements DeviceLinks.Link {
  private static final Logger log = LoggerFactory.getLogger(TelemetryLink.class);

  /** How many messages a device may have in flight on one telemetry link. */
  static final int CREDIT = 64;

  /**
   * The largest message the link takes; larger ones end the link. IoT Hub's own limit (256 KB, counted by the core)
   * is below, so a message over that limit but under this one is rejected on its own.
   */
  static final long MAX_MESSAGE_BYTES = 1024 * 1024;

  private final AmqpConnection connection;
  private final DeviceSession device;
  private final SettlingReceiver receiver;

  TelemetryLink(AmqpConnection connection, DeviceSession device, ProtonReceiver receiver) {
    this.connection = connection;
    this.device = device;
    this.receiver = new SettlingReceiver(receiver, CREDIT, MAX_MESSAGE_BYTES);
  }

  @Override
  public ProtonSession session() {
    return receiver.session();
  }

  /** Answers the attach and grants the link its credit. */
  void open() {
    receiver.open(this::onMessage);
  }

  @Override
  public void end(ErrorCondition condition) {
    receiver.end(condition);
  }

  /** Stops settling; messages being stored are stored, but their outcome is not sent. Idempotent. */
  @Override
  public void stop() {
    receiver.stop();
  }

  private void onMessage(ProtonDelivery delivery, Message message) {
    device.noteActivity();
    if (delivery.getMessageFormat() != 0) {
      refuse(delivery, AmqpErrors.condition(AmqpErrors.NOT_IMPLEMENTED, "Message format "
          + Integer.toUnsignedString(delivery.getMessageFormat(), 16) + " (batches) is not taken; send the "
          + "messages one by one."));
      return;
    }
    DeviceMessage telemetry;
    try {
      telemetry = DeviceMessages.telemetry(message);
    } catch (IllegalArgumentException malformed) {
      refuse(delivery, AmqpErrors.condition(AmqpErrors.ARGUMENT_ERROR, malformed.getMessage()));
      return;
    }
    connection.services().telemetry().send(device.principal(), telemetry).whenComplete((stored, failure) ->
        connection.context().runOnContext(nothing ->
            receiver.settle(delivery, failure == null ? Accepted.getInstance() : outcomeOf(failure))));
  }

  private void refuse(ProtonDelivery delivery, ErrorCondition condition) {
    receiver.settle(delivery, SettlingReceiver.rejected(condition));
  }

  private DeliveryState outcomeOf(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof HubException refused) {
      return SettlingReceiver.rejected(AmqpErrors.rejection(refused));
    }
    String trackingId = AmqpErrors.trackingId();
    log.warn("Could not store a message of {} (tracking id {})", device.identity(), trackingId, cause);
    return SettlingReceiver.rejected(AmqpErrors.internalRejection(trackingId));
  }
}
