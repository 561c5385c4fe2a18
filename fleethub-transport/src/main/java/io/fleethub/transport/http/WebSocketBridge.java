package io.fleethub.transport.http;

import io.vertx.core.http.ServerWebSocket;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A protocol served over WebSockets on {@code /$iothub/websocket} of the HTTPS listener, chosen by the WebSocket
 * subprotocol the client asks for ({@code mqtt}, {@code AMQPWSB10}).
 */
public interface WebSocketBridge {

  /** The subprotocol this bridge serves, matched exactly. */
  String subprotocol();

  /**
   * Takes over an upgraded WebSocket. Called on the WebSocket's context, before anything has read from it.
   *
   * @param clientCertificates the TLS client chain (leaf first) the listener received, empty when none
   */
  void accept(ServerWebSocket webSocket, List<X509Certificate> clientCertificates);
}
