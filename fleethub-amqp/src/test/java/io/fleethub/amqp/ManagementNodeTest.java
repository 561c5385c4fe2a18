package io.fleethub.amqp;

import static io.fleethub.amqp.CbsPutTokenTest.descriptionOf;
import static io.fleethub.amqp.CbsPutTokenTest.statusOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.eventlog.StoredEvent;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagementNodeTest {
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
  void readsTheEventHubWithItsNamePartitionsAndCreationTime() throws Exception {
    // WHEN
    Message reply = read(ManagementNode.EVENT_HUB_TYPE, null, token());

    // THEN
    assertThat(statusOf(reply)).isEqualTo(200);
    assertThat(body(reply))
        .containsEntry("name", AmqpTestHub.HUB_NAME)
        .containsEntry("created_at", Date.from(AmqpTestHub.CREATED_AT))
        .containsEntry("partition_count", AmqpTestHub.PARTITIONS);
    assertThat((String[]) body(reply).get("partition_ids")).containsExactly("0", "1", "2", "3");
  }

  @Test
  void readsAPartitionWithItsLastEnqueuedEvent() throws Exception {
    // GIVEN two events in the device's partition
    hub.appendTelemetry("dev-a", "1", Map.of());
    StoredEvent last = hub.appendTelemetry("dev-a", "2", Map.of());

    // WHEN
    Message reply = read(ManagementNode.PARTITION_TYPE, Integer.toString(last.partition()), token());

    // THEN
    assertThat(statusOf(reply)).isEqualTo(200);
    assertThat(body(reply))
        .containsEntry("name", AmqpTestHub.HUB_NAME)
        .containsEntry("partition", Integer.toString(last.partition()))
        .containsEntry("begin_sequence_number", 0L)
        .containsEntry("last_enqueued_sequence_number", 1L)
        .containsEntry("last_enqueued_offset", last.offset())
        .containsEntry("last_enqueued_time_utc", Date.from(last.data().enqueuedTime()))
        .containsEntry("is_partition_empty", false);
  }

  @Test
  void readsAnEmptyPartitionWithEventHubsPlaceholders() throws Exception {
    Message reply = read(ManagementNode.PARTITION_TYPE, "3", token());

    assertThat(body(reply))
        .containsEntry("last_enqueued_sequence_number", -1L)
        .containsEntry("last_enqueued_offset", "-1")
        .containsEntry("last_enqueued_time_utc", Date.from(Instant.EPOCH))
        .containsEntry("is_partition_empty", true);
  }

  @Test
  void acceptsACbsGrantOfTheConnectionInsteadOfASecurityToken() throws Exception {
    // GIVEN
    String audience = AmqpTestHub.audience(AmqpTestHub.HUB_NAME);
    client.putToken(audience, hub.token("service", audience));

    // WHEN
    Message reply = read(ManagementNode.EVENT_HUB_TYPE, null, null);

    // THEN
    assertThat(statusOf(reply)).isEqualTo(200);
  }

  @Test
  void refusesARequestWithoutTokenOrGrantWith401() throws Exception {
    assertThat(statusOf(read(ManagementNode.EVENT_HUB_TYPE, null, null))).isEqualTo(401);
  }

  @Test
  void refusesATokenOfAPolicyWithoutServiceConnectWith401() throws Exception {
    String token = hub.token("registryReadWrite", AmqpTestHub.audience(AmqpTestHub.HUB_NAME));

    Message reply = read(ManagementNode.EVENT_HUB_TYPE, null, token);

    assertThat(statusOf(reply)).isEqualTo(401);
    assertThat(descriptionOf(reply)).contains("ServiceConnect");
  }

  @Test
  void answersAnotherEventHubWith404() throws Exception {
    Map<String, Object> request = request(ManagementNode.EVENT_HUB_TYPE, null, token());
    request.put("name", "otherhub");

    Message reply = client.request(ManagementNode.ADDRESS, request, null);

    assertThat(statusOf(reply)).isEqualTo(404);
    assertThat(descriptionOf(reply)).isEqualTo("The messaging entity 'otherhub' could not be found.");
  }

  @Test
  void answersAPartitionTheHubDoesNotHaveWith400() throws Exception {
    assertThat(statusOf(read(ManagementNode.PARTITION_TYPE, "4", token()))).isEqualTo(400);
  }

  private String token() {
    return hub.token("service", AmqpTestHub.audience(AmqpTestHub.HUB_NAME));
  }

  private Message read(String type, String partition, String token) throws Exception {
    return client.request(ManagementNode.ADDRESS, request(type, partition, token), null);
  }

  private static Map<String, Object> request(String type, String partition, String token) {
    Map<String, Object> request = new HashMap<>();
    request.put("operation", "READ");
    request.put("type", type);
    request.put("name", AmqpTestHub.HUB_NAME);
    if (partition != null) {
      request.put("partition", partition);
    }
    if (token != null) {
      request.put("security_token", token);
    }
    return request;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(Message reply) {
    return (Map<String, Object>) ((AmqpValue) reply.getBody()).getValue();
  }
}
