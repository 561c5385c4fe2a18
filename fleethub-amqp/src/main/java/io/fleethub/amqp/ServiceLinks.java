package io.fleethub.amqp;

import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * The links a back end opens on IoT Hub's service-facing endpoints: senders to {@code /messages/devicebound}
 * ({@link CloudToDeviceLink}), receivers of {@code /messages/servicebound/feedback} and of
 * {@code /messages/servicebound/filenotifications} (both {@link QueueLink}s), addresses matched ignoring case.
 * A link is answered only when a claim of the connection covers its entity: a
 * CBS token for the hub (as the IoT Hub service SDKs put it) or for the entity, or a SASL PLAIN policy login; every
 * claim was checked to grant ServiceConnect. Without one the attach is refused with {@code amqp:unauthorized-access};
 * a link whose last covering claim expires is ended the same way.
 *
 * <p>Confined to the connection's context.
 */
final class ServiceLinks {
  /** One open link. */
  interface Link {
    /** The canonical entity path a claim must cover. */
    String entity();

    ProtonSession session();

    /** Ends the link from the hub's side, saying why. Idempotent. */
    void end(ErrorCondition condition);

    /** Stops the link's work without touching the link, e.g. when its session or connection ended. Idempotent. */
    void stop();
  }

  private final AmqpConnection connection;
  private final List<Link> links = new ArrayList<>();

  ServiceLinks(AmqpConnection connection) {
    this.connection = connection;
  }

  /** Handles a client's sender whose target is {@code /messages/devicebound}. */
  void attachDevicebound(ProtonReceiver receiver) {
    ErrorCondition refusal = refusal(EntityPaths.DEVICEBOUND);
    if (refusal != null) {
      AmqpConnection.refuse(receiver, refusal);
      return;
    }
    CloudToDeviceLink link = new CloudToDeviceLink(connection, receiver, connection.settings().cloudToDeviceCredit());
    hold(link, receiver);
    link.open();
  }

  /** Handles a client's receiver whose source is {@code /messages/servicebound/feedback}. */
  void attachFeedback(ProtonSender sender) {
    ErrorCondition refusal = refusal(EntityPaths.FEEDBACK);
    if (refusal != null) {
      PartitionLinks.refuse(sender, refusal);
      return;
    }
    QueueLink<?> link = new QueueLink<>(connection, sender, QueueLink.feedback(connection.services()));
    hold(link, sender);
    link.open();
  }

  /** Handles a client's receiver whose source is {@code /messages/servicebound/filenotifications}. */
  void attachFileNotifications(ProtonSender sender) {
    ErrorCondition refusal = refusal(QueueLink.FILE_NOTIFICATIONS);
    if (refusal != null) {
      PartitionLinks.refuse(sender, refusal);
      return;
    }
    QueueLink<?> link = new QueueLink<>(connection, sender, QueueLink.fileNotifications(connection.services()));
    hold(link, sender);
    link.open();
  }

  /** Ends, with the reason, every link that no claim of the connection covers any more. */
  void revokeUncovered(String reason) {
    for (Link link : List.copyOf(links)) {
      if (connection.grants().covering(link.entity()).isEmpty()) {
        links.remove(link);
        link.end(AmqpErrors.condition(AmqpErrors.UNAUTHORIZED_ACCESS, reason));
      }
    }
  }

  /** Stops the links of a session the client ended. */
  void sessionEnded(ProtonSession session) {
    for (Link link : List.copyOf(links)) {
      if (link.session() == session) {
        links.remove(link);
        link.stop();
      }
    }
  }

  /** Stops every link; for the end of the connection. */
  void stopAll() {
    links.forEach(Link::stop);
    links.clear();
  }

  private ErrorCondition refusal(String entity) {
    if (connection.grants().covering(entity).isPresent()) {
      return null;
    }
    AmqpServices services = connection.services();
    return AmqpErrors.condition(AmqpErrors.UNAUTHORIZED_ACCESS, "Unauthorized access to '/" + entity
        + "': put a token for '" + services.hub().hostName() + "' of a policy that grants ServiceConnect on $cbs "
        + "first, or log in with SASL PLAIN as '{policy}@sas.root." + services.hub().hubName() + "'.");
  }

  /** Keeps the link until the client detaches or closes it, then answers in kind. */
  private void hold(Link link, ProtonLink<?> protonLink) {
    links.add(link);
    protonLink.closeHandler(closed -> {
      links.remove(link);
      link.stop();
      protonLink.close();
    });
    protonLink.detachHandler(detached -> {
      links.remove(link);
      link.stop();
      protonLink.detach();
    });
  }
}
