package io.fleethub.amqp;

import io.fleethub.core.c2d.FeedbackBatch;
import io.fleethub.core.c2d.FeedbackQueue;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's receiver of one of the core's lockable queues: {@code /messages/servicebound/feedback}
 * ({@link #feedback}: feedback batches) and {@code /messages/servicebound/filenotifications}
 * ({@link #fileNotifications}: file upload notifications). While the link has credit it takes the next item from
 * the queue (on a worker thread; the queue locks it to this link, so no other receiver gets it) and sends it as one
 * message, its lock token as the delivery tag; when none waits it looks again every
 * {@link AmqpSettings#feedbackPollInterval()}. A link without credit causes no reads.
 *
 * <p>The client's outcome settles the item: Accepted completes it (it is gone), Rejected completes it too (IoT Hub
 * drops what a receiver rejects), Released and Modified abandon it (offered again, until the queue's delivery count
 * is spent). The link reads the next item only once the core has applied the outcomes the client gave, so it never
 * gets back one it just completed. Items still unsettled when the link or connection ends are abandoned; one the
 * client never settles is offered again once its lock expires. At most {@value #MAX_UNSETTLED} items per link wait
 * for their outcome.
 *
 * <p>Confined to the connection's context; the queue calls run on the endpoint's worker threads.
 */
final class QueueLink<T> implements ServiceLinks.Link {
  private static final Logger log = LoggerFactory.getLogger(QueueLink.class);

  /** The most items a link holds locked for a client that has not decided on them yet. */
  static final int MAX_UNSETTLED = 16;

  /** The file upload notifications' entity, canonical; IoT Hub writes it {@code serviceBound}. */
  static final String FILE_NOTIFICATIONS = "messages/servicebound/filenotifications";

  /**
   * What a link reads: a queue whose calls may block, how an item is locked and written as a message, and its name
   * in log lines.
   */
  record Queue<T>(String entity, String itemName, Supplier<Optional<T>> receive, Consumer<LockToken> complete,
      Consumer<LockToken> abandon, Function<T, LockToken> lockOf, Function<T, Message> toMessage) {}

  private final AmqpConnection connection;
  private final ProtonSender sender;
  private final Queue<T> queue;
  private final Set<LockToken> unsettled = new HashSet<>();
  private boolean receiving;
  /** Outcomes passed to the core and not yet applied there. */
  private int settling;
  private long pollTimer = -1;
  private boolean ended;

  QueueLink(AmqpConnection connection, ProtonSender sender, Queue<T> queue) {
    this.connection = connection;
    this.sender = sender;
    this.queue = queue;
  }

  /** The feedback on cloud-to-device messages, in batches ({@link FeedbackMessages}). */
  static Queue<FeedbackBatch> feedback(AmqpServices services) {
    FeedbackQueue feedback = services.cloudToDevice().feedback();
    return new Queue<>(EntityPaths.FEEDBACK, "feedback batch", feedback::receive, feedback::complete,
        feedback::abandon, FeedbackBatch::lockToken,
        batch -> FeedbackMessages.toMessage(batch, services.hub().hubName()));
  }

  /** The file upload notifications, one per message ({@link FileNotificationMessages}). */
  static Queue<FileNotificationDelivery> fileNotifications(AmqpServices services) {
    FileNotificationQueue notifications = services.fileNotifications();
    return new Queue<>(FILE_NOTIFICATIONS, "file upload notification", notifications::receive,
        notifications::complete, notifications::abandon, FileNotificationDelivery::lockToken,
        delivery -> FileNotificationMessages.toMessage(delivery, services.hub().hubName()));
  }

  @Override
  public String entity() {
    return queue.entity();
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

  /** Stops polling and abandons the items the client has not settled. Idempotent. */
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

  /** Takes the next item, unless a take or a settlement is under way, a poll is scheduled, or the client cannot. */
  private void poll() {
    if (ended || receiving || settling > 0 || pollTimer != -1 || sender.sendQueueFull()
        || unsettled.size() >= MAX_UNSETTLED) {
      return;
    }
    receiving = true;
    connection.worker().executeBlocking(queue.receive()::get, false).onComplete(this::onReceived);
  }

  private void onReceived(AsyncResult<Optional<T>> received) {
    receiving = false;
    if (received.failed()) {
      log.warn("Could not read the {} queue; trying again", queue.itemName(), received.cause());
      pollLater();
      return;
    }
    Optional<T> item = received.result();
    if (ended) {
      item.ifPresent(taken -> abandon(queue.lockOf().apply(taken)));
      return;
    }
    if (item.isEmpty()) {
      pollLater();
      return;
    }
    send(item.get());
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

  private void send(T item) {
    LockToken token = queue.lockOf().apply(item);
    unsettled.add(token);
    sender.send(FeedbackMessages.deliveryTag(token), queue.toMessage().apply(item),
        delivery -> onOutcome(token, delivery));
  }

  /** The client decided on an item (or settled it without an outcome, which abandons it). */
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
        ? onWorker("complete", token, () -> queue.complete().accept(token))
        : abandon(token);
    settled.onComplete(done -> {
      settling--;
      poll();
    });
  }

  private Future<Void> abandon(LockToken token) {
    return onWorker("abandon", token, () -> queue.abandon().accept(token));
  }

  /**
   * Settles in the core on a worker thread; a lost lock (the item was offered again) is no error. The future
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

  private void settleFailed(String action, LockToken token, Throwable failure) {
    if (failure instanceof HubException) {
      log.debug("Could not {} {} {}: {}", action, queue.itemName(), token, failure.getMessage());
    } else {
      log.warn("Could not {} {} {}", action, queue.itemName(), token, failure);
    }
  }
}
