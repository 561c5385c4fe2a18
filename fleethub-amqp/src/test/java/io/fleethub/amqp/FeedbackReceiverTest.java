package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.c2d.FeedbackBatch;
import io.fleethub.core.c2d.FeedbackQueue;
import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.identity.IdentityRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A back end's receiver of {@code /messages/servicebound/feedback}, over raw AMQP; the devices' outcomes are played
 * through the core, on the hub's manual clock.
 */
class FeedbackReceiverTest {
  /** As the Java service SDK writes it. */
  private static final String FEEDBACK = "/messages/servicebound/feedback";

  private AmqpTestHub hub;
  private RawAmqpClient client;
  private IdentityRef device;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    client = RawAmqpClient.plain(hub);
    device = hub.registerDevice("valve-7");
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void sendsTheOutcomesOfMessagesThatAskedForThemAsOneBatch() throws Exception {
    // GIVEN one message completed and one rejected by the device, both asking for full feedback
    sendWithAck("done-1", Acknowledgement.FULL);
    sendWithAck("refused-2", Acknowledgement.FULL);
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    cloudToDevice.complete(device, cloudToDevice.receive(device).orElseThrow().lock().orElseThrow().token());
    cloudToDevice.reject(device, cloudToDevice.receive(device).orElseThrow().lock().orElseThrow().token());
    Instant batchTime = hub.clock().instant().plus(FeedbackQueue.BATCH_WINDOW);
    RawAmqpClient.Receiver receiver = client.serviceReceiver(hub, FEEDBACK);

    // WHEN the batching window has passed
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    Message batch = receiver.take(1).get(0);

    // THEN
    assertThat(batch.getContentType()).isEqualTo(FeedbackBatch.CONTENT_TYPE);
    assertThat(new String(batch.getUserId(), StandardCharsets.UTF_8)).isEqualTo(AmqpTestHub.HUB_NAME);
    assertThat(batch.getMessageId()).isNotNull();
    assertThat(batch.getMessageAnnotations().getValue())
        .containsEntry(Symbol.valueOf("iothub-enqueuedtime"), Date.from(batchTime));
    JsonArray records = records(batch);
    assertThat(records).hasSize(2);
    JsonObject success = records.getJsonObject(0);
    assertThat(success.fieldNames()).containsExactly("originalMessageId", "enqueuedTimeUtc", "statusCode",
        "description", "deviceId", "deviceGenerationId");
    assertThat(success.getString("originalMessageId")).isEqualTo("done-1");
    assertThat(success.getString("statusCode")).isEqualTo("Success");
    assertThat(success.getString("description")).isEqualTo("Success");
    assertThat(success.getString("deviceId")).isEqualTo("valve-7");
    assertThat(success.getString("deviceGenerationId"))
        .isEqualTo(hub.core().registry().getDevice(device.deviceId()).generationId());
    assertThat(success.getString("enqueuedTimeUtc")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(records.getJsonObject(1).getString("originalMessageId")).isEqualTo("refused-2");
    assertThat(records.getJsonObject(1).getString("statusCode")).isEqualTo("Rejected");
  }

  @Test
  void acceptingABatchRemovesItsRecords() throws Exception {
    // GIVEN a batch delivered to a receiver that settles itself
    completedWithFullAck("gone-1");
    RawAmqpClient.Receiver receiver = client.serviceSettlingReceiver(hub, "/messages/serviceBound/feedback");
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    Message batch = receiver.take(1).get(0);

    // WHEN
    receiver.settle(batch, Accepted.getInstance());

    // THEN the hub completes it, and it does not come back once its lock would have expired
    await().until(() -> hub.storeCalls("CloudToDeviceStore.completeFeedback") == 1);
    receiver.detach();
    receiver.awaitClosed();
    hub.clock().advance(Duration.ofMinutes(2));
    assertThat(hub.core().cloudToDevice().feedback().receive()).isEmpty();
  }

  @Test
  void releasingABatchOffersItsRecordsAgain() throws Exception {
    // GIVEN
    completedWithFullAck("again-1");
    RawAmqpClient.Receiver receiver = client.serviceSettlingReceiver(hub, FEEDBACK);
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    Message first = receiver.take(1).get(0);

    // WHEN
    receiver.settle(first, Released.getInstance());
    Message second = receiver.take(1).get(0);

    // THEN the same records come again, under a new lock
    assertThat(records(second)).isEqualTo(records(first));
    assertThat(second.getMessageId()).isNotEqualTo(first.getMessageId());
  }

  @Test
  void rejectingABatchDropsItsRecords() throws Exception {
    completedWithFullAck("dropped-1");
    RawAmqpClient.Receiver receiver = client.serviceSettlingReceiver(hub, FEEDBACK);
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    Message batch = receiver.take(1).get(0);

    receiver.settle(batch, new Rejected());

    await().until(() -> hub.storeCalls("CloudToDeviceStore.completeFeedback") == 1);
    assertThat(hub.storeCalls("CloudToDeviceStore.abandonFeedback")).isZero();
  }

  @Test
  void abandonsAnUnsettledBatchWhenTheReceiverDetaches() throws Exception {
    // GIVEN a batch delivered but not settled
    completedWithFullAck("orphan-1");
    RawAmqpClient.Receiver receiver = client.serviceSettlingReceiver(hub, FEEDBACK);
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    Message orphaned = receiver.take(1).get(0);

    // WHEN
    receiver.detach();
    receiver.awaitClosed();

    // THEN the hub abandons it, and the next receiver gets it
    await().until(() -> hub.storeCalls("CloudToDeviceStore.abandonFeedback") == 1);
    RawAmqpClient.Receiver next = client.receiver(FEEDBACK);
    assertThat(records(next.take(1).get(0))).isEqualTo(records(orphaned));
  }

  @Test
  void reportsAMessageThatExpiredUndeliveredAsExpired() throws Exception {
    // GIVEN a message living one minute and asking for negative feedback
    OutgoingMessage message = OutgoingMessage.of("late".getBytes(StandardCharsets.UTF_8))
        .withProperties(SystemProperties.ofMessageId("expiring-1"))
        .withAck(Acknowledgement.NEGATIVE)
        .withExpiryTime(hub.clock().instant().plus(Duration.ofMinutes(1)));
    hub.core().cloudToDevice().send(device, message);
    RawAmqpClient.Receiver receiver = client.serviceReceiver(hub, FEEDBACK);

    // WHEN it expires, the hub sweeps, and the batching window passes
    hub.clock().advance(Duration.ofMinutes(2));
    hub.core().sweepExpired();
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);

    // THEN
    JsonObject record = records(receiver.take(1).get(0)).getJsonObject(0);
    assertThat(record.getString("originalMessageId")).isEqualTo("expiring-1");
    assertThat(record.getString("statusCode")).isEqualTo("Expired");
  }

