package io.fleethub.amqp;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonDelivery;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;

/**
 * A plain vertx-proton client for tests, with blocking helpers: CBS put-token, {@code $management} requests,
 * receivers with manual credit (accepting what arrives, or leaving the outcome to the test), and senders that wait
 * for the hub's outcome. Every proton call runs on the client's own Vert.x context.
 */
final class RawAmqpClient implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final Context context;
  private final ProtonConnection connection;
  private final Map<String, RequestChannel> channels = new HashMap<>();
  private final AtomicLong requestIds = new AtomicLong();

  private RawAmqpClient(Vertx vertx, Context context, ProtonConnection connection) {
    this.vertx = vertx;
    this.context = context;
    this.connection = connection;
  }

  /** Connects over the plain listener with SASL ANONYMOUS. */
  static RawAmqpClient plain(AmqpTestHub hub) throws Exception {
    return connect(new ProtonClientOptions(), hub.plainPort(), null, null);
  }

  /** Connects over TLS with SASL ANONYMOUS. */
  static RawAmqpClient tls(AmqpTestHub hub) throws Exception {
    return connect(tlsOptions(), hub.tlsPort(), null, null);
  }

  static ProtonClientOptions tlsOptions() {
    return new ProtonClientOptions().setSsl(true).setHostnameVerificationAlgorithm("")
        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(AmqpTestHub.PKI.caPem())));
  }

  /** Connects with the given options; with a user name, SASL PLAIN. Fails when the connection is refused. */
  static RawAmqpClient connect(ProtonClientOptions options, int port, String user, String password)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    Context context = vertx.getOrCreateContext();
    CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
    context.runOnContext(start -> ProtonClient.create(vertx).connect(options, "127.0.0.1", port, user, password,
        connected -> {
          if (connected.failed()) {
            opened.completeExceptionally(connected.cause());
            return;
          }
          ProtonConnection connection = connected.result();
          connection.openHandler(open -> {
            if (open.succeeded()) {
              opened.complete(connection);
            } else {
              opened.completeExceptionally(open.cause());
            }
          });
          connection.disconnectHandler(gone -> opened.completeExceptionally(new IllegalStateException("disconnected")));
          connection.setHostname(AmqpTestHub.HOST_NAME).open();
        }));
    try {
      return new RawAmqpClient(vertx, context, opened.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** Puts a token of {@code hub}'s service policy on {@code $cbs}, as a back end does; fails unless it is taken. */
  void putServiceToken(AmqpTestHub hub) throws Exception {
    Message reply = putToken(AmqpTestHub.HOST_NAME, hub.token("service", AmqpTestHub.HOST_NAME));
    int status = CbsPutTokenTest.statusOf(reply);
    if (status != 200) {
      throw new AssertionError("put-token of the service policy was answered " + status);
    }
  }

  /** A receiver on {@code address}, attached after {@link #putServiceToken}; fails unless the hub opens it. */
  Receiver serviceReceiver(AmqpTestHub hub, String address) throws Exception {
    putServiceToken(hub);
    return requireOpen(receiver(address), address);
  }

  /** As {@link #serviceReceiver}, with the client settling each delivery itself. */
  Receiver serviceSettlingReceiver(AmqpTestHub hub, String address) throws Exception {
    putServiceToken(hub);
    return requireOpen(settlingReceiver(address), address);
  }

  private static Receiver requireOpen(Receiver receiver, String address) {
    if (!receiver.isOpen()) {
      throw new AssertionError("the hub did not open the receiver on " + address);
    }
    return receiver;
  }

  /** The container id of the hub's open frame. */
  String hubContainerId() throws Exception {
    return onContext(connection::getRemoteContainer);
  }

  /** The hostname field of the hub's open frame; null when the hub left it out. */
  String hubOpenHostname() throws Exception {
    return onContext(connection::getRemoteHostname);
  }

  /** Sends a CBS put-token and returns the reply. */
  Message putToken(String audience, String token) throws Exception {
    Map<String, Object> properties = new HashMap<>();
    properties.put("operation", "put-token");
    properties.put("type", "servicebus.windows.net:sastoken");
    properties.put("name", audience);
    return request(CbsNode.ADDRESS, properties, token);
  }

  /** Sends a request to a node ({@code $cbs}, {@code $management}) and returns the reply. */
  Message request(String node, Map<String, Object> properties, Object body) throws Exception {
    RequestChannel channel = onContext(() -> channels.computeIfAbsent(node, RequestChannel::new));
    channel.ready.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    String id = "request-" + requestIds.incrementAndGet();
    CompletableFuture<Message> reply = new CompletableFuture<>();
    channel.pending.put(id, reply);
    context.runOnContext(send -> {
      Message request = Proton.message();
      request.setMessageId(id);
      request.setReplyTo(channel.replyTo);
      request.setApplicationProperties(new ApplicationProperties(properties));
      if (body != null) {
        request.setBody(new AmqpValue(body));
      }
      channel.requests.send(request);
    });
    return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Attaches a receiver on {@code address}; waits until the hub answers the attach (open or refused). */
  Receiver receiver(String address, String filter, Map<Symbol, Object> properties) throws Exception {
    return receiver(address, filter, properties, null);
  }

  /** As {@link #receiver(String, String, Map)}, desiring the given link capabilities. */
  Receiver receiver(String address, String filter, Map<Symbol, Object> properties, Symbol[] desiredCapabilities)
      throws Exception {
    Receiver receiver = onContext(() -> new Receiver(address, filter, properties, desiredCapabilities, true));
    receiver.answered.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return receiver;
  }

  /** A receiver that leaves each message unsettled until the test decides ({@link Receiver#settle}). */
  Receiver settlingReceiver(String address) throws Exception {
    Receiver receiver = onContext(() -> new Receiver(address, null, null, null, false));
    receiver.answered.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return receiver;
  }

  /** Attaches a sender to {@code address}; waits until the hub answers the attach (open or refused). */
  Sender sender(String address) throws Exception {
    Sender sender = onContext(() -> new Sender(address));
    sender.answered.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return sender;
  }

  Receiver receiver(String address) throws Exception {
    return receiver(address, null, null);
  }

  /** Attaches a sender on {@code address}; returns the hub's refusal, or null when it opened the link. */
  ErrorCondition senderRefusal(String address) throws Exception {
    CompletableFuture<ErrorCondition> outcome = new CompletableFuture<>();
    context.runOnContext(attach -> {
      ProtonSender sender = connection.createSender(address);
      sender.openHandler(opened -> {
        if (sender.getRemoteTarget() != null) {
          outcome.complete(null);
        }
      });
      sender.closeHandler(closed -> outcome.complete(sender.getRemoteCondition()));
      sender.open();
    });
    return outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  boolean isDisconnected() throws Exception {
    return onContext(connection::isDisconnected);
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    context.runOnContext(closing -> connection.close());
    AmqpTestHub.await(vertx.close());
  }

  private <T> T onContext(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(run -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** A sender to a request/response node and a receiver of its replies. */
  private final class RequestChannel {
    final String replyTo;
    final ProtonSender requests;
    final Map<Object, CompletableFuture<Message>> pending = new ConcurrentHashMap<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();

    RequestChannel(String node) {
      replyTo = node.replace("$", "") + "-client-reply-to";
      ProtonReceiver replies = connection.createReceiver(node);
      Target target = new Target();
      target.setAddress(replyTo);
      replies.setTarget(target);
      replies.handler((delivery, reply) -> {
        CompletableFuture<Message> waiting = pending.remove(reply.getCorrelationId());
        if (waiting != null) {
          waiting.complete(reply);
        }
      });
      replies.openHandler(opened -> ready.complete(null));
      replies.open();
      requests = connection.createSender(node);
      requests.open();
    }
  }

  /** A sender whose every message waits for the hub's outcome. */
  final class Sender {
    final CompletableFuture<Void> answered = new CompletableFuture<>();
    final CompletableFuture<ErrorCondition> closed = new CompletableFuture<>();
    private final ProtonSender link;
    private volatile boolean open;

    private Sender(String address) {
      link = connection.createSender(address);
      link.openHandler(opened -> {
        if (link.getRemoteTarget() != null) {
          open = true;
          answered.complete(null);
        }
      });
      link.closeHandler(ended -> {
        answered.complete(null);
        closed.complete(link.getRemoteCondition());
      });
      link.detachHandler(ended -> {
        answered.complete(null);
        closed.complete(link.getRemoteCondition());
      });
      link.open();
    }

    /** True when the hub opened the link (as opposed to refusing it). */
    boolean isOpen() {
      return open;
    }

    /** The condition the hub detached the link with. */
    ErrorCondition awaitClosed() throws Exception {
      return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The credit the hub has granted and the sender not used yet. */
    int credit() throws Exception {
      return onContext(link::getCredit);
    }

    /** Sends {@code message}; the future completes with the hub's outcome once it settles the delivery. */
    CompletableFuture<DeliveryState> sendAsync(Message message) {
      CompletableFuture<DeliveryState> outcome = new CompletableFuture<>();
      context.runOnContext(send -> link.send(message, delivery -> {
        if (delivery.remotelySettled() || delivery.getRemoteState() != null) {
          outcome.complete(delivery.getRemoteState());
        }
      }));
      return outcome;
    }

    /** Sends {@code message} and waits for the hub's outcome. */
    DeliveryState send(Message message) throws Exception {
      return sendAsync(message).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** A receiver with manual credit: nothing arrives until the test grants credit with {@link #flow}. */
  final class Receiver {
    final CompletableFuture<Void> answered = new CompletableFuture<>();
    final CompletableFuture<ErrorCondition> closed = new CompletableFuture<>();
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Map<Message, ProtonDelivery> unsettled = new ConcurrentHashMap<>();
    private final ProtonReceiver link;
    private volatile boolean open;

    private Receiver(String address, String filter, Map<Symbol, Object> properties, Symbol[] desired,
        boolean autoAccept) {
      link = connection.createReceiver(address);
      link.setAutoAccept(autoAccept);
      if (desired != null) {
        link.setDesiredCapabilities(desired);
      }
      if (filter != null) {
        Source source = (Source) link.getSource();
        Map<Symbol, Object> filters = new HashMap<>();
        filters.put(StartPosition.SELECTOR_FILTER, new UnknownDescribedType(StartPosition.SELECTOR_FILTER, filter));
        source.setFilter(filters);
      }
      if (properties != null) {
        link.setProperties(properties);
      }
      link.setPrefetch(0);
      link.handler((delivery, message) -> {
        if (!autoAccept) {
          unsettled.put(message, delivery);
        }
        messages.add(message);
      });
      link.openHandler(opened -> {
        if (link.getRemoteSource() != null) {
          open = true;
          answered.complete(null);
        }
      });
      link.closeHandler(ended -> {
        answered.complete(null);
        closed.complete(link.getRemoteCondition());
      });
      link.detachHandler(ended -> {
        answered.complete(null);
        closed.complete(link.getRemoteCondition());
      });
      link.open();
    }

    /** The capabilities the hub offered when it opened the link. */
    Symbol[] offeredCapabilities() {
      return link.getRemoteOfferedCapabilities();
    }

    /** True when the hub opened the link (as opposed to refusing it). */
    boolean isOpen() {
      return open;
    }

    /** The condition the hub detached the link with (its refusal, or why it ended it). */
    ErrorCondition awaitClosed() throws Exception {
      return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void flow(int credit) {
      context.runOnContext(grant -> link.flow(credit));
    }

    /** The next message, waiting up to the timeout; null when none came. */
    Message next() throws InterruptedException {
      return messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Credit {@code count} messages and wait for them. */
    List<Message> take(int count) throws InterruptedException {
      flow(count);
      List<Message> taken = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Message message = next();
        if (message == null) {
          break;
        }
        taken.add(message);
      }
      return taken;
    }

    /** Settles a message this (settling) receiver got with the given outcome, e.g. Accepted or Released. */
    void settle(Message message, DeliveryState outcome) {
      ProtonDelivery delivery = unsettled.remove(message);
      if (delivery == null) {
        throw new IllegalArgumentException("no unsettled delivery of this message");
      }
      context.runOnContext(settling -> delivery.disposition(outcome, true));
    }

    /** The delivery tag the hub gave a message this (settling) receiver has not settled yet. */
    byte[] deliveryTag(Message message) {
      return unsettled.get(message).getTag();
    }

    void detach() {
      context.runOnContext(detaching -> link.close());
    }
  }
}
