package io.fleethub.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.DeliveryAcknowledgement;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackRecord;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackStatusCode;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.Message;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClientOptions;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClientOptions;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Java device SDK's DeviceClient (iot-device-client 2.5.0) over {@code HTTPS}: telemetry, single and
 * batched, with a SAS key and with a self-signed certificate; cloud-to-device messages sent by the service SDK's
 * MessagingClient (AMQPS), received by polling, and completed, abandoned or rejected with IoT Hub's effects, which
 * the MessageFeedbackProcessorClient reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceClientHttpsCompatibilityTest {
  /** The device SDK polls for cloud-to-device messages; every 25 minutes by default over HTTPS. */
  private static final int RECEIVE_INTERVAL_MILLIS = 200;
  /** Bounds that only end a hung run. */
  private static final Duration DELIVERY = Duration.ofSeconds(30);
  /** The hub batches feedback for up to 15 s. */
  private static final Duration FEEDBACK = Duration.ofSeconds(60);

  private CompatHub hub;
  private RegistryClient registry;
  private SSLContext trustHub;
  private MessagingClient messaging;
  private MessageFeedbackProcessorClient feedbackProcessor;
  private final Queue<FeedbackRecord> feedback = new ConcurrentLinkedQueue<>();

  @BeforeAll
  void startHubAndServiceClients() throws Exception {
    hub = CompatHub.start();
    String owner = hub.ownerConnectionString();
    trustHub = IotHubSSLContext.getSSLContextFromFile(hub.info().caCertificate().toString());
    registry = new RegistryClient(owner);
    messaging = new MessagingClient(owner, IotHubServiceClientProtocol.AMQPS,
        MessagingClientOptions.builder().sslContext(trustHub).build());
    messaging.open();
    feedbackProcessor = new MessageFeedbackProcessorClient(owner, IotHubServiceClientProtocol.AMQPS, batch -> {
      feedback.addAll(batch.getRecords());
      return AcknowledgementType.COMPLETE;
    }, MessageFeedbackProcessorClientOptions.builder().sslContext(trustHub).build());
    feedbackProcessor.start();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (feedbackProcessor != null) {
      feedbackProcessor.stop();
    }
    if (messaging != null) {
      messaging.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  // ------------------------------------------------------------------------------------------------ telemetry

  @Test
  void telemetrySentOneByOneAndInABatchIsStoredWithItsPropertiesAndTheSendersStamps() throws Exception {
    // GIVEN a SAS device over HTTPS
    String id = register("https-telemetry");
    Device registered = registry.getDevice(id);
    DeviceClient client = sasClient(id);
    client.open(true);
    List<com.microsoft.azure.sdk.iot.device.Message> sent = new ArrayList<>();
    try {
      // WHEN it sends three messages one by one, then three in one batch
      for (int seq = 0; seq < 3; seq++) {
        com.microsoft.azure.sdk.iot.device.Message message = telemetry(id, seq);
        client.sendEvent(message);
        sent.add(message);
      }
      List<com.microsoft.azure.sdk.iot.device.Message> batch = List.of(telemetry(id, 3), telemetry(id, 4),
          telemetry(id, 5));
      client.sendEvents(batch);
      sent.addAll(batch);
    } finally {
      client.close();
    }

    // THEN the hub stored all six in order, each with its body, properties and the device's stamps
    List<StoredEvent> stored = hub.eventsFrom(id);
    assertThat(stored).extracting(event -> event.data().systemProperties().get(MessageProperties.MESSAGE_ID))
        .containsExactlyElementsOf(sent.stream().map(com.microsoft.azure.sdk.iot.device.Message::getMessageId)
            .toList());
    for (int i = 0; i < sent.size(); i++) {
      com.microsoft.azure.sdk.iot.device.Message message = sent.get(i);
      StoredEvent event = stored.get(i);
      assertThat(event.data().body()).isEqualTo(message.getBytes());
      assertThat(event.data().applicationProperties())
          .containsEntry("seq", Integer.toString(i))
          .containsEntry("reading-kind", "temperature & humidity");
      assertThat(event.data().systemProperties())
          .containsEntry(MessageProperties.CORRELATION_ID, message.getCorrelationId())
          .containsEntry(MessageProperties.USER_ID, "compat-user")
          .containsEntry(MessageProperties.CONTENT_TYPE, "application/json")
          .containsEntry(MessageProperties.CONTENT_ENCODING, "utf-8")
          .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, id)
          .containsEntry(MessageProperties.CONNECTION_AUTH_GENERATION_ID, registered.getGenerationId())
          .containsEntry(MessageProperties.MESSAGE_SOURCE, "Telemetry")
          .containsKey(MessageProperties.ENQUEUED_TIME);
      assertThat(event.data().systemProperties().get(MessageProperties.CONNECTION_AUTH_METHOD))
          .contains("\"scope\":\"device\"").contains("\"type\":\"sas\"");
    }
  }

  @ParameterizedTest(name = "CA-signed: {0}")
  @ValueSource(booleans = {false, true})
  void aCertificateDeviceSendsTelemetryOverHttps(boolean caSigned) throws Exception {
    // GIVEN a device registered by the thumbprint of its self-signed certificate, or one whose certificate a CA
    // verified with the hub issued
    String id = "https-x509-" + UUID.randomUUID().toString().substring(0, 8);
    DeviceCertificates.Issued certificate;
    if (caSigned) {
      DeviceCertificates.Issued ca = DeviceCertificates.certificateAuthority("HTTPS Device CA " + id);
      hub.registerVerifiedCaCertificate("https-ca-" + id, ca.pem());
      certificate = DeviceCertificates.signedBy(ca, id);
      registry.addDevice(new Device(id, AuthenticationType.CERTIFICATE_AUTHORITY));
    } else {
      certificate = DeviceCertificates.selfSigned(id);
      Device device = new Device(id, AuthenticationType.SELF_SIGNED);
      device.setThumbprint(certificate.sha1Thumbprint(), certificate.sha1Thumbprint());
      registry.addDevice(device);
    }
    DeviceClient client = new DeviceClient("HostName=" + CompatHub.HOST_NAME + ";DeviceId=" + id + ";x509=true",
        IotHubClientProtocol.HTTPS,
        ClientOptions.builder().sslContext(certificate.clientContext(hub.info().caCertificate())).build());

    // WHEN it sends a message, authenticating with the certificate on the TLS connection
    client.open(true);
    try {
      client.sendEvent(telemetry(id, 0));
    } finally {
      client.close();
    }

    // THEN the hub stored it, stamped as authenticated by certificate
    assertThat(hub.eventsFrom(id)).singleElement().satisfies(event -> assertThat(
        event.data().systemProperties().get(MessageProperties.CONNECTION_AUTH_METHOD))
        .contains("\"type\":\"x509Certificate\""));
  }

  // ---------------------------------------------------------------------------------------- cloud to device

  @Test
  void messagesFromTheServiceReachTheDeviceWithTheirPropertiesAndCompletingYieldsSuccessFeedback()
      throws Exception {
    // GIVEN a device polling over HTTPS that completes every message
    String id = register("https-c2d");
    Queue<com.microsoft.azure.sdk.iot.device.Message> received = new ConcurrentLinkedQueue<>();
    DeviceClient device = sasClient(id);
    device.setMessageCallback((message, context) -> {
      received.add(message);
      return IotHubMessageResult.COMPLETE;
    }, null);
    device.open(true);
    try {
      // WHEN the service sends three messages with ids and properties, asking for full feedback
      for (int i = 0; i < 3; i++) {
        Message message = new Message("command " + i);
        message.setMessageId("https-" + id + "-" + i);
        message.setCorrelationId("corr-" + i);
        message.setProperties(Map.of("index", String.valueOf(i), "kind", "command with spaces & symbols=?"));
        message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
        messaging.send(id, message);
      }

      // THEN the device receives each once, with its body, ids and properties
      await().atMost(DELIVERY).until(() -> received.size() >= 3);
    } finally {
      device.close();
    }
    assertThat(received).hasSize(3);
    for (com.microsoft.azure.sdk.iot.device.Message message : received) {
      String index = message.getProperty("index");
      assertThat(new String(message.getBytes(), UTF_8)).isEqualTo("command " + index);
      assertThat(message.getMessageId()).isEqualTo("https-" + id + "-" + index);
      assertThat(message.getCorrelationId()).isEqualTo("corr-" + index);
      assertThat(message.getProperty("kind")).isEqualTo("command with spaces & symbols=?");
    }

    // AND the service gets Success feedback for each
    await().atMost(FEEDBACK).until(() -> feedbackFor(id).size() >= 3);
    assertThat(feedbackFor(id)).extracting(FeedbackRecord::getStatusCode).containsOnly(FeedbackStatusCode.success);
  }

  @Test
  void anAbandonedMessageIsDeliveredAgain() throws Exception {
    // GIVEN a device that abandons the first delivery of a message and completes the next
    String id = register("https-abandon");
    AtomicInteger deliveries = new AtomicInteger();
    Queue<String> received = new ConcurrentLinkedQueue<>();
    DeviceClient device = sasClient(id);
    device.setMessageCallback((message, context) -> {
      received.add(message.getMessageId());
      return deliveries.incrementAndGet() == 1 ? IotHubMessageResult.ABANDON : IotHubMessageResult.COMPLETE;
    }, null);
    device.open(true);
    try {
      // WHEN the service sends it one message with full feedback
      Message message = new Message("try again");
      message.setMessageId("abandoned-" + id);
      message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
      messaging.send(id, message);

      // THEN the device gets it twice, and its completion yields Success feedback
      await().atMost(DELIVERY).until(() -> received.size() >= 2);
      await().atMost(FEEDBACK).until(() -> !feedbackFor(id).isEmpty());
    } finally {
      device.close();
    }
    assertThat(received).containsExactly("abandoned-" + id, "abandoned-" + id);
    assertThat(feedbackFor(id)).extracting(FeedbackRecord::getStatusCode).containsExactly(FeedbackStatusCode.success);
  }

  @Test
  void aRejectedMessageIsDeadLetteredWithRejectedFeedback() throws Exception {
    // GIVEN a device that rejects every message
    String id = register("https-reject");
    Queue<String> received = new ConcurrentLinkedQueue<>();
    DeviceClient device = sasClient(id);
    device.setMessageCallback((message, context) -> {
      received.add(message.getMessageId());
      return IotHubMessageResult.REJECT;
    }, null);
    device.open(true);
    try {
      // WHEN the service sends it a message asking for negative feedback
      Message message = new Message("unwanted");
      message.setMessageId("rejected-" + id);
      message.setDeliveryAcknowledgement(DeliveryAcknowledgement.NegativeOnly);
      messaging.send(id, message);

      // THEN Rejected feedback arrives for it
      await().atMost(FEEDBACK).until(() -> !feedbackFor(id).isEmpty());
    } finally {
      device.close();
    }
    FeedbackRecord record = feedbackFor(id).get(0);
    assertThat(record.getOriginalMessageId()).isEqualTo("rejected-" + id);
    assertThat(record.getStatusCode()).isEqualTo(FeedbackStatusCode.rejected);
    // AND the device got it once, and its queue is empty
    assertThat(received).containsExactly("rejected-" + id);
    assertThat(registry.getDevice(id).getCloudToDeviceMessageCount()).isZero();
  }

  // -------------------------------------------------------------------------------------------------- helpers

  private List<FeedbackRecord> feedbackFor(String deviceId) {
    return feedback.stream().filter(record -> deviceId.equals(record.getDeviceId())).toList();
  }

  private String register(String purpose) throws Exception {
    String id = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    registry.addDevice(new Device(id, AuthenticationType.SAS));
    return id;
  }

  private DeviceClient sasClient(String id) throws Exception {
    String connectionString = "HostName=" + CompatHub.HOST_NAME + ";DeviceId=" + id + ";SharedAccessKey="
        + registry.getDevice(id).getPrimaryKey();
    return new DeviceClient(connectionString, IotHubClientProtocol.HTTPS, ClientOptions.builder()
        .sslContext(trustHub)
        .receiveInterval(RECEIVE_INTERVAL_MILLIS)
        .build());
  }

  /** A message as an application builds one; over HTTPS, header-safe (ASCII) property values. */
  private static com.microsoft.azure.sdk.iot.device.Message telemetry(String deviceId, int seq) {
    com.microsoft.azure.sdk.iot.device.Message message = new com.microsoft.azure.sdk.iot.device.Message(
        ("{\"seq\":" + seq + "}").getBytes(UTF_8));
    message.setMessageId(deviceId + "-" + seq);
    message.setCorrelationId("correlation/" + deviceId + "/" + seq);
    message.setUserId("compat-user");
    message.setContentType("application/json");
    message.setContentEncoding("utf-8");
    message.setCreationTimeUTC(new Date());
    message.setProperty("seq", Integer.toString(seq));
    message.setProperty("reading-kind", "temperature & humidity");
    return message;
  }

}
