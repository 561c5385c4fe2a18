package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartitionReceiverAccessTest {
  private static final String DEVICE = "thermostat-1";

  private AmqpTestHub hub;
  private RawAmqpClient client;
  private int partition;
  private String entity;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    client = RawAmqpClient.plain(hub);
    partition = AmqpTestHub.partitionOf(DEVICE);
    entity = AmqpTestHub.partitionPath(partition);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void refusesReceiverWithoutACbsTokenAsUnauthorizedAccess() throws Exception {
    // WHEN
    RawAmqpClient.Receiver receiver = client.receiver(entity);

    // THEN
    assertThat(receiver.isOpen()).isFalse();
    ErrorCondition refusal = receiver.awaitClosed();
    assertThat(refusal.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
    assertThat(refusal.getDescription()).contains("put a token for 'amqp://" + AmqpTestHub.HOST_NAME + "/" + entity);
  }

  @Test
  void refusesReceiverWhenTheTokenCoversAnotherPartition() throws Exception {
    // GIVEN a token for another partition of the same group
    String other = AmqpTestHub.partitionPath((partition + 1) % AmqpTestHub.PARTITIONS);
    putToken(other);

    // WHEN
    RawAmqpClient.Receiver receiver = client.receiver(entity);

    // THEN
    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("amqp:unauthorized-access");
  }

  @Test
  void deliversToAReceiverAuthorisedByATokenForItsPartition() throws Exception {
    // GIVEN
    putToken(entity);
    hub.appendTelemetry(DEVICE, "21.5", Map.of());

    // WHEN
    RawAmqpClient.Receiver receiver = client.receiver(entity);

    // THEN
    assertThat(receiver.isOpen()).isTrue();
    assertThat(bodies(receiver.take(1))).containsExactly("21.5");
  }

  @Test
  void acceptsIotHubsMessagesEventsAddressWithATokenForTheHub() throws Exception {
    // GIVEN a token for the whole event hub, named as IoT Hub names it
    putToken("messages/events");
    hub.appendTelemetry(DEVICE, "first", Map.of());

    // WHEN
    RawAmqpClient.Receiver receiver =
        client.receiver("messages/events/ConsumerGroups/$Default/Partitions/" + partition);

    // THEN
    assertThat(bodies(receiver.take(1))).containsExactly("first");
  }

  @Test
  void refusesAnUnknownConsumerGroupAsNotFound() throws Exception {
    // GIVEN
    putToken(AmqpTestHub.HUB_NAME);

    // WHEN
    RawAmqpClient.Receiver receiver =
        client.receiver(AmqpTestHub.HUB_NAME + "/ConsumerGroups/nobody/Partitions/0");

    // THEN
    ErrorCondition refusal = receiver.awaitClosed();
    assertThat(refusal.getCondition().toString()).isEqualTo("amqp:not-found");
    assertThat(refusal.getDescription())
        .isEqualTo("The messaging entity '" + AmqpTestHub.HUB_NAME + "/ConsumerGroups/nobody' could not be found.");
  }

  @Test
  void servesAConfiguredConsumerGroupWhateverTheCaseOfItsName() throws Exception {
    // GIVEN the hub has the group "audit"
    putToken(AmqpTestHub.HUB_NAME);

    // WHEN
    RawAmqpClient.Receiver receiver = client.receiver(AmqpTestHub.HUB_NAME + "/ConsumerGroups/AUDIT/Partitions/0");

    // THEN
    assertThat(receiver.isOpen()).isTrue();
  }

  @Test
  void servesAConsumerGroupCreatedThroughTheServiceApiAtOnce() throws Exception {
    // GIVEN a group created in the core after the endpoint started
    putToken(AmqpTestHub.HUB_NAME);
    hub.core().consumerGroups().create("Dashboards");

    // WHEN
    RawAmqpClient.Receiver receiver =
        client.receiver(AmqpTestHub.HUB_NAME + "/ConsumerGroups/dashboards/Partitions/0");

    // THEN
    assertThat(receiver.isOpen()).isTrue();
  }

  @Test
  void refusesAConsumerGroupDeletedThroughTheServiceApi() throws Exception {
    // GIVEN
    putToken(AmqpTestHub.HUB_NAME);
    hub.core().consumerGroups().delete("audit");

    // WHEN
    RawAmqpClient.Receiver receiver = client.receiver(AmqpTestHub.HUB_NAME + "/ConsumerGroups/audit/Partitions/0");

    // THEN
    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("amqp:not-found");
  }

  @Test
  void refusesAPartitionTheHubDoesNotHave() throws Exception {
    putToken(AmqpTestHub.HUB_NAME);

    RawAmqpClient.Receiver receiver = client.receiver(AmqpTestHub.partitionPath(AmqpTestHub.PARTITIONS));

    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("com.microsoft:argument-out-of-range");
  }

  @Test
  void refusesAnotherEventHubAsNotFound() throws Exception {
    putToken(AmqpTestHub.HUB_NAME);

    RawAmqpClient.Receiver receiver = client.receiver("otherhub/ConsumerGroups/$Default/Partitions/0");

    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("amqp:not-found");
  }

  @Test
  void refusesSendersToTheBuiltInEndpointAsNotAllowed() throws Exception {
    putToken(AmqpTestHub.HUB_NAME);

    ErrorCondition refusal = client.senderRefusal(AmqpTestHub.HUB_NAME + "/Partitions/0");

    assertThat(refusal.getCondition().toString()).isEqualTo("amqp:not-allowed");
  }

  @Test
  void endsTheReceiverWhenItsTokenExpiresUnrenewed() throws Exception {
    // GIVEN an open receiver authorised by a token valid for ten more minutes
    putToken(entity, Duration.ofMinutes(10));
    RawAmqpClient.Receiver receiver = client.receiver(entity);
    assertThat(receiver.isOpen()).isTrue();

    // WHEN the hub's clock passes the expiry and the five minutes of clock skew
    hub.clock().advance(Duration.ofMinutes(16));

    // THEN
    ErrorCondition ended = receiver.awaitClosed();
    assertThat(ended.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
    assertThat(ended.getDescription()).contains("expired");
  }

  @Test
  void keepsTheReceiverWhenTheTokenIsRenewedBeforeItExpires() throws Exception {
    // GIVEN an open receiver authorised by a token valid for ten more minutes
    putToken(entity, Duration.ofMinutes(10));
    RawAmqpClient.Receiver receiver = client.receiver(entity);

    // WHEN the client puts a fresh token for the same audience, then the old one's time passes
    hub.clock().advance(Duration.ofMinutes(5));
    putToken(entity, Duration.ofMinutes(60));
    hub.clock().advance(Duration.ofMinutes(11));
    hub.appendTelemetry(DEVICE, "still here", Map.of());

    // THEN
    assertThat(bodies(receiver.take(1))).containsExactly("still here");
    assertThat(receiver.closed).isNotDone();
  }

  private void putToken(String entityPath) throws Exception {
    putToken(entityPath, Duration.ofHours(1));
  }

  private void putToken(String entityPath, Duration validity) throws Exception {
    String audience = AmqpTestHub.audience(entityPath);
    Message reply = client.putToken(audience, hub.token("service", audience, hub.clock().instant().plus(validity)));
    assertThat(CbsPutTokenTest.statusOf(reply)).isEqualTo(200);
  }

  static java.util.List<String> bodies(java.util.List<Message> messages) {
    return messages.stream()
        .map(message -> new String(((Data) message.getBody()).getValue().getArray(), StandardCharsets.UTF_8))
        .toList();
  }
}
