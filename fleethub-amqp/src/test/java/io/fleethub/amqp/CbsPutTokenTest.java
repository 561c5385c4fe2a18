package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.auth.AccessRight;
import java.time.Duration;
import java.util.Map;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CbsPutTokenTest {
  private static final String ENTITY = AmqpTestHub.partitionPath(0);

  private AmqpTestHub hub;
  private RawAmqpClient client;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    client = RawAmqpClient.tls(hub);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void acceptsServicePolicyTokenForAnEntityWithAnIntStatus200CorrelatedToTheRequest() throws Exception {
    // GIVEN a token of the service policy scoped as the Event Hubs SDK scopes it
    String audience = AmqpTestHub.audience(ENTITY);
    String token = hub.token("service", audience);

    // WHEN
    Message reply = client.putToken(audience, token);

    // THEN
    assertThat(reply.getApplicationProperties().getValue())
        .containsEntry("status-code", 200)
        .containsEntry("status-description", "OK");
    assertThat(reply.getApplicationProperties().getValue().get("status-code")).isInstanceOf(Integer.class);
    assertThat(reply.getCorrelationId()).isEqualTo("request-1");
  }

  @Test
  void acceptsTokenScopedToTheHubHostForAnyAudienceOnIt() throws Exception {
    Message reply = client.putToken(AmqpTestHub.audience(ENTITY), hub.token("iothubowner", AmqpTestHub.HOST_NAME));

    assertThat(statusOf(reply)).isEqualTo(200);
  }

  @Test
  void refusesTokenSignedWithAKeyThePolicyDoesNotHaveWith401() throws Exception {
    // GIVEN a token of "service" signed with the key of "iothubowner"
    String audience = AmqpTestHub.audience(ENTITY);
    String token = io.fleethub.core.auth.SasToken.sign(audience, hub.primaryKey("iothubowner"),
        hub.clock().instant().plusSeconds(3600), java.util.Optional.of("service")).toString();

    // WHEN
    Message reply = client.putToken(audience, token);

    // THEN
    assertThat(statusOf(reply)).isEqualTo(401);
    assertThat(descriptionOf(reply)).contains("signature does not match the keys of policy 'service'");
  }

  @Test
  void refusesExpiredTokenWith401() throws Exception {
    // GIVEN a token that expired beyond the five minutes of clock skew IoT Hub allows
    String audience = AmqpTestHub.audience(ENTITY);
    String token = hub.token("service", audience, hub.clock().instant().minus(Duration.ofMinutes(6)));

    // WHEN
    Message reply = client.putToken(audience, token);

    // THEN
    assertThat(statusOf(reply)).isEqualTo(401);
    assertThat(descriptionOf(reply)).contains("expired");
  }

  @Test
  void refusesTokenOfAPolicyWithoutServiceConnectWith401() throws Exception {
    // GIVEN
    String audience = AmqpTestHub.audience(ENTITY);
    String token = hub.token("registryRead", audience);

    // WHEN
    Message reply = client.putToken(audience, token);

    // THEN
    assertThat(statusOf(reply)).isEqualTo(401);
    assertThat(descriptionOf(reply)).contains("does not grant ServiceConnect");
  }

  @Test
  void refusesTokenScopedToAnotherEntityThanTheAudienceWith401() throws Exception {
    // GIVEN a token for partition 1 presented for partition 0
    String token = hub.token("service", AmqpTestHub.audience(AmqpTestHub.partitionPath(1)));

    // WHEN
    Message reply = client.putToken(AmqpTestHub.audience(ENTITY), token);

    // THEN
    assertThat(statusOf(reply)).isEqualTo(401);
  }

  @Test
  void refusesAudienceOnAnotherHostWith401() throws Exception {
    String audience = "amqp://otherhub.fleethub.test/" + ENTITY;

    Message reply = client.putToken(audience, hub.token("service", audience));

    assertThat(statusOf(reply)).isEqualTo(401);
    assertThat(descriptionOf(reply)).contains("is not on this hub");
  }

  @Test
  void answersOtherOperationsWith400() throws Exception {
    // GIVEN
    hub.addPolicy("listener", AccessRight.SERVICE_CONNECT);

    // WHEN
    Message reply = client.request(CbsNode.ADDRESS, Map.of("operation", "delete-token", "name", "x"), null);

    // THEN
    assertThat(statusOf(reply)).isEqualTo(400);
  }

  static int statusOf(Message reply) {
    return (Integer) reply.getApplicationProperties().getValue().get("status-code");
  }

  static String descriptionOf(Message reply) {
    return (String) reply.getApplicationProperties().getValue().get("status-description");
  }
}
