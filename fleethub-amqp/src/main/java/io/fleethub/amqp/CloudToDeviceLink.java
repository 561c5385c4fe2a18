package io.fleethub.amqp;

import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.concurrent.DeviceExecutors;
import io.fleethub.core.error.HubException;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
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
  private final SettlingReceiver receiver;

  CloudToDeviceLink(AmqpConnection connection, ProtonReceiver receiver, int credit) {
    this.connection = connection;
    this.receiver = new SettlingReceiver(receiver, credit, MAX_MESSAGE_BYTES);
  }

  @Override
  public String entity() {
    return EntityPaths.DEVICEBOUND;
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

  /** Stops settling; messages still being queued are queued, but their outcome is not sent. Idempotent. */
  @Override
  public void stop() {
    receiver.stop();
  }

  private void onMessage(ProtonDelivery delivery, Message message) {
    CloudToDeviceRequests.Request request;
    try {
      request = CloudToDeviceRequests.read(message);
    } catch (HubException refused) {
      receiver.settle(delivery, rejected(refused));
      return;
    }
    queue(request).whenComplete((queued, failure) -> connection.context().runOnContext(
        settled -> receiver.settle(delivery, failure == null ? Accepted.getInstance() : outcomeOf(failure, request))));
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
    return SettlingReceiver.rejected(AmqpErrors.internalRejection(trackingId));
  }

  private static Rejected rejected(HubException refused) {
    return SettlingReceiver.rejected(AmqpErrors.rejection(refused));
  }
}
