package io.fleethub.amqp;

import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.c2d.MessageLock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.IdentityRef;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's receiver of {@code /devices/{id}[/modules/{mid}]/messages/devicebound}: delivers the identity's
 * cloud-to-device messages, those queued while it was away included, as IoT Hub does over AMQP.
 *
 * <ul>
 *   <li>Each message is received from the {@link CloudToDeviceService} (which locks it for a minute) and sent
 *       unsettled ({@link DeviceMessages#deviceBound}) while the device grants credit, at most {@value #WINDOW}
 *       unsettled at a time.
 *   <li>The device's outcome settles it: Accepted completes it, Released or Modified abandons it (it comes back,
 *       its delivery count one higher), Rejected dead-letters it. Each gives the sender its feedback.
 *   <li>A message not settled before its lock expires is offered again, received anew once the hub's clock
 *       passes the lock (checked at least every credential check interval); a late outcome for it is ignored.
 *   <li>When the link or the connection ends, the messages sent and not settled are abandoned, so the next link
 *       gets them at once; as on IoT Hub, that counts as a delivery.
 * </ul>
 *
 * <p>The service's announcements arrive on the sender's thread and hop to the connection's context; receives and
 * settlements run on the device's lane, one receive at a time. Confined to the connection's context otherwise.
 */
final class DeviceboundLink implements DeviceLinks.Link {
  private static final Logger log = LoggerFactory.getLogger(DeviceboundLink.class);

  /** The most messages sent to the device and not yet settled by it. */
  static final int WINDOW = 16;

  private final AmqpConnection connection;
  private final IdentityRef identity;
  private final ProtonSender sender;
  private final CloudToDeviceService service;
  /** The messages sent and not settled, by lock token, in the order they were sent. */
  private final Map<LockToken, Instant> unsettled = new LinkedHashMap<>();
  private AutoCloseable announcements;
  private boolean receiving;
  private boolean lookAgain;
  private boolean ended;
  private long timer = -1;

  DeviceboundLink(AmqpConnection connection, IdentityRef identity, ProtonSender sender) {
    this.connection = connection;
    this.identity = identity;
    this.sender = sender;
    this.service = connection.services().cloudToDevice();
  }

  @Override
  public ProtonSession session() {
    return sender.getSession();
  }

  /** Answers the attach and starts delivering. */
  void open() {
    sender.setSource(sender.getRemoteSource());
    sender.setTarget(sender.getRemoteTarget());
    sender.setQoS(ProtonQoS.AT_LEAST_ONCE);
    sender.setAutoSettle(true);
    sender.sendQueueDrainHandler(drained -> receiveNext());
    sender.open();
    announcements = service.onMessageAvailable(identity,
        () -> connection.context().runOnContext(nothing -> receiveNext()));
    receiveNext();
  }

  @Override
  public void end(ErrorCondition condition) {
    if (ended) {
      return;
    }
    stop();
    sender.setCondition(condition);
    sender.close();
  }

  /** Stops delivering and abandons what the device has not settled. Idempotent. */
  @Override
  public void stop() {
    if (ended) {
      return;
    }
    ended = true;
    closeQuietly(announcements);
    connection.vertx().cancelTimer(timer);
    timer = -1;
    List<LockToken> tokens = new ArrayList<>(unsettled.keySet());
    unsettled.clear();
    if (!tokens.isEmpty()) {
      onLane("abandon", () -> {
        tokens.forEach(token -> settleQuietly("abandon", token, () -> service.abandon(identity, token)));
        return null;
      });
    }
  }

  /** Receives the next message unless one is being received, the window is full, or the device gave no credit. */
  private void receiveNext() {
    if (ended) {
      return;
    }
    if (receiving) {
      lookAgain = true;
      return;
    }
    if (unsettled.size() >= WINDOW || sender.sendQueueFull()) {
      return;
    }
    receiving = true;
    lookAgain = false;
    onLane("receive", () -> service.receive(identity)).whenComplete((message, failure) ->
        connection.context().runOnContext(nothing -> onReceived(message, failure)));
  }

  private void onReceived(Optional<CloudToDeviceMessage> received, Throwable failure) {
    receiving = false;
    if (failure != null) {
      log.warn("Could not receive a cloud-to-device message for {}; trying again shortly", identity,
          unwrap(failure));
      armTimer(connection.settings().credentialCheckInterval());
      return;
    }
    if (received.isEmpty()) {
      if (lookAgain) {
        receiveNext();
      }
      return;
    }
    MessageLock lock = received.get().lock()
        .orElseThrow(() -> new IllegalStateException("a received message carries its lock"));
    if (ended) {
      onLane("abandon", () -> settleQuietly("abandon", lock.token(), () -> service.abandon(identity, lock.token())));
      return;
    }
    unsettled.put(lock.token(), lock.lockedUntil());
    sender.send(DeviceMessages.deviceBound(received.get()), delivery -> settled(lock.token(), delivery));
    armTimer(untilFirstLockExpires());
    receiveNext();
  }

  /** The device's outcome: settles the message, unless its lock expired or it was abandoned meanwhile. */
  private void settled(LockToken token, ProtonDelivery delivery) {
    if (!delivery.remotelySettled() || unsettled.remove(token) == null) {
      return;
    }
    DeliveryState outcome = delivery.getRemoteState();
    if (outcome instanceof Accepted) {
      onLane("complete", () -> settleQuietly("complete", token, () -> service.complete(identity, token)));
    } else if (outcome instanceof Rejected) {
      onLane("reject", () -> settleQuietly("reject", token, () -> service.reject(identity, token)));
    } else {
      onLane("abandon", () -> settleQuietly("abandon", token, () -> service.abandon(identity, token)));
    }
    receiveNext();
  }

  private Duration untilFirstLockExpires() {
    Instant first = unsettled.values().stream().min(Instant::compareTo).orElse(Instant.MAX);
    return first == Instant.MAX ? connection.settings().credentialCheckInterval()
        : Duration.between(connection.services().clock().instant(), first);
  }

  /**
   * Arms the one timer, unless it is armed already, for {@code delay} but at most the credential check interval.
   * When it fires, the messages whose lock expired are dropped from the window, and the next message is received.
   */
  private void armTimer(Duration delay) {
    if (timer != -1 || ended) {
      return;
    }
    long millis = Math.max(1, Math.min(delay.toMillis(), connection.settings().credentialCheckInterval().toMillis()));
    timer = connection.vertx().setTimer(millis, id -> {
      timer = -1;
      Instant now = connection.services().clock().instant();
      unsettled.values().removeIf(lockedUntil -> !now.isBefore(lockedUntil));
      receiveNext();
      if (!unsettled.isEmpty()) {
        armTimer(untilFirstLockExpires());
      }
    });
  }

  private <T> CompletableFuture<T> onLane(String action, Supplier<T> task) {
    try {
      return connection.services().deviceLanes().submit(identity.deviceId(), task);
    } catch (RejectedExecutionException e) {
      log.debug("Could not {} a cloud-to-device message of {}: the device lanes are shut down", action, identity);
      return CompletableFuture.failedFuture(e);
    }
  }

  private Void settleQuietly(String action, LockToken token, Runnable settlement) {
    try {
      settlement.run();
    } catch (HubException refused) {
      if (refused.code() == ErrorCode.DEVICE_MESSAGE_LOCK_LOST) {
        log.debug("Could not {} cloud-to-device message {} of {}: its lock expired", action, token, identity);
      } else {
        log.warn("Could not {} cloud-to-device message {} of {}", action, token, identity, refused);
      }
    } catch (RuntimeException e) {
      log.warn("Could not {} cloud-to-device message {} of {}", action, token, identity, e);
    }
    return null;
  }

  private void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.debug("Could not stop the cloud-to-device announcements of {}", identity, e);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
