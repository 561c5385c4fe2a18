package io.fleethub.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.CorrelatingMessageCallback;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.MessageProperty;
import com.microsoft.azure.sdk.iot.device.MessageSentCallback;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.telemetry.MessageProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official Java device SDK's DeviceClient (iot-device-client 2.5.0) over MQTT, AMQP and each over WebSockets,
 * for each way a device authenticates: its SAS key, a self-signed certificate registered by thumbprint, and a
 * certificate issued by a CA registered with the hub as verified. The device trusts the hub through
 * {@code ClientOptions.sslContext}, as the README tells Java device users to.
 *
 * <p>What the hub stored is read from its event log (every partition), as the Event Hubs-compatible endpoint
 * will later serve it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceClientCompatibilityTest {
  private static final int MESSAGES = 1_000;
  /** 1,000 messages take about a second; the bound only ends a hung run. */
  private static final Duration ALL_ACKNOWLEDGED = Duration.ofSeconds(60);
  private static final Duration STATE_CHANGE = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private CompatHub hub;
  private RegistryClient registry;
  private DeviceCertificates.Issued deviceCa;

  /** How the device proves who it is, and what the hub stamps on its messages for it. */
  enum Credential {
    SAS_KEY("sas", "iothub"),
    SELF_SIGNED_CERTIFICATE("x509Certificate", "external"),
    CA_SIGNED_CERTIFICATE("x509Certificate", "external");

    final String stampedType;
    final String stampedIssuer;

    Credential(String stampedType, String stampedIssuer) {
      this.stampedType = stampedType;
      this.stampedIssuer = stampedIssuer;
    }
  }

  /** A device registered for a test, and what its DeviceClient is built from. */
  private record RegisteredDevice(String id, String generationId, String connectionString, ClientOptions options) {
    DeviceClient client(IotHubClientProtocol protocol) {
      return new DeviceClient(connectionString, protocol, options);
    }
  }

  @BeforeAll
  void startHubWithAVerifiedDeviceCa() throws Exception {
    hub = CompatHub.start();
    registry = new RegistryClient(hub.ownerConnectionString());
    deviceCa = DeviceCertificates.certificateAuthority("Fleethub Compat Device CA");
    hub.registerVerifiedCaCertificate("compat-device-ca", deviceCa.pem());
  }

  @AfterAll
  void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  static Stream<Arguments> credentialsAndProtocols() {
    return Stream.of(IotHubClientProtocol.MQTT, IotHubClientProtocol.MQTT_WS, IotHubClientProtocol.AMQPS,
            IotHubClientProtocol.AMQPS_WS)
        .flatMap(protocol -> Stream.of(Credential.values()).map(credential -> Arguments.of(credential, protocol)));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("credentialsAndProtocols")
  void registryShowsTheDeviceConnectedWhileItsClientIsOpenAndDisconnectedAfterClose(Credential credential,
      IotHubClientProtocol protocol) throws Exception {
    // GIVEN a registered device that never connected
    RegisteredDevice device = register(credential, "presence");
    assertThat(registry.getDevice(device.id()).getConnectionState()).isEqualTo(DeviceConnectionState.Disconnected);
    DeviceClient client = device.client(protocol);
    Instant beforeOpen = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // WHEN its client opens
    client.open(true);
    Device whileOpen;
    try {
      whileOpen = registry.getDevice(device.id());
    } finally {
      client.close();
    }

    // THEN the registry showed it connected since the open (recorded before the CONNACK), and shows it
    // disconnected, no earlier, once the client closed
    assertThat(whileOpen.getConnectionState()).isEqualTo(DeviceConnectionState.Connected);
    Instant connectedAt = sdkTime(whileOpen.getConnectionStateUpdatedTime());
    assertThat(connectedAt).isBetween(beforeOpen, Instant.now());
    await().atMost(STATE_CHANGE).untilAsserted(() ->
        assertThat(registry.getDevice(device.id()).getConnectionState())
            .isEqualTo(DeviceConnectionState.Disconnected));
    assertThat(sdkTime(registry.getDevice(device.id()).getConnectionStateUpdatedTime()))
        .isAfterOrEqualTo(connectedAt);
  }

  /** The service SDK gives registry times in UTC, to the second, without zone: {@code 2026-11-22T00:51:50}. */
  private static Instant sdkTime(String time) {
    return LocalDateTime.parse(time).toInstant(ZoneOffset.UTC);
  }

  /**
   * "Send order" is the order in which the SDK put the messages on the connection, which it reports through
   * {@link CorrelatingMessageCallback#onRequestSent}. It can differ from the order of the sendEventAsync calls:
   * in iot-device-client 2.5.0 the send thread's expiry check ({@code IotHubTransport.checkForExpiredMessages})
   * takes every waiting message off the queue and puts them back at its tail, without excluding sendEventAsync,
   * which appends to that queue at the same time; messages queued meanwhile then go out before older ones.
   */
  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("credentialsAndProtocols")
  void hubStoresAThousandMessagesInSendOrderWithTheirPropertiesAndTheSendersStamps(Credential credential,
      IotHubClientProtocol protocol) throws Exception {
    // GIVEN a connected device
    RegisteredDevice device = register(credential, "telemetry");
    DeviceClient client = device.client(protocol);
    Instant start = Instant.now();
    client.open(true);
    Map<String, Message> sentById = new LinkedHashMap<>();
    IntStream.range(0, MESSAGES).mapToObj(seq -> telemetry(device.id(), seq))
        .forEach(message -> sentById.put(message.getMessageId(), message));

    // WHEN it sends 1,000 messages with system and application properties, without waiting between them
    SendRecorder sends = new SendRecorder();
    try {
      for (Message message : sentById.values()) {
        message.setCorrelatingMessageCallback(sends);
        client.sendEventAsync(message, sends, null);
      }

      // THEN the hub acknowledges every one of them
      await().atMost(ALL_ACKNOWLEDGED).until(() -> sends.answered() == MESSAGES);
      assertThat(sends.failures()).isEmpty();
    } finally {
      client.close();
    }
    Instant end = Instant.now();

    // AND its log holds exactly those 1,000, in one partition, in the order the device sent them
    List<StoredEvent> stored = hub.eventsFrom(device.id());
    assertThat(sends.transmitted()).containsExactlyInAnyOrderElementsOf(sentById.keySet());
    assertThat(stored).extracting(event -> event.data().systemProperties().get(MessageProperties.MESSAGE_ID))
        .containsExactlyElementsOf(sends.transmitted());
    assertThat(stored).extracting(StoredEvent::partition).containsOnly(stored.get(0).partition());

    // AND each with its body and properties as sent, stamped with who sent it, how it authenticated and when
    Instant previousEnqueued = start.truncatedTo(ChronoUnit.MILLIS);
    for (StoredEvent event : stored) {
      Map<String, String> system = event.data().systemProperties();
      Message message = sentById.get(system.get(MessageProperties.MESSAGE_ID));
      String which = message.getMessageId();
      assertThat(event.data().body()).as("body of %s", which).isEqualTo(message.getBytes());
      assertThat(event.data().applicationProperties()).as("application properties of %s", which)
          .isEqualTo(applicationProperties(message));
      assertThat(system).as("system properties of %s", which)
          .containsEntry(MessageProperties.CORRELATION_ID, message.getCorrelationId())
          .containsEntry(MessageProperties.CONTENT_TYPE, "application/json")
          .containsEntry(MessageProperties.CONTENT_ENCODING, "utf-8")
          .containsEntry(MessageProperties.CREATION_TIME, message.getCreationTimeUTCString())
          .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, device.id())
          .containsEntry(MessageProperties.CONNECTION_AUTH_GENERATION_ID, device.generationId())
          .containsEntry(MessageProperties.MESSAGE_SOURCE, "Telemetry")
          .doesNotContainKey(MessageProperties.CONNECTION_MODULE_ID);
      if (sendsUserId(protocol)) {
        assertThat(system).as("user id of %s", which).containsEntry(MessageProperties.USER_ID, message.getUserId());
      }
      assertAuthMethod(system.get(MessageProperties.CONNECTION_AUTH_METHOD), credential, which);
      Instant enqueued = Instant.parse(system.get(MessageProperties.ENQUEUED_TIME));
      assertThat(enqueued).as("enqueued time of %s", which)
          .isAfterOrEqualTo(previousEnqueued)
          .isBeforeOrEqualTo(end);
      previousEnqueued = enqueued;
    }
  }

  /** The SDK's AMQP transport leaves a message's user id out (AmqpsSenderLinkHandler sets no user-id). */
  private static boolean sendsUserId(IotHubClientProtocol protocol) {
    return protocol == IotHubClientProtocol.MQTT || protocol == IotHubClientProtocol.MQTT_WS;
  }

  private static void assertAuthMethod(String stamp, Credential credential, String which) throws Exception {
    JsonNode method = JSON.readTree(stamp);
    assertThat(method.path("scope").asText()).as("auth scope of %s", which).isEqualTo("device");
    assertThat(method.path("type").asText()).as("auth type of %s", which).isEqualTo(credential.stampedType);
    assertThat(method.path("issuer").asText()).as("auth issuer of %s", which).isEqualTo(credential.stampedIssuer);
  }

  /**
   * A message as an application builds one: an id and a correlation id of its own, a user id, JSON content,
   * a creation time, and application properties whose names and values need percent-encoding on the MQTT topic.
   */
  private static Message telemetry(String deviceId, int seq) {
    Message message = new Message(("{\"seq\":" + seq + ",\"temperature\":" + (20 + seq % 7) + "}").getBytes(UTF_8));
    message.setMessageId(deviceId + "-" + seq);
    message.setCorrelationId("correlation/" + deviceId + "/" + seq);
    message.setUserId("compat-user");
    message.setContentType("application/json");
    message.setContentEncoding("utf-8");
    message.setCreationTimeUTC(new Date());
    message.setProperty("seq", Integer.toString(seq));
    message.setProperty("reading kind", "temperature & humidity");
    message.setProperty("unit", "°C/%RH=x+y");
    return message;
  }

  private static Map<String, String> applicationProperties(Message message) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (MessageProperty property : message.getProperties()) {
      properties.put(property.getName(), property.getValue());
    }
    return properties;
  }


  private RegisteredDevice register(Credential credential, String purpose) throws Exception {
    String id = purpose + "-" + credential.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    String hostName = CompatHub.HOST_NAME;
    return switch (credential) {
      case SAS_KEY -> {
        Device added = registry.addDevice(new Device(id, AuthenticationType.SAS));
        yield new RegisteredDevice(id, added.getGenerationId(),
            "HostName=" + hostName + ";DeviceId=" + id + ";SharedAccessKey=" + added.getPrimaryKey(),
            ClientOptions.builder()
                .sslContext(IotHubSSLContext.getSSLContextFromFile(hub.info().caCertificate().toString()))
                .build());
      }
      case SELF_SIGNED_CERTIFICATE -> {
        DeviceCertificates.Issued certificate = DeviceCertificates.selfSigned(id);
        Device device = new Device(id, AuthenticationType.SELF_SIGNED);
        device.setThumbprint(certificate.sha1Thumbprint(), certificate.sha1Thumbprint());
        yield x509Device(registry.addDevice(device), certificate);
      }
      case CA_SIGNED_CERTIFICATE -> {
        Device added = registry.addDevice(new Device(id, AuthenticationType.CERTIFICATE_AUTHORITY));
        yield x509Device(added, DeviceCertificates.signedBy(deviceCa, id));
      }
    };
  }

  private RegisteredDevice x509Device(Device added, DeviceCertificates.Issued certificate) throws Exception {
    return new RegisteredDevice(added.getDeviceId(), added.getGenerationId(),
        "HostName=" + CompatHub.HOST_NAME + ";DeviceId=" + added.getDeviceId() + ";x509=true",
        ClientOptions.builder().sslContext(certificate.clientContext(hub.info().caCertificate())).build());
  }

  /**
   * What the SDK reports of each message: when it put it on the connection ({@code onRequestSent}, called on
   * its single send thread, so in transmit order) and the hub's answer ({@code onMessageSent}).
   */
  private static final class SendRecorder implements MessageSentCallback, CorrelatingMessageCallback {
    private final Queue<String> transmitted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    @Override
    public void onRequestSent(Message message, Object context) {
      transmitted.add(message.getMessageId());
    }

    @Override
    public void onMessageSent(Message sentMessage, IotHubClientException clientException, Object context) {
      if (clientException == null) {
        acknowledged.incrementAndGet();
      } else {
        failures.add(sentMessage.getMessageId() + ": " + clientException);
      }
    }

    @Override
    public void onRequestQueued(Message message, Object context) {}

    @Override
    public void onRequestAcknowledged(Message message, Object context, IotHubClientException e) {}

    @Override
    public void onResponseReceived(Message message, Object context, IotHubClientException e) {}

    @Override
    public void onResponseAcknowledged(Message message, Object context) {}

    int answered() {
      return acknowledged.get() + failures.size();
    }

    List<String> transmitted() {
      return List.copyOf(transmitted);
    }

    List<String> failures() {
      return List.copyOf(failures);
    }
  }
}
