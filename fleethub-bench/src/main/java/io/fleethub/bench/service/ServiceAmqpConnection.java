package io.fleethub.bench.service;

import io.fleethub.bench.target.TargetException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.proton.ProtonClient;
import io.vertx.proton.ProtonClientOptions;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * A back end's AMQP 1.0 connection to the hub, opened as the Azure service SDKs open it with a SAS token of a
 * shared access policy: TLS to the hub's AMQP listener (trusting the given CA, checking the host name), then one of
 * the two logins of {@link Login}. Either way a token for the whole hub ({@code servicebus.windows.net:sastoken},
 * audience the hub's host name) is put again on the {@code $cbs} node every quarter of the token's lifetime, so a
 * fresh token is in place well before the last expires.
 *
 * <p>The blocking methods ({@link #open}, {@link #attach}, {@link #request}, {@link #await}, {@link #close}) are
 * called from the caller's thread; each step takes at most {@link #OPERATION_TIMEOUT} and fails with a
 * {@link TargetException} saying why. Every proton object lives on the connection's one Vert.x event loop
 * ({@link #context}): link callbacks run there and must not block. Not shared between threads that block on it.
 */
public final class ServiceAmqpConnection implements AutoCloseable {
  /** How long connecting, a put-token, attaching a link, or waiting for the hub's answer to a request may take. */
  public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAmqpConnection.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  private static final String CBS_NODE = "$cbs";
  private static final String SAS_TOKEN_TYPE = "servicebus.windows.net:sastoken";

  /** How the connection logs in to the hub. */
  public sealed interface Login {
    /** SASL ANONYMOUS, then a put-token on {@code $cbs} that the hub must accept before {@link #open} returns. */
    record Cbs() implements Login {}

    /**
     * SASL PLAIN as {@code {policy}@sas.root.{hubName}} with a token as the password, as the IoT Hub service SDK
     * logs in.
     */
    record SaslPlain(String hubName) implements Login {
      public SaslPlain {
        Objects.requireNonNull(hubName, "hubName");
      }
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final URI address;
  private final ServiceToken token;
  private final String client;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  /** The rest is confined to the context. */
  private final Map<String, RequestChannel> channels = new HashMap<>();
  /** Set once the hub opened the connection. */
  private ProtonConnection connection;
  private boolean closing;

  private ServiceAmqpConnection(URI address, ServiceToken token, String client) {
    this.address = address;
    this.token = token;
    this.client = client;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    this.context = vertx.getOrCreateContext();
  }

  /**
   * Connects, logs in, and keeps the token fresh until closed.
   *
   * @param address the hub's AMQP listener, e.g. {@code amqps://localhost:5671}
   * @param caFile the CA certificate (PEM) to trust; empty for the JVM's trusted CAs
   * @param token the tokens to present; their audience is the host name the connection names and TLS checks
   * @param client what the hub sees in the container id, e.g. {@code fleethub-cli}
   * @throws TargetException when the hub cannot be reached or refuses the login
   */
  public static ServiceAmqpConnection open(URI address, Optional<Path> caFile, ServiceToken token, Login login,
      String client) {
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(login, "login");
    ServiceAmqpConnection amqp = new ServiceAmqpConnection(Objects.requireNonNull(address, "address"),
        Objects.requireNonNull(token, "token"), Objects.requireNonNull(client, "client"));
    try {
      amqp.connect(caFile, login);
      if (login instanceof Login.Cbs) {
        amqp.await(amqp.putToken(), "putting the service token on " + CBS_NODE);
      }
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

  /** Runs {@code action} on the connection's context. */
  public void onContext(Runnable action) {
    context.runOnContext(run -> action.run());
  }

  /**
   * Attaches a sender link to {@code target}; see {@link #attach}.
   *
   * @param ended hears on the context why the hub ended the link or the connection, if it does
   */
  public ProtonSender attachSender(String target, Consumer<String> ended) {
    return attach("the sender link to " + target, connection -> connection.createSender(target), ended);
  }

  /**
   * Attaches the link {@code create} makes (on the context, unopened) and waits until the hub attached it too. The
   * hub refuses a link by attaching it without a terminus and detaching it with an error: that is a
   * {@link TargetException} with the hub's condition. Once attached, {@code ended} hears, once and on the context,
   * why the hub ended the link or the connection, if it does before {@link #close}.
   */
  public <L extends ProtonLink<L>> L attach(String description, Function<ProtonConnection, L> create,
      Consumer<String> ended) {
    CompletableFuture<L> attached = new CompletableFuture<>();
    context.runOnContext(start -> {
      L link = create.apply(connection);
      AtomicBoolean endReported = new AtomicBoolean();
      link.openHandler(opened -> {
        if (hasRemoteTerminus(link)) {
          attached.complete(link);
        }
      });
      Consumer<String> onEnd = reason -> {
        if (!attached.completeExceptionally(new TargetException("the hub refused " + description + reason))
            && !closing && endReported.compareAndSet(false, true)) {
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
  public Message request(String node, Map<String, Object> applicationProperties, Object body) {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    context.runOnContext(send -> channel(node).send(applicationProperties, body, reply));
    return await(reply, "waiting for the answer of the hub's " + node + " node");
  }

  /**
   * Waits for {@code future} up to {@link #OPERATION_TIMEOUT}; a failure or the timeout becomes a
   * {@link TargetException} naming {@code what} the caller was doing.
   */
  public <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TargetException("the hub at " + address + " did not answer within " + OPERATION_TIMEOUT.toSeconds()
          + " s while " + what);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TargetException known) {
        throw known;
      }
      throw new TargetException(what + " failed: " + describe(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("interrupted while " + what);
    }
  }

  /** Closes the connection, waiting briefly for the hub's answer, and stops the connection's thread. */
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
  public static String conditionSuffix(ErrorCondition condition) {
    if (condition == null || condition.getCondition() == null) {
      return "";
    }
    String description = condition.getDescription();
    return ": " + condition.getCondition() + (description == null || description.isBlank() ? "" : ": " + description);
  }

  /** The message of the innermost cause, or its class name when it has none. */
  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private void connect(Optional<Path> caFile, Login login) {
    ProtonClientOptions options = new ProtonClientOptions()
        .setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS")
        .setConnectTimeout((int) OPERATION_TIMEOUT.toMillis());
    caFile.ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    Optional<String> user = login instanceof Login.SaslPlain plain
        ? Optional.of(token.policyName() + "@sas.root." + plain.hubName()) : Optional.empty();
    options.addEnabledSaslMechanism(user.isPresent() ? "PLAIN" : "ANONYMOUS");
    CompletableFuture<ProtonConnection> opened = new CompletableFuture<>();
    context.runOnContext(start -> ProtonClient.create(vertx).connect(options, address.getHost(), address.getPort(),
        user.orElse(null), user.map(name -> token.current()).orElse(null), connected -> {
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
            String reason = "the hub closed the AMQP connection" + conditionSuffix(protonConnection.getRemoteCondition());
            opened.completeExceptionally(new TargetException(reason));
            closed.completeExceptionally(new TargetException(reason));
            protonConnection.close();
            protonConnection.disconnect();
          });
          protonConnection.disconnectHandler(gone -> {
            opened.completeExceptionally(new TargetException("the hub dropped the AMQP connection"));
            if (closing) {
              closed.complete(null);
            } else {
              closed.completeExceptionally(new TargetException("the network connection to the hub closed"));
            }
          });
          protonConnection.setHostname(token.audience()).setContainer(client + "-" + UUID.randomUUID()).open();
        }));
    // Connecting may take its own OPERATION_TIMEOUT before the login and the open begin.
    try {
      opened.get(OPERATION_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw connectFailure(user, e.getCause());
    } catch (TimeoutException e) {
      throw new TargetException("the hub's AMQP listener at " + address + " did not answer within "
          + OPERATION_TIMEOUT.toSeconds() * 2 + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException("interrupted while connecting to " + address);
    }
  }

  private TargetException connectFailure(Optional<String> user, Throwable cause) {
    if (cause instanceof TargetException known) {
      return known;
    }
    if (cause instanceof AuthenticationException && user.isPresent()) {
      return new TargetException("the hub at " + address + " refused the AMQP login as '" + user.get() + "': the"
          + " policy's key must be current and the policy must grant ServiceConnect", cause);
    }
    if (cause instanceof ConnectException) {
      return new TargetException("cannot reach the hub's AMQP listener at " + address + " (" + describe(cause)
          + ") — is 'fleethub serve' running? Pass --data-dir, --amqp-url or --connection-string to point at"
          + " another hub", cause);
    }
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new TargetException("TLS with " + address + " failed (" + describe(cause) + ") — trust the hub's"
            + " ca.pem (--ca-file) and use a host name that is in its certificate", cause);
      }
    }
    return new TargetException("connecting to the hub at " + address + " failed: " + describe(cause), cause);
  }

  /** Sends a put-token on {@code $cbs}; the future completes when the hub answered 200. On any thread. */
  private CompletableFuture<Void> putToken() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("operation", "put-token");
    properties.put("type", SAS_TOKEN_TYPE);
    properties.put("name", token.audience());
    CompletableFuture<Message> reply = new CompletableFuture<>();
    context.runOnContext(send -> channel(CBS_NODE).send(properties, token.current(), reply));
    return reply.thenAccept(answer -> {
      Map<String, Object> answered = answer.getApplicationProperties() == null ? Map.of()
          : answer.getApplicationProperties().getValue();
      Object status = answered.get("status-code");
      if (!(status instanceof Number number) || number.intValue() != 200) {
        Object description = answered.get("status-description");
        throw new TargetException("the hub refused the service token on " + CBS_NODE + " (status " + status + "): "
            + (description == null || description.toString().isBlank()
                ? "the policy must be valid and grant ServiceConnect" : description));
      }
    });
  }

  private void renewToken() {
    putToken().whenComplete((nothing, failure) -> {
      if (failure != null) {
        LOG.warn("The hub did not take the renewed service token; it ends the links when the old one expires: {}",
            describe(failure));
      }
    });
  }

  /** The request channel to {@code node}, attached on first use; on the context. */
  private RequestChannel channel(String node) {
    return channels.computeIfAbsent(node, RequestChannel::new);
  }

  private static boolean hasRemoteTerminus(ProtonLink<?> link) {
    return link instanceof ProtonSender ? link.getRemoteTarget() != null : link.getRemoteSource() != null;
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
      this.replyTo = client + "-" + node.replace("$", "") + "-" + UUID.randomUUID();
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
        request.setAddress(node);
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
      TargetException failure = new TargetException("the hub ended the link to its " + node + " node"
          + conditionSuffix(condition));
      ready.completeExceptionally(failure);
      pending.values().forEach(waiting -> waiting.completeExceptionally(failure));
      pending.clear();
      requests.close();
      replies.close();
    }
  }
}
