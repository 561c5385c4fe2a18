package io.fleethub.amqp;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.proton.ProtonServerOptions;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub's AMQP 1.0 endpoint: a TLS listener (5671 in production), an optional plain listener for Event Hubs
 * clients in development-emulator mode (5672), and the entry for AMQP over WebSockets, which the HTTPS listener
 * upgrades (subprotocol {@code AMQPWSB10}) and hands over with {@link #acceptWebSocket}. It serves CBS, the
 * {@code $management} node, the Event Hubs-compatible built-in endpoint, and IoT Hub's service-facing
 * cloud-to-device sender and feedback receiver links; docs/protocols/amqp.md describes what clients may do.
 *
 * <p>Thread-safe. Each connection lives on one Vert.x event loop and never blocks it: token checks, event log,
 * consumer group and feedback queue reads run on the endpoint's worker threads, cloud-to-device messages are
 * queued on their device's lane of the core.
 */
public final class AmqpEndpoint {
  /** The TLS versions offered; IoT Hub refuses anything older than 1.2. */
  public static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /**
   * The plain listener carries SAS tokens unencrypted, so it serves this machine only, whatever the TLS
   * listener binds: it is for local development and CI clients in Event Hubs emulator mode.
   */
  public static final String PLAIN_BIND_HOST = "127.0.0.1";

  /**
   * Vert.x shares a free port between servers that listen on the same negative port; each listener of each
   * endpoint asking for port 0 takes its own negative number, so they never share a socket by accident.
   */
  private static final AtomicInteger SHARED_FREE_PORTS = new AtomicInteger(-15_671);

  private final Vertx vertx;
  private final AmqpRuntime runtime;
  private final WebSocketBridge bridge;
  private final List<AmqpListener> listeners = new CopyOnWriteArrayList<>();
  private volatile String deploymentId;
  private volatile boolean closed;
  private Future<Void> closing;

  private AmqpEndpoint(Vertx vertx, AmqpServices services, AmqpSettings settings) {
    this.vertx = vertx;
    this.runtime = new AmqpRuntime(vertx, services, settings);
    this.bridge = new WebSocketBridge(vertx, () -> listeners.get(0).bridgePort());
  }

  /**
   * Starts the listeners, one instance per event loop the settings ask for. The future fails when the certificate
   * or key cannot be read or a port cannot be bound. Call from any thread.
   */
  public static Future<AmqpEndpoint> start(Vertx vertx, AmqpServices services, AmqpSettings settings) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(settings, "settings");
    AmqpEndpoint endpoint = new AmqpEndpoint(vertx, services, settings);
    AmqpListener.Options options = listenerOptions(settings);
    return vertx.deployVerticle(() -> {
      AmqpListener listener = new AmqpListener(options, endpoint.runtime, endpoint.bridge);
      endpoint.listeners.add(listener);
      return listener;
    }, new DeploymentOptions().setInstances(settings.eventLoops())).map(id -> {
      endpoint.deploymentId = id;
      return endpoint;
    });
  }

  /** The bound TLS port: the configured one, or the one picked when the settings asked for port 0. */
  public int port() {
    return listeners.get(0).tlsPort();
  }

  /** The bound plain port, when the settings asked for a plain listener. */
  public OptionalInt plainPort() {
    int port = listeners.get(0).plainPort();
    return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /**
   * Bridges an already-upgraded WebSocket (subprotocol {@code AMQPWSB10}, from the HTTPS listener on
   * {@code /$iothub/websocket} or {@code /$servicebus/websocket}) into the endpoint. Call it on the WebSocket's
   * context, from the upgrade callback, before anything else reads from the WebSocket. Frames may be of any size
   * the HTTPS listener accepts; the bridge treats them as one byte stream.
   *
   * @param clientCertificates the TLS client chain (leaf first) the HTTPS listener saw, if any; empty otherwise
   */
  public void acceptWebSocket(ServerWebSocket webSocket, List<X509Certificate> clientCertificates) {
    Objects.requireNonNull(webSocket, "webSocket");
    Objects.requireNonNull(clientCertificates, "clientCertificates");
    if (Vertx.currentContext() == null) {
      throw new IllegalStateException("acceptWebSocket must be called on the WebSocket's Vert.x context");
    }
    if (closed) {
      webSocket.close();
      return;
    }
    bridge.accept(webSocket, clientCertificates);
  }

  /**
   * The most events any one link has held read from the log but not yet sent, since the endpoint started; never
   * more than {@link AmqpSettings#maxBufferedEventsPerLink()}.
   */
  public int peakBufferedEventsPerLink() {
    return runtime.peakBufferedPerLink();
  }

  /** How many receivers read partitions of the built-in endpoint now. */
  public int openReceivers() {
    return runtime.openReceivers();
  }

  /** How many AMQP connections are open (from TCP accept to their end). */
  public int connectionCount() {
    return runtime.connections().size();
  }

  /**
   * Stops accepting connections, closes the open ones ({@code amqp:connection:forced}) and completes once each
   * has let go of what it held. Calling it again returns the same future.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closed = true;
      Set<AmqpConnection> open = new HashSet<>(runtime.connections());
      closing = vertx.undeploy(deploymentId).transform(undeployed -> {
        open.addAll(runtime.connections());
        List<Future<Void>> ends = open.stream().map(connection -> {
          connection.close("the AMQP endpoint is closing");
          return connection.ended();
        }).toList();
        return Future.join(ends).mapEmpty();
      }).eventually(() -> {
        bridge.close();
        return runtime.worker().close();
      }).mapEmpty();
    }
    return closing;
  }

  private static AmqpListener.Options listenerOptions(AmqpSettings settings) {
    PemKeyCertOptions keyCert = new PemKeyCertOptions()
        .setCertPath(settings.certificateChainPem().toString())
        .setKeyPath(settings.privateKeyPem().toString());
    ProtonServerOptions tls = amqpOptions(settings, settings.bindHost(), settings.port())
        .setSsl(true)
        .setKeyCertOptions(keyCert)
        .setClientAuth(ClientAuth.REQUEST)
        .setTrustOptions(TrustOptions.wrap(new AnyClientCertificate()))
        .setEnabledSecureTransportProtocols(TLS_PROTOCOLS);
    ProtonServerOptions plain = settings.plainPort().isPresent()
        ? amqpOptions(settings, PLAIN_BIND_HOST, settings.plainPort().getAsInt())
        : null;
    ProtonServerOptions bridge = amqpOptions(settings, "127.0.0.1", 0);
    return new AmqpListener.Options(tls, plain, bridge);
  }

  private static ProtonServerOptions amqpOptions(AmqpSettings settings, String host, int port) {
    ProtonServerOptions options = new ProtonServerOptions();
    options.setHost(host);
    options.setPort(port == 0 ? SHARED_FREE_PORTS.getAndDecrement() : port);
    options.setMaxFrameSize(settings.maxFrameSize());
    options.setHeartbeat((int) Math.max(1, settings.idleTimeout().toMillis() / 2));
    options.setTcpNoDelay(true);
    return options;
  }
}
