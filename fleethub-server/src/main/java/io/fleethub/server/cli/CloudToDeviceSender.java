package io.fleethub.server.cli;

import io.fleethub.bench.service.ServiceAmqpConnection;
import io.fleethub.bench.target.TargetException;
import io.vertx.proton.ProtonSender;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.message.Message;

/**
 * The service's cloud-to-device sender, a link to the hub's {@code /messages/devicebound} node as the Azure
 * service SDKs open it. Each message names its device in {@code to}; the hub accepts it once queued, or rejects
 * it with an error condition saying why (unknown device, full queue, too large). Called from one command thread.
 */
final class CloudToDeviceSender {
  static final String ADDRESS = "/messages/devicebound";

  private final ServiceAmqpConnection amqp;
  private final ProtonSender link;
  private final CompletableFuture<Void> ended;

  private CloudToDeviceSender(ServiceAmqpConnection amqp, ProtonSender link, CompletableFuture<Void> ended) {
    this.amqp = amqp;
    this.link = link;
    this.ended = ended;
  }

  static CloudToDeviceSender open(ServiceAmqpConnection amqp) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    ProtonSender link = amqp.attach("the cloud-to-device sender on " + ADDRESS,
        connection -> connection.createSender(ADDRESS),
        reason -> ended.completeExceptionally(new TargetException(reason)));
    return new CloudToDeviceSender(amqp, link, ended);
  }

  /**
   * Sends {@code message} and waits until the hub accepted it; {@link CliException} with its reason when the hub
   * did not take it, {@link TargetException} when the link or the connection ended first.
   */
  void send(Message message, String description) {
    CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
    ended.whenComplete((nothing, failure) -> outcome.completeExceptionally(failure));
    amqp.onContext(() -> link.send(message, delivery -> outcome.complete(delivery.getRemoteState())));
    DeliveryState state = amqp.await(outcome, "waiting for the hub to take " + description);
    if (state instanceof Accepted) {
      return;
    }
    if (state instanceof Rejected rejected) {
      throw new CliException("the hub rejected " + description
          + ServiceAmqpConnection.conditionSuffix(rejected.getError()));
    }
    throw new CliException("the hub did not take " + description + " (its outcome: "
        + (state == null ? "none" : state.getType()) + ")");
  }
}
