package io.fleethub.amqp;

import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.error.HubException;
import io.fleethub.core.files.FileNotificationDelivery;
import io.fleethub.core.files.FileNotificationQueue;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's receiver of {@code /messages/servicebound/filenotifications} (matched ignoring case): while the link
 * has credit, it takes the next notification from the core's {@link FileNotificationQueue} (on a worker thread;
 * the queue locks it to this link) and sends it as one message ({@link FileNotificationMessages}); when none waits
 * it looks again every {@link AmqpSettings#feedbackPollInterval()}. A link without credit causes no reads.
 *
 * <p>Settlement as on the feedback link: Accepted and Rejected complete the notification (it is gone), Released and
 * Modified abandon it (offered again, until its delivery count is spent). The link reads the next notification only
 * once the core has settled the ones the client decided on, so it never gets back one it just completed. Notifications
 * still unsettled when the
 * link or connection ends are abandoned; one the client never settles is offered again once its lock expires. At
 * most {@value #MAX_UNSETTLED} notifications per link wait for their outcome.
 *
 * <p>Confined to the connection's context; the queue calls run on the endpoint's worker threads.
 */
final class FileNotificationLink implements ServiceLinks.Link {
  /** The entity, canonical; IoT Hub writes it {@code serviceBound}. */
  static final String ENTITY = "messages/servicebound/filenotifications";

  /** The most notifications a link holds locked for a client that has not decided on them yet. */
  static final int MAX_UNSETTLED = 16;

  private static final Logger log = LoggerFactory.getLogger(FileNotificationLink.class);

  private final AmqpConnection connection;
  private final ProtonSender sender;
  private final Set<LockToken> unsettled = new HashSet<>();
  private boolean receiving;
  /** Outcomes passed to the core and not yet applied there. */
  private int settling;
  private long pollTimer = -1;
  private boolean ended;

  FileNotificationLink(AmqpConnection connection, ProtonSender sender) {
    this.connection = connection;
    this.sender = sender;
  }

  @Override
  public String entity() {
    return ENTITY;
  }

  @Override
  public ProtonSession session() {
    return sender.getSession();
  }

  /** Answers the attach and starts sending as credit arrives. */
  void open() {
    sender.setSource(sender.getRemoteSource());
    sender.setTarget(sender.getRemoteTarget());
    sender.setQoS(ProtonQoS.AT_LEAST_ONCE);
    sender.sendQueueDrainHandler(credited -> poll());
    sender.open();
    poll();
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

  /** Stops polling and abandons the notifications the client has not settled. Idempotent. */
  @Override
  public void stop() {
    if (ended) {
      return;
    }
    ended = true;
    if (pollTimer != -1) {
      connection.vertx().cancelTimer(pollTimer);
      pollTimer = -1;
    }
    List.copyOf(unsettled).forEach(this::abandon);
    unsettled.clear();
  }

  private void poll() {
    if (ended || receiving || settling > 0 || pollTimer != -1 || sender.sendQueueFull()
        || unsettled.size() >= MAX_UNSETTLED) {
      return;
    }
    receiving = true;
    connection.worker().executeBlocking(queue()::receive, false).onComplete(this::onReceived);
  }

  private void onReceived(AsyncResult<Optional<FileNotificationDelivery>> received) {
    receiving = false;
    if (received.failed()) {
      log.warn("Could not read the file upload notification queue; trying again", received.cause());
      pollLater();
      return;
    }
    Optional<FileNotificationDelivery> delivery = received.result();
    if (ended) {
      delivery.ifPresent(taken -> abandon(taken.lockToken()));
      return;
    }
    if (delivery.isEmpty()) {
      pollLater();
      return;
    }
    send(delivery.get());
    poll();
  }

  private void pollLater() {
    if (ended || pollTimer != -1) {
      return;
    }
    pollTimer = connection.vertx().setTimer(connection.settings().feedbackPollInterval().toMillis(), id -> {
      pollTimer = -1;
      poll();
    });
  }

  private void send(FileNotificationDelivery delivery) {
    LockToken token = delivery.lockToken();
    unsettled.add(token);
    sender.send(FeedbackMessages.deliveryTag(token),
        FileNotificationMessages.toMessage(delivery, connection.services().hub().hubName()),
        settled -> onOutcome(token, settled));
  }

  /** The client decided on a notification (or settled it without an outcome, which abandons it). */
  private void onOutcome(LockToken token, ProtonDelivery delivery) {
    DeliveryState outcome = delivery.getRemoteState();
    if (outcome == null && !delivery.remotelySettled()) {
      return;
    }
    if (!delivery.isSettled()) {
      delivery.settle();
    }
    if (!unsettled.remove(token)) {
      return;
    }
    settling++;
    Future<Void> settled = outcome instanceof Accepted || outcome instanceof Rejected
        ? onWorker("complete", token, () -> queue().complete(token))
        : abandon(token);
    settled.onComplete(done -> {
      settling--;
      poll();
    });
  }

  private Future<Void> abandon(LockToken token) {
    return onWorker("abandon", token, () -> queue().abandon(token));
  }

  private FileNotificationQueue queue() {
    return connection.services().fileNotifications();
  }

  /**
   * Settles in the core on a worker thread; a lost lock (the notification was offered again) is no error. The future
   * completes, on the connection's context, once the core is done, whether it succeeded or not.
   */
  private Future<Void> onWorker(String action, LockToken token, Runnable settle) {
    try {
      return connection.worker().<Void>executeBlocking(() -> {
        settle.run();
        return null;
      }, false).recover(failure -> {
        settleFailed(action, token, failure);
        return Future.succeededFuture();
      });
    } catch (RuntimeException e) {
      settleFailed(action, token, e);
      return Future.succeededFuture();
    }
  }

  private static void settleFailed(String action, LockToken token, Throwable failure) {
    if (failure instanceof HubException) {
      log.debug("Could not {} file upload notification {}: {}", action, token, failure.getMessage());
    } else {
      log.warn("Could not {} file upload notification {}", action, token, failure);
    }
  }
}
