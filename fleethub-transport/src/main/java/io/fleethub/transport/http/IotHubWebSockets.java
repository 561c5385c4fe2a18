package io.fleethub.transport.http;

import io.fleethub.core.auth.ClientCertificates;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands WebSockets upgraded on {@code /$iothub/websocket} (any query, e.g. {@code ?iothub-no-client-cert=true}),
 * or on {@code /$servicebus/websocket} where the Event Hubs clients open AMQP, to the bridge for the negotiated
 * subprotocol. Anything else is closed with a WebSocket protocol error.
 * Runs on the WebSocket's event loop and does not block.
 */
final class IotHubWebSockets {
  static final String PATH = "/$iothub/websocket";

  /** Where the Event Hubs SDKs open AMQP over WebSockets. */
  static final String EVENT_HUBS_PATH = "/$servicebus/websocket";

  /** WebSocket close code 1002: protocol error. */
  private static final short PROTOCOL_ERROR = 1002;

  private static final Logger LOG = LoggerFactory.getLogger(IotHubWebSockets.class);

  private final Map<String, WebSocketBridge> bridges;

  IotHubWebSockets(List<WebSocketBridge> bridges) {
    this.bridges = bridges.stream().collect(Collectors.toUnmodifiableMap(WebSocketBridge::subprotocol,
        Function.identity()));
  }

  /** The subprotocols to offer in the upgrade handshake. */
  List<String> subprotocols() {
    return List.copyOf(bridges.keySet());
  }

  void handle(ServerWebSocket webSocket) {
    WebSocketBridge bridge = webSocket.subProtocol() == null ? null : bridges.get(webSocket.subProtocol());
    boolean knownPath = PATH.equals(webSocket.path()) || EVENT_HUBS_PATH.equals(webSocket.path());
    if (!knownPath || bridge == null) {
      LOG.debug("Closing a WebSocket on {} with subprotocol {}: not an IoT Hub WebSocket endpoint",
          webSocket.path(), webSocket.subProtocol());
      webSocket.close(PROTOCOL_ERROR, "IoT Hub serves WebSockets on " + PATH + " with subprotocols "
          + String.join(", ", bridges.keySet()));
      return;
    }
    bridge.accept(webSocket, ClientCertificates.of(webSocket.sslSession()));
  }
}
