package io.fleethub.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.HubStores;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.testkit.MutableClock;
import io.fleethub.testkit.memory.InMemoryEventLog;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebSockets on the HTTPS listener go to the bridge of their subprotocol, on IoT Hub's and Event Hubs' paths. */
class WebSocketBridgeTest {
  private final Vertx vertx = Vertx.vertx();
  private final Hub hub = new Hub(new HubIdentity("hub.fleethub.test", "hub"), MutableClock.at("2024-01-02T03:04:05Z"),
      HubStores.inMemory(new InMemoryEventLog(1)),
      KeyGenerator.secure());
  private final List<String> bridged = new CopyOnWriteArrayList<>();
  private HttpsListener listener;
  private WebSocketClient client;

  @TempDir
  Path directory;

  @BeforeEach
  void startListenerWithAnEchoBridge() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(directory);
    WebSocketBridge echo = new WebSocketBridge() {
      @Override
      public String subprotocol() {
        return "mqtt";
      }

      @Override
      public void accept(ServerWebSocket webSocket, List<X509Certificate> clientCertificates) {
        bridged.add(webSocket.path());
        webSocket.handler(webSocket::write);
      }
    };
    listener = HttpsListener.start(vertx, hub,
            new HttpsSettings("127.0.0.1", 0, certificate.certificatePem(), certificate.privateKeyPem()), List.of(echo))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(certificate.certificatePem().toString()))
        .setVerifyHost(false));
  }

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void handsIotHubWebSocketsWithAKnownSubprotocolToTheirBridge() throws Exception {
    // WHEN a client opens /$iothub/websocket with a query and subprotocol mqtt, and sends bytes
    WebSocket webSocket = connect("/$iothub/websocket?iothub-no-client-cert=true", "mqtt");
    CompletableFuture<Buffer> echoed = new CompletableFuture<>();
    webSocket.binaryMessageHandler(echoed::complete);
    webSocket.writeBinaryMessage(Buffer.buffer(new byte[] {0x10, 0x00}));

    // THEN the bridge got the WebSocket and the bytes went through it
    assertThat(echoed.get(10, TimeUnit.SECONDS).getBytes()).containsExactly(0x10, 0x00);
    assertThat(webSocket.subProtocol()).isEqualTo("mqtt");
    assertThat(bridged).containsExactly("/$iothub/websocket");
  }

  @Test
  void servesTheEventHubsPathToo() throws Exception {
    connect("/$servicebus/websocket", "mqtt");

    assertThat(bridged).containsExactly("/$servicebus/websocket");
  }

  @Test
  void closesWebSocketsOnOtherPathsWithAProtocolError() throws Exception {
    // WHEN a client opens a WebSocket anywhere else
    WebSocket webSocket = connect("/mqtt", "mqtt");

    // THEN it is closed with 1002 and no bridge saw it
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!webSocket.isClosed() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(webSocket.isClosed()).isTrue();
    assertThat(webSocket.closeStatusCode()).isEqualTo((short) 1002);
    assertThat(bridged).isEmpty();
  }

  private WebSocket connect(String uri, String subprotocol) throws Exception {
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(listener.port())
            .setSsl(true).setURI(uri).addSubProtocol(subprotocol))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
