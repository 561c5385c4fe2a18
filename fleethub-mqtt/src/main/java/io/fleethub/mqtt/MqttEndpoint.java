package io.fleethub.mqtt;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.PemKeyCertOptions;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IoT Hub MQTT 3.1.1 device endpoint: a TLS listener (8883 in production), and the entry for MQTT over
 * WebSockets, which the HTTPS listener upgrades on {@code /$iothub/websocket} and hands over with
 * {@link #acceptWebSocket}. Both carry the same protocol, served per connection by an event-loop-confined
 * {@code MqttConnection}; docs/protocols/mqtt.md describes what devices may do.
 *
 * <p>Thread-safe. Each connection lives on one Vert.x event loop and never blocks it: authentication, connection
 * tracking, activity recording, twin requests and cloud-to-device receives and settlements run on the device's lane
 * of the core's device executors.
 */
public final class MqttEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(MqttEndpoint.class);
  /** The TLS versions offered; IoT Hub refuses anything older than 1.2. */
  public static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private final Vertx vertx;
  private final MqttDeviceServices services;
  private final MqttSettings settings;
  private final DeviceLane lane;
  private final Set<MqttConnection> connections = ConcurrentHashMap.newKeySet();
  private volatile TlsListener listener;
  private volatile boolean closed;
  private volatile SslContext tls;
  private Future<Void> closing;

  private MqttEndpoint(Vertx vertx, MqttDeviceServices services, MqttSettings settings) {
    this.vertx = vertx;
    this.services = services;
    this.settings = settings;
    this.lane = new DeviceLane(services);
  }

  /**
   * Starts the TLS listener, serving connections on as many event loops as the settings ask for. The future fails
   * when the certificate or key cannot be read or the port cannot be bound. Call from any thread.
   */
  public static Future<MqttEndpoint> start(Vertx vertx, MqttDeviceServices services, MqttSettings settings) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(services, "services");
    Objects.requireNonNull(settings, "settings");
    MqttEndpoint endpoint = new MqttEndpoint(vertx, services, settings);
    SslProvider engine = OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    SslContext tls;
    try {
      tls = serverTls(vertx, settings, engine);
    } catch (Exception e) {
      return Future.failedFuture(new IllegalArgumentException(
          "Cannot set up TLS from " + settings.certificateChainPem() + " and " + settings.privateKeyPem(), e));
    }
    return TlsListener.start((VertxInternal) vertx, settings, tls, endpoint::accept)
        .onFailure(failure -> ReferenceCountUtil.release(tls))
        .map(listener -> {
          endpoint.listener = listener;
          endpoint.tls = tls;
          LOG.info("MQTT over TLS with the {} engine",
              engine == SslProvider.JDK ? "JDK" : "BoringSSL (netty-tcnative)");
          return endpoint;
        });
  }

  /** The bound TLS port: the configured one, or the one picked when the settings asked for port 0. */
  public int port() {
    return listener.port();
  }

  /**
   * Bridges an already-upgraded WebSocket (subprotocol {@code mqtt}, from the HTTPS listener on
   * {@code /$iothub/websocket}) into the endpoint. Call it on the WebSocket's context, from the upgrade callback,
   * before anything else reads from the WebSocket; a caller with an asynchronous step in between should
   * {@link ServerWebSocket#pause() pause} the WebSocket first (the endpoint resumes it). The HTTPS listener must
   * accept WebSocket frames of {@link MqttSettings#maxPacketBytes()}, since clients such as Paho send each MQTT
   * packet as one frame.
   *
   * @param clientCertificates the TLS client chain (leaf first) the HTTPS listener saw, if any, for devices that
   *     authenticate with X.509 over WebSockets; empty otherwise
   */
  public void acceptWebSocket(ServerWebSocket webSocket, List<X509Certificate> clientCertificates) {
    Objects.requireNonNull(webSocket, "webSocket");
    Objects.requireNonNull(clientCertificates, "clientCertificates");
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("acceptWebSocket must be called on the WebSocket's Vert.x context");
    }
    accept(context, new WebSocketPacketLink(webSocket, clientCertificates, settings.maxPacketBytes()));
  }

  /**
   * Stops accepting connections, closes the open ones (devices see their connection drop; their wills are
   * sent) and completes once each end is recorded with the connection tracker. Calling it again returns the
   * same future.
   */
  public synchronized Future<Void> close() {
    if (closing == null) {
      closed = true;
      closing = closeListenersAndConnections();
    }
    return closing;
  }

  private Future<Void> closeListenersAndConnections() {
    Set<MqttConnection> open = new HashSet<>(connections);
    return listener.close().transform(listenerClosed -> {
      open.addAll(connections);
      List<Future<Void>> ends = open.stream()
          .map(connection -> {
            connection.close("the MQTT endpoint is closing");
            return connection.ended();
          })
          .toList();
      return Future.join(ends).<Void>mapEmpty().onComplete(done -> ReferenceCountUtil.release(tls));
    });
  }

  /** Serves {@code link} on {@code context}, or closes it once the endpoint is closing. */
  private void accept(Context context, PacketLink link) {
    if (closed) {
      link.close();
      return;
    }
    MqttConnection connection =
        new MqttConnection(vertx, context, link, services, lane, settings, connections::remove);
    connections.add(connection);
    connection.start();
  }

  /**
   * The listener's TLS: the settings' certificate and key (read the way Vert.x reads PEM, so PKCS#1 RSA keys work
   * too), any client certificate requested but not required (the endpoint checks it against the registry), TLS 1.2
   * and 1.3, on {@code engine}. BoringSSL (netty-tcnative, when its native library loads here) is preferred over the
   * JDK's engine: with the JDK's, TLS records took about a quarter of the hub's CPU under QoS 1 telemetry
   * (docs/benchmarks.md). BoringSSL also refuses a client certificate whose key usage lacks digitalSignature, which
   * the JDK's engine accepts (docs/protocols/mqtt.md). The context is reference-counted: each connection's engine
   * holds it, and the endpoint releases its own reference on close.
   */
  private static SslContext serverTls(Vertx vertx, MqttSettings settings, SslProvider engine) throws Exception {
    KeyManagerFactory keys = new PemKeyCertOptions()
        .setCertPath(settings.certificateChainPem().toString())
        .setKeyPath(settings.privateKeyPem().toString())
        .getKeyManagerFactory(vertx);
    return SslContextBuilder.forServer(keys)
        .sslProvider(engine)
        .clientAuth(ClientAuth.OPTIONAL)
        .trustManager(new AnyClientCertificate())
        .protocols(TLS_PROTOCOLS)
        .build();
  }
}
