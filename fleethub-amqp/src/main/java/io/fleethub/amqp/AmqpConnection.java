package io.fleethub.amqp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.NetSocket;
import io.vertx.proton.ProtonConnection;
import io.vertx.proton.ProtonReceiver;
import io.vertx.proton.ProtonSender;
import io.vertx.proton.ProtonSession;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's AMQP connection, from TCP accept to its end: it must complete SASL and send its open within the
 * open timeout, then each link it attaches goes to the handler for its kind: {@code $cbs} ({@link CbsNode}),
 * {@code $management} ({@link ManagementNode}), partitions of the built-in endpoint ({@link PartitionLinks}), and
 * the service-facing {@code /messages/devicebound} and {@code /messages/servicebound/feedback}
 * ({@link ServiceLinks}), and the device links under {@code /devices/{id}} ({@link DeviceLinks}). Anything else is refused with {@code amqp:not-found}; links that would send to the hub's
 * event hub are refused with {@code amqp:not-allowed}, as the built-in endpoint is read-only.
 *
 * <p>What the connection may do rests on its {@link CbsGrants}: the claims its tokens, its SASL login and its TLS
 * client certificate brought. Confined to the connection's context (an event loop); only
 * {@link #close} may be called from another thread.
 */
final class AmqpConnection {
  private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);
  private static final long CLOSE_GRACE_MILLIS = 1_000;
  private static final String ATTACHMENT = AmqpConnection.class.getName();

  private final AmqpRuntime runtime;
  private final ProtonConnection connection;
  private final NetSocket socket;
  private final Context context;
  private final Supplier<List<X509Certificate>> clientCertificates;
  private final CbsGrants grants;
  private final WriteGate gate;
  private final RequestLinks cbs;
  private final RequestLinks management;
  private final PartitionLinks partitions = new PartitionLinks(this);
  private final ServiceLinks serviceLinks = new ServiceLinks(this);
  private final DeviceLinks deviceLinks = new DeviceLinks(this);
  private final Promise<Void> ended = Promise.promise();
  private final long openTimer;
  private SaslLogin login;
  private boolean closed;

  AmqpConnection(AmqpRuntime runtime, ProtonConnection connection, NetSocket socket,
      Supplier<List<X509Certificate>> clientCertificates) {
    this.runtime = runtime;
    this.connection = connection;
    this.socket = socket;
    this.context = Vertx.currentContext();
    this.clientCertificates = clientCertificates;
    this.grants = new CbsGrants(runtime.vertx(), runtime.services().clock(),
        runtime.settings().credentialCheckInterval(), this::grantExpired);
    this.gate = new WriteGate(socket);
    this.cbs = new RequestLinks(CbsNode.ADDRESS, new CbsNode(runtime.services(), runtime.worker(), grants));
    this.management = new RequestLinks(ManagementNode.ADDRESS,
        new ManagementNode(runtime.services(), runtime.worker(), grants));
    this.openTimer = runtime.vertx().setTimer(runtime.settings().openTimeout().toMillis(),
        id -> abandon("no AMQP open within " + runtime.settings().openTimeout().toMillis() + " ms"));
    runtime.connections().add(this);
    connection.attachments().set(ATTACHMENT, AmqpConnection.class, this);
    socket.closeHandler(nothing -> end("the network connection closed"));
  }

  /** The connection created for a vertx-proton connection when its socket was accepted. */
  static AmqpConnection of(ProtonConnection connection) {
    return connection.attachments().get(ATTACHMENT, AmqpConnection.class);
  }

  /** The SASL layer accepted the client. */
  void loggedIn(SaslLogin login) {
    this.login = login;
    if (login instanceof SaslLogin.SharedAccessPolicy policy) {
      grants.put(new CbsGrants.Grant("", new Claim.Service(policy.principal()), policy.validUntil()));
    } else if (login instanceof SaslLogin.Device device) {
      grants.put(new CbsGrants.Grant(DeviceAddress.scopeOf(device.principal().identity()),
          new Claim.Device(device.principal()), device.validUntil()));
    }
  }

  /** The SASL layer refused the client; vertx-proton closes the socket. */
  void loginRefused() {
    runtime.vertx().cancelTimer(openTimer);
  }

  /** Takes over once SASL succeeded: from here on, the client's frames reach the handlers. */
  void start() {
    connection.openHandler(opened -> onOpen());
    connection.closeHandler(closedByClient -> {
      end("the client closed the connection");
      closeAndHangUp();
    });
    connection.disconnectHandler(disconnected -> end("the network connection closed"));
    connection.sessionOpenHandler(this::onSessionOpen);
    connection.senderOpenHandler(this::onSenderOpen);
    connection.receiverOpenHandler(this::onReceiverOpen);
  }

  /** Closes the connection saying why ({@code amqp:connection:forced}); callable from any thread. */
  void close(String reason) {
    context.runOnContext(nothing -> {
      if (closed) {
        return;
      }
      end(reason);
      connection.setCondition(AmqpErrors.condition(AmqpErrors.CONNECTION_FORCED, reason));
      closeAndHangUp();
    });
  }

  /** Completes once the connection has ended and let go of everything it held. */
  Future<Void> ended() {
    return ended.future();
  }

  AmqpServices services() {
    return runtime.services();
  }

  AmqpSettings settings() {
    return runtime.settings();
  }

  Vertx vertx() {
    return runtime.vertx();
  }

  /** True once the connection has ended; whatever completes later must leave its links alone. */
  boolean isEnded() {
    return closed;
  }

  WorkerExecutor worker() {
    return runtime.worker();
  }

  PartitionReaders readers() {
    return runtime.readers();
  }

  CbsGrants grants() {
    return grants;
  }

  Context context() {
    return context;
  }

  /** The client's TLS certificate chain, leaf first; empty without one. */
  List<X509Certificate> clientCertificates() {
    return clientCertificates.get();
  }

  SaslLogin login() {
    return login;
  }

  /** Counts a partition receiver opening (+1) or ending (-1), for the endpoint's metrics. */
  void receiverOpened(int delta) {
    runtime.receiverOpened(delta);
  }

  PartitionStream newStream(ProtonSender sender, int partition, long start, boolean runtimeMetrics) {
    AmqpSettings settings = runtime.settings();
    PartitionStream.Source source = new PartitionStream.Source(runtime.vertx(), runtime.services().eventLog(),
        partition, runtime.worker(), runtime.services().clock(), settings.readBatchSize(),
        settings.maxBufferedEventsPerLink());
    return new PartitionStream(source, sender, context, gate, start, runtimeMetrics, runtime::recordBuffered);
  }

  private void onOpen() {
    runtime.vertx().cancelTimer(openTimer);
    if (closed) {
      return;
    }
    connection.setContainer(runtime.services().hub().hostName());
    connection.open();
  }

  private void onSessionOpen(ProtonSession session) {
    session.closeHandler(closedByClient -> {
      partitions.sessionEnded(session);
      serviceLinks.sessionEnded(session);
      deviceLinks.sessionEnded(session);
      cbs.sessionEnded(session);
      management.sessionEnded(session);
      session.close();
    });
    session.open();
  }

  private void onSenderOpen(ProtonSender sender) {
    String address = sender.getRemoteSource() == null ? null : sender.getRemoteSource().getAddress();
    Optional<DeviceAddress> device = DeviceAddress.parse(address);
    if (device.isPresent()) {
      deviceLinks.attach(sender, device.get());
    } else if (CbsNode.ADDRESS.equals(address)) {
      cbs.attachReplies(sender);
    } else if (ManagementNode.ADDRESS.equals(address)) {
      management.attachReplies(sender);
    } else if (EntityPaths.names(address, EntityPaths.FEEDBACK)) {
      serviceLinks.attachFeedback(sender);
    } else if (EntityPaths.names(address, QueueLink.FILE_NOTIFICATIONS)) {
      serviceLinks.attachFileNotifications(sender);
    } else if (address != null && PartitionAddress.parse(address).isPresent()) {
      partitions.attach(sender, PartitionAddress.parse(address).orElseThrow());
    } else {
      PartitionLinks.refuse(sender, AmqpErrors.entityNotFound(String.valueOf(address)));
    }
  }

  private void onReceiverOpen(ProtonReceiver receiver) {
    String address = receiver.getRemoteTarget() == null ? null : receiver.getRemoteTarget().getAddress();
    Optional<DeviceAddress> device = DeviceAddress.parse(address);
    if (device.isPresent()) {
      deviceLinks.attach(receiver, device.get());
    } else if (CbsNode.ADDRESS.equals(address)) {
      cbs.attachRequests(receiver);
    } else if (ManagementNode.ADDRESS.equals(address)) {
      management.attachRequests(receiver);
    } else if (EntityPaths.names(address, EntityPaths.DEVICEBOUND)) {
      serviceLinks.attachDevicebound(receiver);
    } else if (address != null && namesEventHub(address)) {
      refuse(receiver, AmqpErrors.condition(AmqpErrors.NOT_ALLOWED, "The built-in endpoint '" + address
          + "' is read-only: devices send telemetry to the hub, back ends read it."));
    } else {
      refuse(receiver, AmqpErrors.entityNotFound(String.valueOf(address)));
    }
  }

  private boolean namesEventHub(String address) {
    String hubName = runtime.services().hub().hubName();
    String entity = EntityPaths.canonical(address, hubName);
    return EntityPaths.covers(hubName, entity);
  }

  private void grantExpired(CbsGrants.Grant grant) {
    String scope = grant.scope().isEmpty() ? "the hub" : "'" + grant.scope() + "'";
    String reason = "The token of " + grant.claim().describe() + " for " + scope + " expired at "
        + grant.validUntil() + " and was not renewed.";
    partitions.revokeUncovered(reason);
    serviceLinks.revokeUncovered(reason);
    deviceLinks.revokeUncovered(reason);
  }

  /** Answers a client's sender without a target, then detaches it with the reason. */
  static void refuse(ProtonReceiver receiver, ErrorCondition condition) {
    log.debug("Refused a sender to '{}': {}", receiver.getRemoteTarget() == null ? null
        : receiver.getRemoteTarget().getAddress(), condition.getDescription());
    receiver.setTarget(null);
    receiver.setCondition(condition);
    receiver.open();
    receiver.close();
  }

  /** Sends the close frame, and drops the socket if the client has not done so within a grace period. */
  private void closeAndHangUp() {
    connection.close();
    runtime.vertx().setTimer(CLOSE_GRACE_MILLIS, id -> connection.disconnect());
  }

  /** Closes the socket of a connection that never got going. */
  private void abandon(String reason) {
    log.debug("AMQP connection from {} abandoned: {}", socket.remoteAddress(), reason);
    end(reason);
    socket.close();
  }

  /** Stops everything the connection does; idempotent. */
  private void end(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    runtime.vertx().cancelTimer(openTimer);
    partitions.stopAll();
    serviceLinks.stopAll();
    deviceLinks.stopAll();
    grants.clear();
    cbs.closeAll();
    management.closeAll();
    runtime.connections().remove(this);
    log.debug("AMQP connection from {} ended: {}", socket.remoteAddress(), reason);
    ended.tryComplete();
  }
}
