package io.fleethub.transport.http;

import io.fleethub.core.Hub;
import io.fleethub.transport.http.blob.BlobApi;
import io.fleethub.transport.http.device.DeviceApi;
import io.fleethub.transport.http.service.ServiceApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The hub's HTTPS listener (443 in production): TLS 1.2 or 1.3 only, one {@link Router} onto which each API
 * mounts its routes. It serves the IoT Hub service REST API ({@link ServiceApi}), device API ({@link DeviceApi})
 * and the built-in blob store devices upload files to ({@link BlobApi}),
 * and hands WebSockets upgraded on {@code /$iothub/websocket} to the {@link WebSocketBridge} of their subprotocol
 * (MQTT, AMQP). It asks for, but never requires, a client certificate, for X.509 devices over HTTPS and
 * WebSockets. Requests no API claims get IoT Hub style 404 or 405 errors from the one {@link ErrorResponder}.
 */
public final class HttpsListener {
  /** The TLS versions offered; IoT Hub refuses anything older than 1.2. */
  public static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /**
   * The largest WebSocket frame and message accepted: clients such as Paho send each MQTT packet as one frame,
   * and a full-size (256 KB) device message with its topic must fit.
   */
  public static final int MAX_WEBSOCKET_MESSAGE_BYTES = 512 * 1024;

  private static final int[] ROUTER_ERROR_STATUSES = {400, 404, 405, 413, 500};

  private final HttpServer server;

  private HttpsListener(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts listening. The future fails when the certificate or key cannot be read or the port cannot be bound.
   * Call from any thread.
   */
  public static Future<HttpsListener> start(Vertx vertx, Hub hub, HttpsSettings settings) {
    return start(vertx, hub, settings, List.of());
  }

  /** Like {@link #start(Vertx, Hub, HttpsSettings)}, also serving the given WebSocket bridges. */
  public static Future<HttpsListener> start(Vertx vertx, Hub hub, HttpsSettings settings,
      List<WebSocketBridge> bridges) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(settings, "settings");
    Router router = routes(vertx, hub);
    IotHubWebSockets webSockets = new IotHubWebSockets(bridges);
    return vertx.createHttpServer(serverOptions(settings, webSockets.subprotocols()))
        .requestHandler(router)
        .webSocketHandler(webSockets::handle)
        .listen()
        .map(HttpsListener::new);
  }

  /** The bound port: the configured one, or the one picked when the settings asked for port 0. */
  public int port() {
    return server.actualPort();
  }

  /** Stops accepting connections and closes open ones. */
  public Future<Void> close() {
    return server.close();
  }

  private static Router routes(Vertx vertx, Hub hub) {
    ErrorResponder errors = new ErrorResponder(hub.clock());
    Router router = Router.router(vertx);
    router.route().handler(new PathGuard(errors)::handle);
    CoreExecutor executor = new CoreExecutor(vertx);
    new ServiceApi(hub, executor, errors).mountOn(router);
    new DeviceApi(hub, executor, errors).mountOn(router);
    new BlobApi(hub.fileUploads(), executor, hub.clock()).mountOn(router);
    for (int status : ROUTER_ERROR_STATUSES) {
      router.errorHandler(status, errors::sendRoutingFailure);
    }
    return router;
  }

  private static HttpServerOptions serverOptions(HttpsSettings settings, List<String> webSocketSubprotocols) {
    PemKeyCertOptions keyCert = new PemKeyCertOptions()
        .setCertPath(settings.certificateChainPem().toString())
        .setKeyPath(settings.privateKeyPem().toString());
    return new HttpServerOptions()
        .setHost(settings.bindHost())
        .setPort(settings.port())
        .setSsl(true)
        .setKeyCertOptions(keyCert)
        .setClientAuth(ClientAuth.REQUEST)
        .setTrustOptions(TrustOptions.wrap(new TrustAnyClientCertificate()))
        .setEnabledSecureTransportProtocols(TLS_PROTOCOLS)
        .setWebSocketSubProtocols(webSocketSubprotocols)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE_BYTES)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
  }
}
