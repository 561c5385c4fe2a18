package io.fleethub.amqp;

import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.error.HubException;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's sender to {@code /messages/devicebound}: each message it sends is read ({@link CloudToDeviceRequests})
 * and queued for its device or module by {@link CloudToDeviceService#send} on that device's lane, then settled:
 * Accepted once queued, Rejected with the reason ({@link AmqpErrors#rejection}) otherwise. The link holds
 * {@link AmqpSettings#cloudToDeviceCredit()} credit and gets one back as each message is settled, so the device
 * lanes pace the sender and at most that many of its messages wait in the hub. Messages to one device are queued
 * in the order they arrived; settlements may come out of order across devices.
 *
 * <p>Confined to the connection's context; queueing completes on a device lane and hops back.
 */
final class CloudToDeviceLink implements ServiceLinks.Link {
  private static final Logger log = LoggerFactory.getLogger(CloudToDeviceLink.class);

  /**
   * The largest message the link takes; larger ones end the link. IoT Hub's own limit (64 KB, counted by the core)
   * is far below, so a message over that limit but under this one is rejected on its own, with
   * {@code amqp:link:message-size-exceeded}.
   */
  static final long MAX_MESSAGE_BYTES = 1024 * 1024;

  private final AmqpConnection connection;
  private final ProtonReceiver receiver;
  private final int credit;
  private boolean ended;

  CloudToDeviceLink(AmqpConnection connection, ProtonReceiver receiver, int credit) {
    this.connection = connection;
    this.receiver = receiver;
    this.credit = credit;
  }

  @Override
  public String entity() {
    return EntityPaths.DEVICEBOUND;
  }

  @Override
  public ProtonSession session() {
    return receiver.getSession();
  }

  /** Answers the attach and grants the link its credit. */
  void open() {
    receiver.setTarget(receiver.getRemoteTarget());
    receiver.setSource(receiver.getRemoteSource());
    receiver.setQoS(ProtonQoS.AT_LEAST_ONCE);
    receiver.setPrefetch(0);
    receiver.setAutoAccept(false);
    receiver.setMaxMessageSize(UnsignedLong.valueOf(MAX_MESSAGE_BYTES));
    receiver.handler(this::onMessage);
    receiver.open();
    receiver.flow(credit);
  }

  @Override
  public void end(ErrorCondition condition) {
    if (ended) {
      return;
    }
    stop();
    receiver.setCondition(condition);
    receiver.close();
  }

  /** Stops settling; messages still being queued are queued, but their outcome is not sent. Idempotent. */
  @Override
  public void stop() {
    ended = true;
  }

  private void onMessage(ProtonDelivery delivery, Message message) {
    if (ended) {
      return;
    }
    CloudToDeviceRequests.Request request;
    try {
      request = CloudToDeviceRequests.read(message);
    } catch (HubException refused) {
      settle(delivery, rejected(refused));
      return;
    }
    queue(request).whenComplete((queued, failure) -> connection.context().runOnContext(
        settled -> settle(delivery, failure == null ? Accepted.getInstance() : outcomeOf(failure, request))));
  }

  /** Queues the message on its device's lane; the future completes there. */
  private CompletableFuture<?> queue(CloudToDeviceRequests.Request request) {
    AmqpServices services = connection.services();
    CloudToDeviceService cloudToDevice = services.cloudToDevice();
    DeviceExecutors lanes = services.deviceLanes();
    try {
      return lanes.submit(request.target().deviceId(), () -> cloudToDevice.send(request.target(), request.message()));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static DeliveryState outcomeOf(Throwable failure, CloudToDeviceRequests.Request request) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof HubException refused) {
      return rejected(refused);
    }
    String trackingId = AmqpErrors.trackingId();
    log.warn("Could not queue a cloud-to-device message for {} (tracking id {})", request.target(), trackingId,
        cause);
    Rejected rejected = new Rejected();
    rejected.setError(AmqpErrors.internalRejection(trackingId));
    return rejected;
  }

  private static Rejected rejected(HubException refused) {
    Rejected rejected = new Rejected();
    rejected.setError(AmqpErrors.rejection(refused));
    return rejected;
  }

  /** Sends the outcome and gives the credit back, unless the link has ended meanwhile. */
  private void settle(ProtonDelivery delivery, DeliveryState outcome) {
    if (ended) {
      return;
    }
    delivery.disposition(outcome, true);
    if (receiver.isOpen()) {
      receiver.flow(1);
    }
  }
}
