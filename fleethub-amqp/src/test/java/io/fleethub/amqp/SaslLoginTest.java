package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.proton.ProtonClientOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SaslLoginTest {
  private static final String POLICY_USER = "service@sas.root." + AmqpTestHub.HUB_NAME;

  private AmqpTestHub hub;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start(AmqpTestHub.withOpenTimeout(Duration.ofMillis(500)));
  }

  @AfterEach
  void stop() throws Exception {
    hub.close();
  }

  @Test
  void aPlainPolicyLoginAuthorisesReceiversWithoutCbs() throws Exception {
    // GIVEN a connection logged in as the service policy with a hub-scoped token
    hub.appendTelemetry("dev-1", "hello", Map.of());
    String entity = AmqpTestHub.partitionPath(AmqpTestHub.partitionOf("dev-1"));
    try (RawAmqpClient client = plainLogin(POLICY_USER, hub.token("service", AmqpTestHub.HOST_NAME))) {
      // WHEN
      RawAmqpClient.Receiver receiver = client.receiver(entity);

      // THEN
      assertThat(PartitionReceiverAccessTest.bodies(receiver.take(1))).containsExactly("hello");
    }
  }

  @Test
  void acceptsTheUpperCaseSasRootTheJavaServiceSdkWrites() throws Exception {
    String user = "service@SAS.root." + AmqpTestHub.HUB_NAME;

    try (RawAmqpClient client = plainLogin(user, hub.token("service", AmqpTestHub.HOST_NAME))) {
      assertThat(client.isDisconnected()).isFalse();
    }
  }

  @Test
  void refusesAPlainLoginWithATokenOfAnotherPolicy() {
    assertThatThrownBy(() -> plainLogin(POLICY_USER, hub.token("iothubowner", AmqpTestHub.HOST_NAME)))
        .hasRootCauseInstanceOf(AuthenticationException.class);
  }

  @Test
  void refusesAPlainLoginForAnotherHub() {
    assertThatThrownBy(() -> plainLogin("service@sas.root.otherhub", hub.token("service", AmqpTestHub.HOST_NAME)))
        .hasRootCauseInstanceOf(AuthenticationException.class);
  }

  @Test
  void refusesAPlainLoginWhosePolicyLacksServiceConnect() {
    String user = "registryRead@sas.root." + AmqpTestHub.HUB_NAME;

    assertThatThrownBy(() -> plainLogin(user, hub.token("registryRead", AmqpTestHub.HOST_NAME)))
        .hasRootCauseInstanceOf(AuthenticationException.class);
  }

  @Test
  void refusesAPlainDeviceLoginOfAnUnregisteredDevice() {
    String user = "dev-1@sas." + AmqpTestHub.HUB_NAME;

    assertThatThrownBy(() -> plainLogin(user, hub.token("service", AmqpTestHub.HOST_NAME)))
        .hasRootCauseInstanceOf(AuthenticationException.class);
  }

  @Test
  void closesAConnectionThatSendsNothingWithinTheOpenTimeout() throws Exception {
    // GIVEN a TCP connection that never speaks AMQP
    Vertx vertx = Vertx.vertx();
    try {
      NetClient tcp = vertx.createNetClient();
      NetSocket socket = AmqpTestHub.await(tcp.connect(hub.plainPort(), "127.0.0.1"));
      CompletableFuture<Void> closed = new CompletableFuture<>();
      socket.closeHandler(nothing -> closed.complete(null));

      // WHEN / THEN the hub hangs up after the open timeout
      closed.get(10, TimeUnit.SECONDS);
    } finally {
      AmqpTestHub.await(vertx.close());
    }
  }

  private RawAmqpClient plainLogin(String user, String password) throws Exception {
    ProtonClientOptions options = RawAmqpClient.tlsOptions().addEnabledSaslMechanism(SaslAuthenticator.PLAIN);
    return RawAmqpClient.connect(options, hub.tlsPort(), user, password);
  }
}
