package io.fleethub.transport.http;

import io.fleethub.core.Hub;
import io.fleethub.transport.http.service.ServiceApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.Set;

/**
 * The hub's HTTPS listener (443 in production): TLS 1.2 or 1.3 only, one {@link Router} onto which each API
 * mounts its routes. Today it serves the IoT Hub service REST API ({@link ServiceApi}); the device HTTPS API and
 * the {@code /$iothub/websocket} upgrade for the MQTT and AMQP bridges mount on the same router and server.
 * Requests no API claims get IoT Hub style 404 or 405 errors from the one {@link ErrorResponder}.
 */
public final class HttpsListener {
  /** The TLS versions offered; IoT Hub refuses anything older than 1.2. */
  public static final Set<String> TLS_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

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
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(settings, "settings");
    Router router = routes(vertx, hub);
    return vertx.createHttpServer(serverOptions(settings))
        .requestHandler(router)
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
    new ServiceApi(hub, new CoreExecutor(vertx), errors).mountOn(router);
    for (int status : ROUTER_ERROR_STATUSES) {
      router.errorHandler(status, errors::sendRoutingFailure);
    }
    return router;
  }

  private static HttpServerOptions serverOptions(HttpsSettings settings) {
    PemKeyCertOptions keyCert = new PemKeyCertOptions()
        .setCertPath(settings.certificateChainPem().toString())
        .setKeyPath(settings.privateKeyPem().toString());
    return new HttpServerOptions()
        .setHost(settings.bindHost())
        .setPort(settings.port())
        .setSsl(true)
        .setKeyCertOptions(keyCert)
        .setEnabledSecureTransportProtocols(TLS_PROTOCOLS);
  }
}
