package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.core.amqp.AmqpTransportType;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.models.EventPosition;
import io.fleethub.core.eventlog.StoredEvent;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AMQP over WebSockets: an HTTP server stands in for the hub's HTTPS listener, upgrades
 * {@code /$servicebus/websocket} with subprotocol {@code AMQPWSB10} and hands each WebSocket to the endpoint.
 * The Event Hubs SDK in development-emulator mode still speaks TLS over WebSockets, but without checking the
 * server's certificate.
 */
class AmqpOverWebSocketTest {
  private AmqpTestHub hub;
  private HttpServer webSockets;
  private EventHubConsumerAsyncClient consumer;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    webSockets = AmqpTestHub.await(hub.vertx()
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(AmqpTestHub.PKI.serverCertificatePem().toString())
                .setKeyPath(AmqpTestHub.PKI.serverKeyPem().toString()))
            .setWebSocketSubProtocols(List.of("AMQPWSB10")))
        .webSocketHandler(webSocket -> {
          if (webSocket.path().startsWith("/$servicebus/websocket")) {
            hub.endpoint().acceptWebSocket(webSocket, List.of());
          } else {
            webSocket.close();
          }
        })
        .listen());
  }

  @AfterEach
  void stop() throws Exception {
    if (consumer != null) {
      consumer.close();
    }
    AmqpTestHub.await(webSockets.close());
    hub.close();
  }

  @Test
  void theEventHubsSdkReadsTheBuiltInEndpointOverAWebSocket() {
    // GIVEN
    StoredEvent stored = hub.appendTelemetry("ws-device", "over websockets", Map.of("via", "AMQPWSB10"));
    String connectionString = "Endpoint=sb://" + AmqpTestHub.HOST_NAME + ":" + webSockets.actualPort()
        + "/;SharedAccessKeyName=service;SharedAccessKey=" + hub.primaryKey("service")
        + ";EntityPath=" + AmqpTestHub.HUB_NAME + ";UseDevelopmentEmulator=true";
    consumer = new EventHubClientBuilder()
        .connectionString(connectionString)
        .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
        .transportType(AmqpTransportType.AMQP_WEB_SOCKETS)
        .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(20)).setMaxRetries(1))
        .buildAsyncConsumerClient();

    // WHEN
    EventData received = consumer.receiveFromPartition(Integer.toString(stored.partition()), EventPosition.earliest())
        .blockFirst(Duration.ofSeconds(30)).getData();

    // THEN
    assertThat(received.getBodyAsString()).isEqualTo("over websockets");
    assertThat(received.getProperties()).containsEntry("via", "AMQPWSB10");
    assertThat(received.getSystemProperties()).containsEntry("iothub-connection-device-id", "ws-device");
  }
}
