package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubDeviceMaximumQueueDepthExceededException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.DeliveryAcknowledgement;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackBatch;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackRecord;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackStatusCode;
import com.microsoft.azure.sdk.iot.service.messaging.Message;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.c2d.FeedbackQueue;
import io.fleethub.core.identity.IdentityRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official IoT Hub service SDK (com.microsoft.azure.sdk.iot:iot-service-client 2.1.9) sending cloud-to-device
 * messages with its {@code MessagingClient} and reading their feedback with its
 * {@code MessageFeedbackProcessorClient}, over AMQP over WebSockets through {@link ServiceSdkGateway}. What the
 * devices do is played through the core ({@code hub.core().cloudToDevice()}), on the hub's manual clock.
 */
class ServiceSdkCompatibilityTest {
  private AmqpTestHub hub;
  private ServiceSdkGateway gateway;
  private final List<MessagingClient> messagingClients = new ArrayList<>();
  private final List<MessageFeedbackProcessorClient> feedbackProcessors = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    gateway = ServiceSdkGateway.start(hub);
  }

  @AfterEach
  void stop() throws Exception {
    for (MessageFeedbackProcessorClient processor : feedbackProcessors) {
      processor.stop();
    }
    for (MessagingClient client : messagingClients) {
      client.close();
    }
    gateway.close();
    hub.close();
  }

  @Test
  void queuesAMessageForTheDeviceWithItsPropertiesAndAcknowledgement() throws Exception {
    // GIVEN a registered device and an open messaging client
    IdentityRef device = hub.registerDevice("sdk-lamp");
    MessagingClient messaging = openMessagingClient("service");
    Date expiry = Date.from(hub.clock().instant().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MILLIS));
    Message message = new Message("switch on");
    message.setMessageId("sdk-message-1");
    message.setCorrelationId("sdk-correlation-1");
    message.setUserId("back-end");
    message.setExpiryTimeUtc(expiry);
    message.setProperties(Map.of("room", "kitchen", "level", "3"));
    message.setDeliveryAcknowledgement(DeliveryAcknowledgement.PositiveOnly);

    // WHEN
    messaging.send("sdk-lamp", message);

    // THEN
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    assertThat(cloudToDevice.depth(device)).isEqualTo(1);
    CloudToDeviceMessage queued = cloudToDevice.receive(device).orElseThrow();
    assertThat(new String(queued.body(), StandardCharsets.UTF_8)).isEqualTo("switch on");
    assertThat(queued.properties().messageId()).contains("sdk-message-1");
    assertThat(queued.properties().correlationId()).contains("sdk-correlation-1");
    assertThat(queued.properties().userId()).contains("back-end");
    assertThat(queued.applicationProperties()).isEqualTo(Map.of("room", "kitchen", "level", "3"));
    assertThat(queued.ack()).isEqualTo(Acknowledgement.POSITIVE);
    assertThat(queued.expiryTime()).isEqualTo(expiry.toInstant());
  }

  @Test
  void queuesAMessageForAModule() throws Exception {
    // GIVEN
    hub.registerDevice("sdk-gateway");
    IdentityRef module = hub.registerModule("sdk-gateway", "relay");
    MessagingClient messaging = openMessagingClient("service");

    // WHEN
    messaging.send("sdk-gateway", "relay", new Message("to the module"));

    // THEN
    CloudToDeviceMessage queued = hub.core().cloudToDevice().receive(module).orElseThrow();
    assertThat(new String(queued.body(), StandardCharsets.UTF_8)).isEqualTo("to the module");
    assertThat(queued.ack()).isEqualTo(Acknowledgement.FULL);
  }

  @Test
  void reportsAnUnknownDeviceAsNotFound() throws Exception {
    // GIVEN
    MessagingClient messaging = openMessagingClient("service");

    // WHEN
    Throwable error = catchThrowable(() -> messaging.send("nobody", new Message("hello?")));

    // THEN
    assertThat(error).isInstanceOf(IotHubNotFoundException.class);
    assertThat(error.getMessage()).startsWith("ErrorCode:DeviceNotFound;");
  }

  @Test
  void refusesTheFiftyFirstQueuedMessageAndKeepsTheFiftyBeforeIt() throws Exception {
    // GIVEN an offline device with 50 messages queued
    IdentityRef device = hub.registerDevice("sdk-full");
    MessagingClient messaging = openMessagingClient("service");
    for (int i = 0; i < 50; i++) {
      messaging.send("sdk-full", new Message("queued " + i));
    }

    // WHEN
    Throwable error = catchThrowable(() -> messaging.send("sdk-full", new Message("one too many")));

    // THEN
    assertThat(error).isInstanceOf(IotHubDeviceMaximumQueueDepthExceededException.class);
    assertThat(error.getMessage()).startsWith("ErrorCode:DeviceMaximumQueueDepthExceeded;");
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    assertThat(cloudToDevice.depth(device)).isEqualTo(50);
    assertThat(new String(cloudToDevice.receive(device).orElseThrow().body(), StandardCharsets.UTF_8))
        .isEqualTo("queued 0");
  }

  @Test
  void refusesAClientWhosePolicyLacksServiceConnect() {
    // GIVEN a policy that may only read the registry
    hub.addPolicy("reader", AccessRight.REGISTRY_READ);
    MessagingClient messaging = gateway.messagingClient("reader");
    messagingClients.add(messaging);

    // WHEN
    Throwable error = catchThrowable(messaging::open);

    // THEN
    assertThat(error).isInstanceOf(IotHubUnauthorizedException.class);
  }

  @Test
  void deliversSuccessAndRejectedFeedbackAndCompletesItWhenTheCallbackSaysSo() throws Exception {
    // GIVEN two messages asking for full feedback, one completed and one rejected by the device
    IdentityRef device = hub.registerDevice("sdk-feedback");
    MessagingClient messaging = openMessagingClient("service");
    messaging.send("sdk-feedback", fullAck("done-1"));
    messaging.send("sdk-feedback", fullAck("refused-2"));
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    cloudToDevice.complete(device, cloudToDevice.receive(device).orElseThrow().lock().orElseThrow().token());
    cloudToDevice.reject(device, cloudToDevice.receive(device).orElseThrow().lock().orElseThrow().token());
    Queue<FeedbackBatch> batches = new ConcurrentLinkedQueue<>();
    startFeedbackProcessor(batch -> {
      batches.add(batch);
      return AcknowledgementType.COMPLETE;
    });

    // WHEN the feedback queue's batching window has passed
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);

    // THEN one batch arrives with both records
    await().until(() -> !batches.isEmpty());
    List<FeedbackRecord> records = batches.peek().getRecords();
    assertThat(records).extracting(FeedbackRecord::getOriginalMessageId).containsExactly("done-1", "refused-2");
    assertThat(records).extracting(FeedbackRecord::getStatusCode)
        .containsExactly(FeedbackStatusCode.success, FeedbackStatusCode.rejected);
    assertThat(records).extracting(FeedbackRecord::getDeviceId).containsOnly("sdk-feedback");
    assertThat(records).extracting(FeedbackRecord::getDescription).containsExactly("Success", "Rejected");
    assertThat(records.get(0).getEnqueuedTimeUtc()).isNotNull();
    // AND the hub completes the batch in the core
    await().until(() -> hub.storeCalls("CloudToDeviceStore.completeFeedback") == 1);
    hub.clock().advance(Duration.ofMinutes(2));
    assertThat(cloudToDevice.feedback().receive()).isEmpty();
  }

  @Test
  void offersAnAbandonedBatchAgain() throws Exception {
    // GIVEN one Success record, and a feedback callback that abandons the first batch it gets
    IdentityRef device = hub.registerDevice("sdk-abandon");
    MessagingClient messaging = openMessagingClient("service");
    messaging.send("sdk-abandon", fullAck("again-1"));
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    cloudToDevice.complete(device, cloudToDevice.receive(device).orElseThrow().lock().orElseThrow().token());
    Queue<FeedbackBatch> batches = new ConcurrentLinkedQueue<>();
    startFeedbackProcessor(batch -> {
      batches.add(batch);
      return batches.size() == 1 ? AcknowledgementType.ABANDON : AcknowledgementType.COMPLETE;
    });

    // WHEN
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);

    // THEN the same record comes a second time
    await().until(() -> batches.size() >= 2);
    assertThat(batches).allSatisfy(batch -> assertThat(batch.getRecords())
        .extracting(FeedbackRecord::getOriginalMessageId).containsExactly("again-1"));
  }

  @Test
  void reportsAMessageThatExpiredUndeliveredAsExpired() throws Exception {
    // GIVEN a message living one minute, asking for negative feedback, to an offline device
    hub.registerDevice("sdk-expiry");
    MessagingClient messaging = openMessagingClient("service");
    Message message = new Message("too late");
    message.setMessageId("expiring-1");
    message.setExpiryTimeUtc(Date.from(hub.clock().instant().plus(Duration.ofMinutes(1))));
    message.setDeliveryAcknowledgement(DeliveryAcknowledgement.NegativeOnly);
    messaging.send("sdk-expiry", message);
    Queue<FeedbackRecord> records = new ConcurrentLinkedQueue<>();
    startFeedbackProcessor(batch -> {
      records.addAll(batch.getRecords());
      return AcknowledgementType.COMPLETE;
    });

    // WHEN it expires and the hub sweeps, and the batching window passes
    hub.clock().advance(Duration.ofMinutes(2));
    hub.core().sweepExpired();
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);

    // THEN
    await().until(() -> !records.isEmpty());
    FeedbackRecord record = records.peek();
    assertThat(record.getOriginalMessageId()).isEqualTo("expiring-1");
    assertThat(record.getStatusCode()).isEqualTo(FeedbackStatusCode.expired);
    assertThat(record.getDeviceId()).isEqualTo("sdk-expiry");
  }

  private MessagingClient openMessagingClient(String policy) throws Exception {
    MessagingClient client = gateway.messagingClient(policy);
    messagingClients.add(client);
    client.open();
    return client;
  }

  private void startFeedbackProcessor(Function<FeedbackBatch, AcknowledgementType> callback) throws Exception {
    MessageFeedbackProcessorClient processor = gateway.feedbackProcessor("service", callback);
    feedbackProcessors.add(processor);
    processor.start();
  }

  private static Message fullAck(String messageId) {
    Message message = new Message("payload of " + messageId);
    message.setMessageId(messageId);
    message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
    return message;
  }
}
