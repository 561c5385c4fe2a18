package io.fleethub.amqp;

import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonQoS;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSession;
import java.util.function.BiConsumer;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * The hub's end of a client's sender whose messages the hub works on before it settles them (a service's
 * cloud-to-device sender, a device's telemetry sender): the link holds {@code credit} and gets one back as each
 * message is settled, so at most that many messages wait in the hub. A message larger than {@code maxMessageBytes}
 * ends the link (the engine's own check). Once stopped, messages still being worked on get no outcome.
 *
 * <p>Confined to the connection's context.
 */
final class SettlingReceiver {
  private final ProtonReceiver receiver;
  private final int credit;
  private final long maxMessageBytes;
  private boolean ended;

  SettlingReceiver(ProtonReceiver receiver, int credit, long maxMessageBytes) {
    this.receiver = receiver;
    this.credit = credit;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Answers the attach, grants the credit and hands each message to {@code onMessage} while not stopped. */
  void open(BiConsumer<ProtonDelivery, Message> onMessage) {
    receiver.setTarget(receiver.getRemoteTarget());
    receiver.setSource(receiver.getRemoteSource());
    receiver.setQoS(ProtonQoS.AT_LEAST_ONCE);
    receiver.setPrefetch(0);
    receiver.setAutoAccept(false);
    receiver.setMaxMessageSize(UnsignedLong.valueOf(maxMessageBytes));
    receiver.handler((delivery, message) -> {
      if (!ended) {
        onMessage.accept(delivery, message);
      }
    });
    receiver.open();
    receiver.flow(credit);
  }

  ProtonSession session() {
    return receiver.getSession();
  }

  /** Sends the outcome (unless the client settled first) and gives the credit back, unless stopped meanwhile. */
  void settle(ProtonDelivery delivery, DeliveryState outcome) {
    if (ended) {
      return;
    }
    if (!delivery.remotelySettled()) {
      delivery.disposition(outcome, true);
    }
    if (receiver.isOpen()) {
      receiver.flow(1);
    }
  }

  /** Ends the link from the hub's side, saying why. Idempotent. */
  void end(ErrorCondition condition) {
    if (ended) {
      return;
    }
    stop();
    receiver.setCondition(condition);
    receiver.close();
  }

  /** Stops settling. Idempotent. */
  void stop() {
    ended = true;
  }

  static Rejected rejected(ErrorCondition condition) {
    Rejected rejected = new Rejected();
    rejected.setError(condition);
    return rejected;
  }
}
