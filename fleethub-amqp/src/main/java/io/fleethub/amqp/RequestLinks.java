package io.fleethub.amqp;

import io.vertx.core.Future;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request/response node of a connection, such as {@code $cbs} or {@code $management}: requests arrive on
 * links whose target is the node, and each reply leaves on the link whose source is the node and whose target is
 * the request's reply-to (clients name their reply link's target so). A reply carries the request's message-id
 * as its correlation-id, and {@code status-code} (an int, which the Azure SDKs require) and
 * {@code status-description} as application properties.
 *
 * <p>At most {@value #MAX_PENDING} requests per link are in progress: the link gets credit back one by one as
 * replies go out. Confined to the connection's context; the responder's future must complete there.
 */
final class RequestLinks {
  private static final Logger log = LoggerFactory.getLogger(RequestLinks.class);
  private static final int MAX_PENDING = 16;
  private static final long MAX_REQUEST_BYTES = 64 * 1024;

  /** Answers one request; the future completes on the connection's context. */
  interface Responder {
    Future<Reply> respond(Message request);
  }

  /** A reply's status and, if any, its body (an AMQP value such as a map). */
  record Reply(int statusCode, String description, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, "OK", body);
    }

    static Reply status(int statusCode, String description) {
      return new Reply(statusCode, Objects.requireNonNull(description, "description"), null);
    }
  }

  private final String node;
  private final Responder responder;
  private final List<ProtonReceiver> requestLinks = new ArrayList<>();
  private final Map<String, ProtonSender> replyLinks = new HashMap<>();

  RequestLinks(String node, Responder responder) {
    this.node = node;
    this.responder = responder;
  }

  /** Accepts a client's link that sends requests to the node. */
  void attachRequests(ProtonReceiver receiver) {
    receiver.setTarget(receiver.getRemoteTarget());
    receiver.setSource(receiver.getRemoteSource());
    receiver.setPrefetch(0);
    receiver.setAutoAccept(true);
    receiver.setMaxMessageSize(UnsignedLong.valueOf(MAX_REQUEST_BYTES));
    receiver.handler((delivery, request) -> answer(receiver, request));
    receiver.closeHandler(closed -> {
      requestLinks.remove(receiver);
      receiver.close();
    });
    receiver.detachHandler(detached -> {
      requestLinks.remove(receiver);
      receiver.detach();
    });
    requestLinks.add(receiver);
    receiver.open();
    receiver.flow(MAX_PENDING);
  }

  /** Accepts a client's link on which it receives the node's replies. */
  void attachReplies(ProtonSender sender) {
    sender.setSource(sender.getRemoteSource());
    sender.setTarget(sender.getRemoteTarget());
    String replyTo = sender.getRemoteTarget() == null ? null : sender.getRemoteTarget().getAddress();
    String key = replyTo == null ? "" : replyTo;
    replyLinks.put(key, sender);
    Runnable forget = () -> replyLinks.remove(key, sender);
    sender.closeHandler(closed -> {
      forget.run();
      sender.close();
    });
    sender.detachHandler(detached -> {
      forget.run();
      sender.detach();
    });
    sender.open();
  }

  /** Forgets the links of a session the client ended. */
  void sessionEnded(ProtonSession session) {
    requestLinks.removeIf(link -> link.getSession() == session);
    replyLinks.values().removeIf(link -> link.getSession() == session);
  }

  /** Forgets every link of the node; for the end of the connection. */
  void closeAll() {
    requestLinks.clear();
    replyLinks.clear();
  }

  private void answer(ProtonReceiver receiver, Message request) {
    Future<Reply> reply;
    try {
      reply = responder.respond(request);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onComplete(outcome -> {
      if (outcome.failed()) {
        log.warn("The {} node failed on a request", node, outcome.cause());
      }
      send(request, outcome.succeeded() ? outcome.result() : Reply.status(500, "The hub failed: " + outcome.cause()));
      if (receiver.isOpen()) {
        receiver.flow(1);
      }
    });
  }

  private void send(Message request, Reply reply) {
    ProtonSender link = replyLink(request.getReplyTo());
    if (link == null || !link.isOpen()) {
      log.debug("Dropped a {} reply: no reply link for '{}'", node, request.getReplyTo());
      return;
    }
    Message message = Proton.message();
    message.setCorrelationId(request.getMessageId());
    message.setAddress(request.getReplyTo());
    Map<String, Object> status = new HashMap<>();
    status.put("status-code", reply.statusCode());
    status.put("status-description", reply.description());
    message.setApplicationProperties(new ApplicationProperties(status));
    if (reply.body() != null) {
      message.setBody(new AmqpValue(reply.body()));
    }
    link.send(message);
  }

  /** The request's application property {@code name} as text, or null when absent or not text. */
  static String stringProperty(Message request, String name) {
    ApplicationProperties properties = request.getApplicationProperties();
    Object value = properties == null || properties.getValue() == null ? null : properties.getValue().get(name);
    return value instanceof String text ? text : null;
  }

  private ProtonSender replyLink(String replyTo) {
    ProtonSender exact = replyTo == null ? null : replyLinks.get(replyTo);
    if (exact != null) {
      return exact;
    }
    return replyLinks.values().stream().findFirst().orElse(null);
  }
}
