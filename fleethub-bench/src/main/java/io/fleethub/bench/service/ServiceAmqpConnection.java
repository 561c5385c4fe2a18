package io.fleethub.bench.service;

import io.fleethub.bench.target.HubAddress;
import io.fleethub.bench.target.TargetException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A back end's AMQP 1.0 connection to the hub, opened as the Azure service SDKs open it with a SAS token: TLS to
 * the hub's AMQP listener (trusting the hub's CA, checking the host name), SASL ANONYMOUS, then a put-token on the
 * {@code $cbs} node for the whole hub ({@code servicebus.windows.net:sastoken}, audience the hub's host name),
 * put again every quarter of the token's lifetime, so a fresh token is in place well before the last expires.
 *
 * <p>{@link #open}, {@link #attachSender} and {@link #close} block the calling thread, each step for at most
 * {@link #OPERATION_TIMEOUT}, and fail with {@link TargetException} saying why. Every proton object lives on the
 * connection's one Vert.x event loop ({@link #context}); link callbacks run there and must not block.
 */
public final class ServiceAmqpConnection implements AutoCloseable {
  /** How long connecting, a put-token, or attaching a link may take. */
  static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAmqpConnection.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final String CBS = "$cbs";
  private static final String SAS_TOKEN_TYPE = "servicebus.windows.net:sastoken";

  private final Vertx vertx;
  private final Context context;
  private final URI address;
  private final String hostName;
  private final ServiceToken token;
  private final Consumer<String> ended;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  /** The rest is confined to the context. */
  private final Map<Object, CompletableFuture<Message>> cbsReplies = new HashMap<>();
  private ProtonConnection connection;
  private ProtonSender cbsRequests;
  private boolean closing;
  private boolean endReported;

  private ServiceAmqpConnection(HubAddress hub, ServiceToken token, Consumer<String> ended) {
    this.address = hub.requireAmqp();
    this.hostName = hub.hostName();
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    this.context = vertx.getOrCreateContext();
    this.token = token;
    this.ended = ended;
  }

  /**
   * Connects, logs in and puts a token for the whole hub.
   *
   * @param ended hears, once and on the context, why the hub ended the connection after it was open
   * @throws IllegalArgumentException when the hub has no AMQP listener
   * @throws TargetException when the hub cannot be reached or refuses the token
   */
  public static ServiceAmqpConnection open(HubAddress hub, ServiceToken token, Consumer<String> ended) {
    ServiceAmqpConnection amqp = new ServiceAmqpConnection(Objects.requireNonNull(hub, "hub"),
        Objects.requireNonNull(token, "token"), Objects.requireNonNull(ended, "ended"));
    try {
      amqp.connect(hub);
      amqp.await(amqp.putToken(), "putting the service token on " + CBS);
      long renewal = amqp.vertx.setPeriodic(token.lifetime().dividedBy(4).toMillis(), id -> amqp.renewToken());
      amqp.closed.whenComplete((nothing, failure) -> amqp.vertx.cancelTimer(renewal));
      return amqp;
    } catch (RuntimeException e) {
      amqp.close();
      throw e;
    }
  }

  /** Where the connection goes, e.g. {@code amqps://localhost:5671}. */
  public URI address() {
    return address;
  }

  /** The connection's Vert.x context, where every link callback runs. */
  public Context context() {
    return context;
  }

  /**
   * Attaches a sender link to {@code target} and waits until the hub attached it too. The hub refuses a link by
   * attaching it without a terminus and detaching it with an error: that is a {@link TargetException} with the
   * hub's condition. Once attached, {@code linkEnded} hears on the context why the hub ended it, if it does.
   */
  public ProtonSender attachSender(String target, Consumer<String> linkEnded) {
    CompletableFuture<ProtonSender> attached = new CompletableFuture<>();
    context.runOnContext(start -> {
      ProtonSender sender = connection.createSender(target);
      sender.openHandler(opened -> {
        if (sender.getRemoteTarget() != null) {
          attached.complete(sender);
        }
      });
      Runnable onEnd = () -> {
        String reason = "the sender link to " + target + condition(sender.getRemoteCondition());
        if (!attached.completeExceptionally(new TargetException("the hub refused " + reason)) && !closing) {
          linkEnded.accept("the hub ended " + reason);
        }
        sender.close();
      };
      sender.closeHandler(remote -> onEnd.run());
      sender.detachHandler(remote -> onEnd.run());
      sender.open();
    });
    return await(attached, "attaching the sender link to " + target);
  }

  /** Closes the connection, waiting briefly for the hub's answer, and stops the connection's thread. */
  @Override
  public void close() {
    context.runOnContext(stop -> {
      closing = true;
      if (connection != null && !connection.isDisconnected()) {
        connection.close();
      } else {
        closed.complete(null);
      }
    });
    try {
      closed.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("The AMQP connection or Vert.x did not close in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code ": amqp:not-found: description"}, or {@code ""} without a condition. */
  static String condition(ErrorCondition condition) {
    if (condition == null || condition.getCondition() == null) {
      return "";
    }
    String description = condition.getDescription();
    return ": " + condition.getCondition() + (description == null || description.isBlank() ? "" : ": " + description);
  }

  private void connect(HubAddress hub) {
    ProtonClientOptions options = new ProtonClientOptions()
        .setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS")
        .setConnectTimeout((int) OPERATION_TIMEOUT.toMillis())
        .addEnabledSaslMechanism("ANONYMOUS");
    hub.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
    context.runOnContext(start -> ProtonClient.create(vertx).connect(options, address.getHost(), address.getPort(),
        connected -> {
          if (connected.failed()) {
            opened.completeExceptionally(connected.cause());
            return;
          }
          ProtonConnection protonConnection = connected.result();
          protonConnection.openHandler(open -> {
            if (open.succeeded()) {
              connection = protonConnection;
              opened.complete(protonConnection);
            } else {
              opened.completeExceptionally(open.cause());
            }
          });
          protonConnection.closeHandler(remote -> {
            String reason = "the hub closed the AMQP connection" + condition(protonConnection.getRemoteCondition());
            opened.completeExceptionally(new TargetException(reason));
            reportEnd(reason);
            protonConnection.close();
            protonConnection.disconnect();
          });
          protonConnection.disconnectHandler(gone -> {
            opened.completeExceptionally(new TargetException("the hub dropped the AMQP connection"));
            reportEnd("the network connection to the hub's AMQP listener closed");
            failCbsReplies("the AMQP connection ended");
            closed.complete(null);
          });
          protonConnection.setHostname(hostName).setContainer("fleethub-bench-" + UUID.randomUUID()).open();
        }));
    await(opened, "connecting to the hub's AMQP listener at " + address);
  }

  /** Sends a put-token on {@code $cbs}; the future completes when the hub answered 200. */
  private CompletableFuture<Void> putToken() {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    context.runOnContext(send -> {
      if (cbsRequests == null) {
        openCbsLinks();
      }
      String messageId = UUID.randomUUID().toString();
      cbsReplies.put(messageId, reply);
      Message request = Proton.message();
      request.setMessageId(messageId);
      request.setAddress(CBS);
      request.setReplyTo(cbsReplyTo());
      Map<String, Object> properties = new HashMap<>();
      properties.put("operation", "put-token");
      properties.put("type", SAS_TOKEN_TYPE);
      properties.put("name", token.audience());
      request.setApplicationProperties(new ApplicationProperties(properties));
      request.setBody(new AmqpValue(token.current()));
      cbsRequests.send(request);
    });
    return reply.thenAccept(answer -> {
      Map<String, Object> properties = answer.getApplicationProperties() == null ? Map.of()
          : answer.getApplicationProperties().getValue();
      Object status = properties.get("status-code");
      if (!(status instanceof Number number) || number.intValue() != 200) {
        Object description = properties.get("status-description");
        throw new TargetException("the hub refused the service token on " + CBS + " (status " + status + "): "
            + (description == null || description.toString().isBlank()
                ? "the policy must be valid and grant ServiceConnect" : description));
      }
    });
  }

  private void renewToken() {
    putToken().whenComplete((nothing, failure) -> {
      if (failure != null) {
        LOG.warn("The hub did not take the renewed service token; it ends the links when the old one expires: {}",
            failure.getMessage());
      }
    });
  }

  /** The sender of put-token requests and the receiver of their replies; on the context. */
  private void openCbsLinks() {
    ProtonReceiver replies = connection.createReceiver(CBS);
    Target target = new Target();
    target.setAddress(cbsReplyTo());
    replies.setTarget(target);
    replies.handler((delivery, reply) -> {
      CompletableFuture<Message> waiting = cbsReplies.remove(reply.getCorrelationId());
      if (waiting != null) {
        waiting.complete(reply);
      }
    });
    replies.closeHandler(remote -> failCbsReplies("the hub ended the " + CBS + " reply link"
        + condition(replies.getRemoteCondition())));
    replies.open();
    cbsRequests = connection.createSender(CBS);
    cbsRequests.closeHandler(remote -> failCbsReplies("the hub ended the " + CBS + " request link"
        + condition(cbsRequests.getRemoteCondition())));
    cbsRequests.open();
  }

  private String cbsReplyTo() {
    return "fleethub-bench-cbs-" + Integer.toHexString(System.identityHashCode(this));
  }

  private void failCbsReplies(String reason) {
    cbsReplies.values().forEach(waiting -> waiting.completeExceptionally(new TargetException(reason)));
    cbsReplies.clear();
  }

  private void reportEnd(String reason) {
    if (!closing && !endReported && connection != null) {
      endReported = true;
      ended.accept(reason);
    }
  }

  /** Waits for {@code future} up to {@link #OPERATION_TIMEOUT}; a failure becomes a {@link TargetException}. */
  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TargetException("the hub at " + address + " did not answer within " + OPERATION_TIMEOUT.toSeconds()
          + " s while " + what);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TargetException known) {
        throw known;
      }
      throw new TargetException(what + " failed: " + rootMessage(cause) + hint(cause), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("interrupted while " + what);
    }
  }

  private static String hint(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return " (trust the hub's ca.pem with --ca-file, and reach it by a name its certificate carries)";
      }
      if (t instanceof ConnectException) {
        return " (is the hub's AMQP listener there? With --connection-string, --amqp-url names it)";
      }
    }
    return "";
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
