package io.fleethub.amqp;

import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackBatch;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClientOptions;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClientOptions;
import com.microsoft.azure.sdk.iot.service.ProxyOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the official IoT Hub service SDK (iot-service-client 2.1.9) reaches a test hub on free ports. It connects to
 * port 5671 (AMQPS) or 443 (AMQPS_WS) whatever the connection string says, but over WebSockets it honours an HTTP
 * proxy, and proxies are what the tests give it: a CONNECT proxy on a free port that tunnels every connection to
 * an HTTPS server which upgrades {@code /$iothub/websocket} (subprotocol {@code AMQPWSB10}) and hands the WebSocket
 * to the endpoint, as the hub's HTTPS listener does. The SDK checks the server's certificate against the test CA
 * (proton-j's {@code VERIFY_PEER}: the chain, not the host name) and names the hub's host in its tokens.
 */
final class ServiceSdkGateway implements AutoCloseable {
  private final AmqpTestHub hub;
  private final HttpServer webSockets;
  private final NetServer proxy;
  private final NetClient tunnels;

  private ServiceSdkGateway(AmqpTestHub hub, HttpServer webSockets, NetServer proxy, NetClient tunnels) {
    this.hub = hub;
    this.webSockets = webSockets;
    this.proxy = proxy;
    this.tunnels = tunnels;
  }

  static ServiceSdkGateway start(AmqpTestHub hub) throws Exception {
    HttpServer webSockets = AmqpTestHub.await(hub.vertx()
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(AmqpTestHub.PKI.serverCertificatePem().toString())
                .setKeyPath(AmqpTestHub.PKI.serverKeyPem().toString()))
            .setWebSocketSubProtocols(List.of("AMQPWSB10")))
        .webSocketHandler(webSocket -> {
          if (webSocket.path().startsWith("/$iothub/websocket")) {
            hub.endpoint().acceptWebSocket(webSocket, List.of());
          } else {
            webSocket.close();
          }
        })
        .listen());
    NetClient tunnels = hub.vertx().createNetClient();
    int target = webSockets.actualPort();
    NetServer proxy = AmqpTestHub.await(hub.vertx().createNetServer()
        .connectHandler(client -> tunnel(client, tunnels, target))
        .listen(0, "127.0.0.1"));
    return new ServiceSdkGateway(hub, webSockets, proxy, tunnels);
  }

  /** The connection string of a policy, as the Azure portal shows it. */
  String connectionString(String policy) {
    return "HostName=" + AmqpTestHub.HOST_NAME + ";SharedAccessKeyName=" + policy + ";SharedAccessKey="
        + hub.primaryKey(policy);
  }

  MessagingClient messagingClient(String policy) {
    return new MessagingClient(connectionString(policy), IotHubServiceClientProtocol.AMQPS_WS,
        MessagingClientOptions.builder().proxyOptions(proxyOptions()).sslContext(sslContext()).build());
  }

  MessageFeedbackProcessorClient feedbackProcessor(String policy,
      Function<FeedbackBatch, AcknowledgementType> callback) {
    return new MessageFeedbackProcessorClient(connectionString(policy), IotHubServiceClientProtocol.AMQPS_WS,
        callback, MessageFeedbackProcessorClientOptions.builder()
            .proxyOptions(proxyOptions()).sslContext(sslContext()).build());
  }

  @Override
  public void close() throws Exception {
    AmqpTestHub.await(proxy.close());
    AmqpTestHub.await(tunnels.close());
    AmqpTestHub.await(webSockets.close());
  }

  private ProxyOptions proxyOptions() {
    return new ProxyOptions(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.actualPort())));
  }

  /** A TLS context that trusts the test CA only. */
  private static SSLContext sslContext() {
    try {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(AmqpTestHub.PKI.caPem().getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLSv1.2");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("could not build a TLS context trusting the test CA", e);
    }
  }

  /** Reads the client's CONNECT request, answers 200 and pipes the connection both ways to {@code port}. */
  private static void tunnel(NetSocket client, NetClient tunnels, int port) {
    Buffer request = Buffer.buffer();
    client.handler(chunk -> {
      request.appendBuffer(chunk);
      int end = request.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      client.pause();
      client.handler(null);
      Buffer early = request.getBuffer(end + 4, request.length());
      tunnels.connect(port, "127.0.0.1").onComplete(connected -> {
        if (connected.failed()) {
          client.write("HTTP/1.1 502 Bad Gateway\r\n\r\n").onComplete(written -> client.close());
          return;
        }
        NetSocket upstream = connected.result();
        client.write("HTTP/1.1 200 Connection established\r\n\r\n");
        if (early.length() > 0) {
          upstream.write(early);
        }
        client.pipeTo(upstream);
        upstream.pipeTo(client);
      });
    });
  }
}
