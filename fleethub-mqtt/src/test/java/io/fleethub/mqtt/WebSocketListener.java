package io.fleethub.mqtt;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A small stand-in for the hub's HTTPS listener on a free loopback port: it upgrades {@code /$iothub/websocket}
 * (subprotocol {@code mqtt}) and hands the WebSocket, with the TLS client chain it saw, to the test hub's MQTT
 * endpoint, as the real listener does. Closed with {@link #close}.
 */
final class WebSocketListener implements AutoCloseable {
  private final MqttTestHub hub;
  private final HttpServer https;

  private WebSocketListener(MqttTestHub hub) throws Exception {
    this.hub = hub;
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(MqttTestHub.PKI.serverCertificatePem().toString())
            .setKeyPath(MqttTestHub.PKI.serverKeyPem().toString()))
        .setClientAuth(ClientAuth.REQUEST)
        .setTrustOptions(TrustOptions.wrap(new AnyClientCertificate()))
        .setWebSocketSubProtocols(List.of("mqtt"))
        .setMaxWebSocketFrameSize(hub.settings().maxPacketBytes() + 16)
        .setMaxWebSocketMessageSize(hub.settings().maxPacketBytes() + 16);
    this.https = MqttTestHub.await(hub.vertx().createHttpServer(options)
        .requestHandler(request -> request.response().setStatusCode(404).end())
        .webSocketHandler(this::upgrade)
        .listen());
  }

  static WebSocketListener start(MqttTestHub hub) throws Exception {
    return new WebSocketListener(hub);
  }

  int port() {
    return https.actualPort();
  }

  /** {@code wss://127.0.0.1:{port}/$iothub/websocket{query}}. */
  String uri(String query) {
    return "wss://127.0.0.1:" + port() + "/$iothub/websocket" + query;
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    MqttTestHub.await(https.close());
  }

  private void upgrade(ServerWebSocket webSocket) {
    if (!webSocket.path().equals("/$iothub/websocket") || !"mqtt".equals(webSocket.subProtocol())) {
      webSocket.close((short) 1008);
      return;
    }
    // Hand over after an asynchronous step, as a router might: paused, so no frame is read before the endpoint
    // has its handlers on the WebSocket.
    webSocket.pause();
    List<X509Certificate> chain = clientCertificates(webSocket);
    Vertx.currentContext().runOnContext(later -> hub.endpoint().acceptWebSocket(webSocket, chain));
  }

  private static List<X509Certificate> clientCertificates(ServerWebSocket webSocket) {
    try {
      Certificate[] chain = webSocket.sslSession().getPeerCertificates();
      return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
