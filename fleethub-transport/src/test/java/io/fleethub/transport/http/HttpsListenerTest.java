package io.fleethub.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.Hub;
import io.fleethub.core.HubIdentity;
import io.fleethub.core.HubStores;
import io.fleethub.testkit.memory.InMemoryEventLog;
import io.fleethub.core.auth.KeyGenerator;
import io.fleethub.testkit.MutableClock;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpsListenerTest {
  private final Vertx vertx = Vertx.vertx();
  private final Hub hub = new Hub(new HubIdentity("hub.fleethub.test", "hub"), MutableClock.at("2024-01-02T03:04:05Z"),
      HubStores.inMemory(new InMemoryEventLog(1)),
      KeyGenerator.secure());

  @TempDir
  Path directory;

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void servesTls12AndTls13OnThePortItPicked(String protocol) throws Exception {
    // GIVEN a listener asked for port 0
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(directory);
    HttpsListener listener = start(new HttpsSettings("127.0.0.1", 0, certificate.certificatePem(),
        certificate.privateKeyPem()));

    // WHEN a client that offers only one protocol connects
    try (SSLSocket socket = (SSLSocket) certificate.trustingContext().getSocketFactory()
        .createSocket("127.0.0.1", listener.port())) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.startHandshake();

      // THEN the handshake succeeds on the bound port with that protocol
      assertThat(listener.port()).isPositive();
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
    }
    listener.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void offersNothingOlderThanTls12() {
    assertThat(HttpsListener.TLS_PROTOCOLS).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
  }

  @Test
  void failsToStartWhenTheCertificateCannotBeRead() {
    HttpsSettings settings = new HttpsSettings("127.0.0.1", 0, directory.resolve("missing-cert.pem"),
        directory.resolve("missing-key.pem"));

    assertThatThrownBy(() -> start(settings)).isInstanceOf(ExecutionException.class);
  }

  @Test
  void stopsAcceptingConnectionsWhenClosed() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.generate(directory);
    HttpsListener listener = start(new HttpsSettings("127.0.0.1", 0, certificate.certificatePem(),
        certificate.privateKeyPem()));
    int port = listener.port();

    listener.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    // A refused connect, or a reset when another process has meanwhile bound the freed port: no exchange.
    assertThatThrownBy(() -> connect(certificate, port)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void refusesInvalidSettings() {
    Path pem = directory.resolve("x.pem");
    assertThatThrownBy(() -> new HttpsSettings("127.0.0.1", 65_536, pem, pem))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HttpsSettings(" ", 443, pem, pem)).isInstanceOf(IllegalArgumentException.class);
  }

  private HttpsListener start(HttpsSettings settings) throws Exception {
    return HttpsListener.start(vertx, hub, settings).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static void connect(SelfSignedCertificate certificate, int port) throws IOException {
    try (SSLSocket socket = (SSLSocket) certificate.trustingContext().getSocketFactory()
        .createSocket("127.0.0.1", port)) {
      socket.startHandshake();
    }
  }
}
