package io.fleethub.server.cli;

import io.fleethub.core.auth.SasToken;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import javax.security.sasl.AuthenticationException;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A back end's AMQP connection to the hub, opened as the Azure service SDKs open it: TLS to the hub's AMQP listener
 * (trusting the target's CA, checking the host name), SASL PLAIN as {@code {policy}@sas.root.{hubName}} with a SAS
 * token of the target's policy as the password, renewed on {@code $cbs} before it expires.
 *
 * <p>The command thread calls the blocking methods; they fail with a {@link CliException} saying what went wrong,
 * and give up after {@link #OPERATION_TIMEOUT}. Every proton object lives on the connection's own Vert.x context:
 * link callbacks run there and must not block. Not shared between command threads.
 */
final class ServiceAmqpConnection implements AutoCloseable {
  /** How long connecting, attaching a link, or waiting for the hub's answer to a request may take. */
  static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAmqpConnection.class);
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(45);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final String CBS_NODE = "$cbs";
  private static final String SAS_TOKEN_TYPE = "servicebus.windows.net:sastoken";

  private final Vertx vertx;
  private final Context context;
  private final HubTarget target;
  private final Clock clock;
  private final URI address;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  /** Confined to the context. */
  private final Map<String, RequestChannel> channels = new HashMap<>();
  /** Set on the context once the hub opened the connection. */
  private ProtonConnection connection;
  private boolean closing;

  private ServiceAmqpConnection(Vertx vertx, HubTarget target, Clock clock, URI address) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.target = target;
    this.clock = clock;
    this.address = address;
  }

  /** Connects and logs in; {@link CliException} saying why when the hub cannot be reached or refuses. */
  static ServiceAmqpConnection open(HubTarget target, Clock clock) {
    URI address = target.requireAmqpUri();
    ServiceAmqpConnection amqp = new ServiceAmqpConnection(Vertx.vertx(), target, clock, address);
    try {
      amqp.connect();
      return amqp;
    } catch (RuntimeException e) {
      amqp.close();
      throw e;
    }
  }

  HubTarget target() {
    return target;
  }

  /** Where the connection goes, e.g. {@code amqps://localhost:5671}. */
  URI address() {
    return address;
  }

  /**
   * Attaches the link {@code create} makes (on the context, unopened) and waits until the hub attached it. The
   * hub refuses a link by attaching it without a terminus and detaching it with an error: that is a
   * {@link CliException} with the hub's condition. Once attached, {@code ended} hears on the context why the hub
   * ended the link or the connection, if it does.
   */
  <L extends ProtonLink<L>> L attach(String description, Function<ProtonConnection, L> create,
      Consumer<String> ended) {
    CompletableFuture<L> attached = new CompletableFuture<>();
    context.runOnContext(start -> {
      L link = create.apply(connection);
      link.openHandler(opened -> {
        if (hasRemoteTerminus(link)) {
          attached.complete(link);
        }
      });
      Consumer<String> onEnd = reason -> {
        if (!attached.completeExceptionally(new CliException("the hub refused " + description + reason))) {
          ended.accept("the hub ended " + description + reason);
        }
        link.close();
      };
      link.closeHandler(remote -> onEnd.accept(conditionSuffix(link.getRemoteCondition())));
      link.detachHandler(remote -> onEnd.accept(conditionSuffix(link.getRemoteCondition())));
      closed.whenComplete((nothing, failure) -> {
        if (!closing) {
          onEnd.accept(": the connection ended" + Optional.ofNullable(failure).map(f -> " (" + f.getMessage() + ")")
              .orElse(""));
        }
      });
      link.open();
    });
    return await(attached, "attaching " + description);
  }

  /**
   * Sends a request to a request/response node such as {@code $management} or {@code $cbs}, and waits for the
   * reply that carries its message-id as correlation-id.
   */
  Message request(String node, Map<String, Object> applicationProperties, Object body) {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    context.runOnContext(send -> channel(node).send(applicationProperties, body, reply));
    return await(reply, "waiting for the answer of the hub's " + node + " node");
  }

  /** Runs {@code action} on the connection's context. */
  void onContext(Runnable action) {
    context.runOnContext(run -> action.run());
  }

  /**
   * Waits for {@code future}, for up to {@link #OPERATION_TIMEOUT}; a failure or the timeout becomes a
   * {@link CliException} naming {@code what} the CLI was doing.
   */
  <T> T await(CompletableFuture<T> future, String what) {
    return await(future, Optional.of(OPERATION_TIMEOUT), what);
  }

  /** As {@link #await(CompletableFuture, String)}, waiting without limit when {@code timeout} is empty. */
  <T> T await(CompletableFuture<T> future, Optional<Duration> timeout, String what) {
    try {
      return timeout.isPresent() ? future.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS) : future.get();
    } catch (TimeoutException e) {
      throw new CliException("the hub at " + address + " did not answer within " + timeout.get().toSeconds()
          + " s while " + what);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CliException cli) {
        throw cli;
      }
      throw new CliException(what + " failed: " + describe(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while " + what);
    }
  }

  /** Closes the connection, waiting briefly for the hub's answer, and stops the connection's threads. */
  @Override
  public void close() {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    context.runOnContext(stop -> {
      closing = true;
      if (connection != null && !connection.isDisconnected()) {
        connection.close();
      } else {
        closed.complete(null);
      }
      sent.complete(null);
    });
    try {
      sent.thenCompose(nothing -> closed).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("The hub did not answer the AMQP close", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Vert.x did not stop in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code ": amqp:not-found: description"}, or {@code ""} without a condition. */
  static String conditionSuffix(ErrorCondition condition) {
    if (condition == null || condition.getCondition() == null) {
      return "";
    }
    String description = condition.getDescription();
    return ": " + condition.getCondition() + (description == null || description.isBlank() ? "" : ": " + description);
  }

  private void connect() {
    String user = target.policyName() + "@sas.root." + target.hubName();
    CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
    context.runOnContext(start -> ProtonClient.create(vertx).connect(options(), address.getHost(), address.getPort(),
        user, token(), connected -> {
          if (connected.failed()) {
            opened.completeExceptionally(connected.cause());
            return;
          }
          ProtonConnection protonConnection = connected.result();
          protonConnection.openHandler(open -> {
            if (open.succeeded()) {
              connection = protonConnection;
              opened.complete(protonConnection);
              scheduleTokenRenewal();
            } else {
              opened.completeExceptionally(open.cause());
            }
          });
          protonConnection.closeHandler(remote -> {
            String reason = "the hub closed the connection" + conditionSuffix(protonConnection.getRemoteCondition());
            opened.completeExceptionally(new CliException(reason));
            closed.completeExceptionally(new CliException(reason));
            protonConnection.close();
            protonConnection.disconnect();
          });
          protonConnection.disconnectHandler(gone -> {
            opened.completeExceptionally(new CliException("the hub dropped the connection"));
            if (closing) {
              closed.complete(null);
            } else {
              closed.completeExceptionally(new CliException("the network connection to the hub closed"));
            }
          });
          protonConnection.setHostname(target.hostName())
              .setContainer("fleethub-cli-" + UUID.randomUUID())
              .open();
        }));
    try {
      opened.get(OPERATION_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw connectFailure(user, e.getCause());
    } catch (TimeoutException e) {
      throw new CliException("the hub's AMQP listener at " + address + " did not answer within "
          + OPERATION_TIMEOUT.toSeconds() * 2 + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while connecting to " + address);
    }
  }

  private ProtonClientOptions options() {
    ProtonClientOptions options = new ProtonClientOptions()
        .setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS")
        .setConnectTimeout((int) OPERATION_TIMEOUT.toMillis())
        .addEnabledSaslMechanism("PLAIN");
    target.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    return options;
  }

  private String token() {
    return SasToken.sign(target.hostName(), target.policyKey(), clock.instant().plus(TOKEN_LIFETIME),
        Optional.of(target.policyName())).toString();
  }

  /** Puts a fresh token for the whole hub on {@code $cbs} before the login's token runs out; on the context. */
  private void scheduleTokenRenewal() {
    long timer = vertx.setPeriodic(TOKEN_RENEWAL.toMillis(), id -> {
      Map<String, Object> properties = new HashMap<>();
      properties.put("operation", "put-token");
      properties.put("type", SAS_TOKEN_TYPE);
      properties.put("name", target.hostName());
      CompletableFuture<Message> reply = new CompletableFuture<>();
      channel(CBS_NODE).send(properties, token(), reply);
      reply.whenComplete((answer, failure) -> {
        Object status = answer == null || answer.getApplicationProperties() == null ? null
            : answer.getApplicationProperties().getValue().get("status-code");
        if (failure != null || !Integer.valueOf(200).equals(status)) {
          LOG.warn("The hub did not renew the CLI's token ({}); it ends the links when the old one expires",
              failure != null ? failure.getMessage() : "status " + status);
        }
      });
    });
    closed.whenComplete((nothing, failure) -> vertx.cancelTimer(timer));
  }

  /** The request channel to {@code node}, attached on first use; on the context. */
  private RequestChannel channel(String node) {
    return channels.computeIfAbsent(node, RequestChannel::new);
  }

  private CliException connectFailure(String user, Throwable cause) {
    if (cause instanceof CliException cli) {
      return cli;
    }
    if (cause instanceof AuthenticationException) {
      return new CliException("the hub at " + address + " refused the AMQP login as '" + user + "': the policy's"
          + " key must be current and the policy must grant ServiceConnect", cause);
    }
    if (cause instanceof ConnectException) {
      return new CliException("cannot reach the hub's AMQP listener at " + address + " (" + describe(cause)
          + ") — is 'fleethub serve' running? Pass --data-dir, --amqp-url or --connection-string to point at"
          + " another hub", cause);
    }
    if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
      return new CliException("TLS with " + address + " failed (" + describe(cause) + ") — trust the hub's ca.pem"
          + " (--ca-file) and use a host name that is in its certificate", cause);
    }
    return new CliException("connecting to the hub at " + address + " failed: " + describe(cause), cause);
  }

  private static boolean hasRemoteTerminus(ProtonLink<?> link) {
    return link instanceof ProtonSender ? link.getRemoteTarget() != null : link.getRemoteSource() != null;
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /**
   * A sender to a request/response node and a receiver of its replies (whose target is the reply-to address
   * requests carry). Confined to the context.
   */
  private final class RequestChannel {
    private final String node;
    private final String replyTo;
    private final Map<Object, CompletableFuture<Message>> pending = new HashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ProtonSender requests;
    private final ProtonReceiver replies;

    RequestChannel(String node) {
      this.node = node;
      this.replyTo = "fleethub-cli-" + node.replace("$", "") + "-" + UUID.randomUUID();
      replies = connection.createReceiver(node);
      Target target = new Target();
      target.setAddress(replyTo);
      replies.setTarget(target);
      replies.handler((delivery, reply) -> {
        CompletableFuture<Message> waiting = pending.remove(reply.getCorrelationId());
        if (waiting != null) {
          waiting.complete(reply);
        }
      });
      requests = connection.createSender(node);
      replies.openHandler(opened -> {
        if (replies.getRemoteSource() != null) {
          requests.open();
        }
      });
      requests.openHandler(opened -> {
        if (requests.getRemoteTarget() != null) {
          ready.complete(null);
        }
      });
      replies.closeHandler(remote -> failAll(replies.getRemoteCondition()));
      replies.detachHandler(remote -> failAll(replies.getRemoteCondition()));
      requests.closeHandler(remote -> failAll(requests.getRemoteCondition()));
      requests.detachHandler(remote -> failAll(requests.getRemoteCondition()));
      closed.whenComplete((nothing, failure) -> failAll(null));
      replies.open();
    }

    void send(Map<String, Object> applicationProperties, Object body, CompletableFuture<Message> reply) {
      ready.whenComplete((attached, failure) -> {
        if (failure != null) {
          reply.completeExceptionally(failure);
          return;
        }
        String messageId = UUID.randomUUID().toString();
        pending.put(messageId, reply);
        Message request = Proton.message();
        request.setMessageId(messageId);
        request.setReplyTo(replyTo);
        request.setApplicationProperties(new ApplicationProperties(applicationProperties));
        if (body != null) {
          request.setBody(new AmqpValue(body));
        }
        requests.send(request);
      });
    }

    private void failAll(ErrorCondition condition) {
      channels.remove(node, this);
      CliException failure = new CliException("the hub ended the link to its " + node + " node"
          + conditionSuffix(condition));
      ready.completeExceptionally(failure);
      pending.values().forEach(waiting -> waiting.completeExceptionally(failure));
      pending.clear();
      requests.close();
      replies.close();
    }
  }
}
