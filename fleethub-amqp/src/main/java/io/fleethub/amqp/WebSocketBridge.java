package io.fleethub.amqp;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMQP over WebSockets ({@code AMQPWSB10}): vertx-proton serves only sockets, so each bridged WebSocket is piped,
 * byte for byte and with back-pressure both ways, into a loopback TCP connection to the endpoint's internal
 * listener on 127.0.0.1. The TLS client chain the HTTPS listener saw travels in a side table keyed by the loopback
 * connection's port, from which that connection's {@link PeerCertificates} read it.
 *
 * <p>Thread-safe.
 */
final class WebSocketBridge {
  private static final Logger log = LoggerFactory.getLogger(WebSocketBridge.class);

  private final Map<Integer, List<X509Certificate>> chains = new ConcurrentHashMap<>();
  private final NetClient client;
  private final IntSupplier port;

  /** @param port the internal listener's port, known once the endpoint listens */
  WebSocketBridge(Vertx vertx, IntSupplier port) {
    this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
    this.port = port;
  }

  /** Pipes a WebSocket into a new loopback connection; call on the WebSocket's context. */
  void accept(ServerWebSocket webSocket, List<X509Certificate> clientCertificates) {
    webSocket.pause();
    client.connect(port.getAsInt(), "127.0.0.1")
        .onSuccess(socket -> pipe(webSocket, socket, List.copyOf(clientCertificates)))
        .onFailure(failure -> {
          log.warn("Could not bridge an AMQP WebSocket into the endpoint", failure);
          webSocket.close();
        });
  }

  /** The chains of bridged connections, for the internal listener. */
  PeerCertificates certificates() {
    return socket -> () -> chains.getOrDefault(socket.remoteAddress().port(), List.of());
  }

  void close() {
    client.close();
  }

  private void pipe(ServerWebSocket webSocket, NetSocket socket, List<X509Certificate> clientCertificates) {
    int key = socket.localAddress().port();
    chains.put(key, clientCertificates);
    socket.closeHandler(closed -> {
      chains.remove(key);
      webSocket.close();
    });
    webSocket.closeHandler(closed -> socket.close());
    socket.pipeTo(webSocket);
    webSocket.pipeTo(socket);
  }
}
