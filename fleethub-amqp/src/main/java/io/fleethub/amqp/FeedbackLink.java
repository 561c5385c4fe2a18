package io.fleethub.amqp;

import io.fleethub.core.c2d.FeedbackBatch;
import io.fleethub.core.c2d.FeedbackQueue;
import io.fleethub.core.c2d.LockToken;
import io.fleethub.core.error.HubException;
import io.vertx.core.AsyncResult;
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
 * A service's receiver of {@code /messages/servicebound/feedback}: while the link has credit, it takes the next
 * due batch from the core's {@link FeedbackQueue} (on a worker thread; the queue locks the batch to this link, so
 * no other receiver gets it) and sends it as one message ({@link FeedbackMessages}); when none is due it looks
 * again every {@link AmqpSettings#feedbackPollInterval()}. A link without credit causes no reads.
 *
 * <p>The client's outcome settles the batch: Accepted completes it (the records are gone), Rejected completes it
 * too (IoT Hub drops what a receiver rejects), Released and Modified abandon it (the records are offered again).
 * Batches still unsettled when the link or connection ends are abandoned; a batch the client never settles is
 * offered again once its lock expires. At most {@value #MAX_UNSETTLED} batches per link wait for their outcome.
 *
 * <p>Confined to the connection's context; the queue calls run on the endpoint's worker threads.
 */
final class FeedbackLink implements ServiceLinks.Link {
  private static final Logger log = LoggerFactory.getLogger(FeedbackLink.class);

  /** The most batches a link holds locked for a client that has not decided on them yet. */
  static final int MAX_UNSETTLED = 16;

  private final AmqpConnection connection;
  private final ProtonSender sender;
  private final Set<LockToken> unsettled = new HashSet<>();
  private boolean receiving;
  private long pollTimer = -1;
  private boolean ended;

  FeedbackLink(AmqpConnection connection, ProtonSender sender) {
    this.connection = connection;
    this.sender = sender;
  }

  @Override
  public String entity() {
    return EntityPaths.FEEDBACK;
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

  /** Stops polling and abandons the batches the client has not settled. Idempotent. */
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

  /** Takes the next due batch, unless a take is under way, a poll is scheduled, or the client cannot take it. */
  private void poll() {
    if (ended || receiving || pollTimer != -1 || sender.sendQueueFull() || unsettled.size() >= MAX_UNSETTLED) {
      return;
    }
    receiving = true;
    FeedbackQueue queue = connection.services().cloudToDevice().feedback();
    connection.worker().executeBlocking(queue::receive, false).onComplete(this::onReceived);
  }

  private void onReceived(AsyncResult<Optional<FeedbackBatch>> received) {
    receiving = false;
    if (received.failed()) {
      log.warn("Could not read the feedback queue; trying again", received.cause());
      pollLater();
      return;
    }
    Optional<FeedbackBatch> batch = received.result();
    if (ended) {
      batch.ifPresent(taken -> abandon(taken.lockToken()));
      return;
    }
    if (batch.isEmpty()) {
      pollLater();
      return;
    }
    send(batch.get());
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

  private void send(FeedbackBatch batch) {
    LockToken token = batch.lockToken();
    unsettled.add(token);
    sender.send(FeedbackMessages.deliveryTag(token),
        FeedbackMessages.toMessage(batch, connection.services().hub().hubName()),
        delivery -> onOutcome(token, delivery));
  }

  /** The client decided on a batch (or settled it without an outcome, which abandons it). */
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
    if (outcome instanceof Accepted || outcome instanceof Rejected) {
      complete(token);
    } else {
      abandon(token);
    }
    poll();
  }

  private void complete(LockToken token) {
    FeedbackQueue queue = connection.services().cloudToDevice().feedback();
    onWorker("complete", token, () -> queue.complete(token));
  }

  private void abandon(LockToken token) {
    FeedbackQueue queue = connection.services().cloudToDevice().feedback();
    onWorker("abandon", token, () -> queue.abandon(token));
  }

  /** Settles the batch in the core on a worker thread; a lost lock (the batch was offered again) is no error. */
  private void onWorker(String action, LockToken token, Runnable settle) {
    try {
      connection.worker().executeBlocking(() -> {
        settle.run();
        return null;
      }, false).onFailure(failure -> settleFailed(action, token, failure));
    } catch (RuntimeException e) {
      settleFailed(action, token, e);
    }
  }

  private static void settleFailed(String action, LockToken token, Throwable failure) {
    if (failure instanceof HubException) {
      log.debug("Could not {} feedback batch {}: {}", action, token, failure.getMessage());
    } else {
      log.warn("Could not {} feedback batch {}", action, token, failure);
    }
  }
}