  @Test
  void writesNullForARecordWhoseMessageHadNoId() throws Exception {
    hub.core().cloudToDevice().send(device,
        OutgoingMessage.of(new byte[0]).withAck(Acknowledgement.POSITIVE));
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    cloudToDevice.complete(device, cloudToDevice.receive(device).orElseThrow().lock().orElseThrow().token());
    RawAmqpClient.Receiver receiver = client.serviceReceiver(hub, FEEDBACK);

    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    JsonObject record = records(receiver.take(1).get(0)).getJsonObject(0);

    assertThat(record.containsKey("originalMessageId")).isTrue();
    assertThat(record.getValue("originalMessageId")).isNull();
  }

  @Test
  void refusesAReceiverWithoutAClaim() throws Exception {
    RawAmqpClient.Receiver receiver = client.receiver(FEEDBACK);

    assertThat(receiver.isOpen()).isFalse();
    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("amqp:unauthorized-access");
  }

  @Test
  void readsNothingForAReceiverWithoutCredit() throws Exception {
    // GIVEN a due batch and a receiver that grants no credit
    completedWithFullAck("waiting-1");
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    RawAmqpClient.Receiver receiver = client.serviceReceiver(hub, FEEDBACK);
    int lockedBefore = hub.storeCalls("CloudToDeviceStore.lockFeedback");

    // WHEN it grants one
    receiver.flow(1);

    // THEN the batch is locked for it only then
    assertThat(lockedBefore).isZero();
    assertThat(records(receiver.next()).getJsonObject(0).getString("originalMessageId")).isEqualTo("waiting-1");
  }

  private void sendWithAck(String messageId, Acknowledgement ack) {
    hub.core().cloudToDevice().send(device, OutgoingMessage.of(messageId.getBytes(StandardCharsets.UTF_8))
        .withProperties(SystemProperties.ofMessageId(messageId)).withAck(ack));
  }

  private void completedWithFullAck(String messageId) {
    sendWithAck(messageId, Acknowledgement.FULL);
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    cloudToDevice.complete(device, cloudToDevice.receive(device).orElseThrow().lock().orElseThrow().token());
  }

  private static JsonArray records(Message batch) {
    Binary body = ((Data) batch.getBody()).getValue();
    return new JsonArray(new String(body.getArray(), body.getArrayOffset(), body.getLength(),
        StandardCharsets.UTF_8));
  }
}
