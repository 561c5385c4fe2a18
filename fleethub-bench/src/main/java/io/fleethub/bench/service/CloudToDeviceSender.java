package io.fleethub.bench.service;

import io.vertx.proton.ProtonSender;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * A back end's sender of cloud-to-device messages: a link to the hub's {@code /messages/devicebound} node on a
 * {@link ServiceAmqpConnection}. The hub settles each message Accepted once it is in the device's queue, or
 * Rejected with an error condition saying why (unknown device, queue full, too large). Thread-safe: {@link #send}
 * hops onto the connection's context, where outcomes are reported.
 */
public final class CloudToDeviceSender {
  public static final String ADDRESS = "/messages/devicebound";

  private static final String ERROR_CODE = "ErrorCode:";

  private final ServiceAmqpConnection amqp;
  private final ProtonSender link;

  private CloudToDeviceSender(ServiceAmqpConnection amqp, ProtonSender link) {
    this.amqp = amqp;
    this.link = link;
  }

  /**
   * Attaches the link; {@code linkEnded} hears, once and on the context, why the hub ended it or the connection.
   *
   * @throws io.fleethub.bench.target.TargetException when the hub refuses the link
   */
  public static CloudToDeviceSender open(ServiceAmqpConnection amqp, Consumer<String> linkEnded) {
    return new CloudToDeviceSender(amqp, amqp.attachSender(ADDRESS, linkEnded));
  }

  /**
   * Sends the message {@code message} builds from the moment it is sent ({@link System#nanoTime()} on the
   * context). {@code settled} hears, on the context, nothing for a message the hub accepted, and the reason for
   * one it refused or that could not be sent because the link is gone.
   */
  public void send(LongFunction<Message> message, Consumer<Optional<String>> settled) {
    amqp.context().runOnContext(send -> {
      if (!link.isOpen()) {
        settled.accept(Optional.of("not sent: the sender link is closed"));
        return;
      }
      link.send(message.apply(System.nanoTime()), delivery -> settled.accept(refusal(delivery.getRemoteState())));
    });
  }

  /**
   * Empty for Accepted; else a short reason grouping like refusals, e.g.
   * {@code rejected: amqp:resource-limit-exceeded DeviceMaximumQueueDepthExceeded}.
   */
  static Optional<String> refusal(DeliveryState state) {
    if (state instanceof Accepted) {
      return Optional.empty();
    }
    if (state instanceof Rejected rejected) {
      ErrorCondition error = rejected.getError();
      if (error == null || error.getCondition() == null) {
        return Optional.of("rejected without an error condition");
      }
      String description = error.getDescription() == null ? "" : error.getDescription();
      int end = description.indexOf(';');
      String code = description.startsWith(ERROR_CODE) && end > ERROR_CODE.length()
          ? " " + description.substring(ERROR_CODE.length(), end) : "";
      return Optional.of("rejected: " + error.getCondition() + code);
    }
    return Optional.of("not accepted: " + (state == null ? "no outcome" : state.getType().toString()));
  }
}
