package io.fleethub.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubDeviceMaximumQueueDepthExceededException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
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
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import io.fleethub.testkit.azure.TwinCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a back end controls a device, from the official service SDK (iot-service-client 2.1.9: TwinClient,
 * DirectMethodsClient, MessagingClient and MessageFeedbackProcessorClient over AMQPS and AMQP over WebSockets) to
 * the official device SDK (iot-device-client 2.5.0 over MQTT, AMQP and each over WebSockets), through a hub on the Azure
 * ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceToDeviceCompatibilityTest {
  /** Bounds that only end a hung run; nothing here is expected to take more than a second or two. */
  private static final Duration DELIVERY = Duration.ofSeconds(30);
  /** The hub batches feedback for up to 15 s and sweeps expired messages every 5 s. */
  private static final Duration FEEDBACK = Duration.ofSeconds(60);

  private CompatHub hub;
  private RegistryClient registry;
  private TwinClient twins;
  private DirectMethodsClient methods;

  @BeforeAll
  void startHubAndServiceClients() throws Exception {
    hub = CompatHub.start();
    String owner = hub.ownerConnectionString();
    registry = new RegistryClient(owner);
    twins = new TwinClient(owner);
    methods = new DirectMethodsClient(owner);
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  static Stream<IotHubClientProtocol> protocols() {
    return Stream.of(IotHubClientProtocol.MQTT, IotHubClientProtocol.MQTT_WS, IotHubClientProtocol.AMQPS,
        IotHubClientProtocol.AMQPS_WS);
  }

  static Stream<IotHubClientProtocol> amqpProtocols() {
    return Stream.of(IotHubClientProtocol.AMQPS, IotHubClientProtocol.AMQPS_WS);
  }

  static Stream<IotHubServiceClientProtocol> serviceProtocols() {
    return Stream.of(IotHubServiceClientProtocol.AMQPS, IotHubServiceClientProtocol.AMQPS_WS);
  }

  /** Each device protocol once, with the service protocols taking turns: the two sides are independent. */
  static Stream<Arguments> deviceAndServiceProtocols() {
    List<IotHubServiceClientProtocol> services = serviceProtocols().toList();
    List<IotHubClientProtocol> devices = protocols().toList();
    return IntStream.range(0, devices.size())
        .mapToObj(i -> Arguments.of(devices.get(i), services.get((i + i / services.size()) % services.size())));
  }

  // ---------------------------------------------------------------------------------------------------- twins

  @ParameterizedTest
  @MethodSource("protocols")
  void desiredPatchesReachTheDeviceAndReportedPropertiesReachTheService(IotHubClientProtocol protocol)
      throws Exception {
    // GIVEN a connected device subscribed to its desired properties
    String id = register("twin");
    DeviceClient device = deviceClient(id, protocol);
    Queue<com.microsoft.azure.sdk.iot.device.twin.Twin> patches = new ConcurrentLinkedQueue<>();
    device.open(true);
    try {
      device.subscribeToDesiredProperties((twin, context) -> patches.add(twin), null);

      // WHEN the service patches tags and desired properties
      Twin twin = twins.get(id);
      twin.getTags().put("building", "north");
      twin.getDesiredProperties().put("targetTemperature", 21);
      twin.getDesiredProperties().put("mode", "eco");
      Twin patched = twins.patch(twin);

      // THEN the device receives the desired patch with the new $version
      assertThat(patched.getTags()).containsEntry("building", "north");
      int desiredVersion = patched.getDesiredProperties().getVersion();
      await().atMost(DELIVERY).until(() -> patches.stream()
          .anyMatch(p -> Integer.valueOf(desiredVersion).equals(p.getDesiredProperties().getVersion())));
      com.microsoft.azure.sdk.iot.device.twin.TwinCollection received = patches.stream()
          .filter(p -> Integer.valueOf(desiredVersion).equals(p.getDesiredProperties().getVersion()))
          .findFirst().orElseThrow().getDesiredProperties();
      assertThat(received).containsEntry("mode", "eco");
      assertThat(((Number) received.get("targetTemperature")).intValue()).isEqualTo(21);

      // WHEN the device reports properties
      com.microsoft.azure.sdk.iot.device.twin.TwinCollection reported =
          new com.microsoft.azure.sdk.iot.device.twin.TwinCollection();
      reported.put("temperature", 20.5);
      reported.put("firmware", "1.2.3");
      ReportedPropertiesUpdateResponse response = TwinCalls.updateReported(device, reported);

      // THEN the service sees them, at the version the device was told, with their metadata
      Twin read = twins.get(id);
      assertThat(read.getReportedProperties()).containsEntry("firmware", "1.2.3");
      assertThat(((Number) read.getReportedProperties().get("temperature")).doubleValue()).isEqualTo(20.5);
      assertThat(read.getReportedProperties().getVersion()).isEqualTo(response.getVersion());
      assertThat(read.getReportedProperties().getTwinMetadata("firmware").getLastUpdated()).isNotNull();
      assertThat(read.getDesiredProperties().getTwinMetadata("mode").getLastUpdated()).isNotNull();
    } finally {
      device.close();
    }
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void afterAReconnectTheDeviceReadsTheDesiredStateItMissed(IotHubClientProtocol protocol) throws Exception {
    // GIVEN a device that is offline while the service changes its desired properties
    String id = register("twin-offline");
    Twin twin = twins.get(id);
    twin.getDesiredProperties().put("interval", 60);
    twins.patch(twin);

    // WHEN it connects and reads its twin
    DeviceClient device = deviceClient(id, protocol);
    device.open(true);
    com.microsoft.azure.sdk.iot.device.twin.Twin read;
    try {
      // The SDK refuses getTwin before the device subscribes to its desired properties.
      device.subscribeToDesiredProperties((desired, context) -> { }, null);
      read = TwinCalls.get(device);
    } finally {
      device.close();
    }

    // THEN it sees the current desired state
    assertThat(((Number) read.getDesiredProperties().get("interval")).intValue()).isEqualTo(60);
    assertThat(read.getDesiredProperties().getVersion()).isEqualTo(2);
  }

  @Test
  void anUpdateWithAStaleEtagFailsWithThePreconditionException() throws Exception {
    // GIVEN a twin read by two back ends, one of which then updated it
    String id = register("twin-etag");
    Twin first = twins.get(id);
    Twin second = twins.get(id);
    first.getTags().put("owner", "first");
    twins.patch(first);

    // WHEN the other updates with the etag it read
    second.getTags().put("owner", "second");

    // THEN the SDK reports a failed precondition and the first update stands
    assertThatThrownBy(() -> twins.patch(second, second.getETag()))
        .isInstanceOf(IotHubPreconditionFailedException.class);
    assertThat(twins.get(id).getTags()).containsEntry("owner", "first");
  }

  // -------------------------------------------------------------------------------------------------- methods

  @ParameterizedTest
  @MethodSource("protocols")
  void aConnectedDeviceAnswersADirectMethod(IotHubClientProtocol protocol) throws Exception {
    // GIVEN a connected device answering methods
    String id = register("method");
    DeviceClient device = deviceClient(id, protocol);
    device.open(true);
    try {
      device.subscribeToMethods((name, payload, context) -> {
        JsonObject answer = new JsonObject();
        answer.addProperty("method", name);
        answer.addProperty("received", payload.getPayloadAsJsonString());
        return new DirectMethodResponse(200, answer);
      }, null);

      // WHEN the service invokes a method with a payload
      Map<String, Object> payload = Map.of("durationSeconds", 5);
      com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse response = methods.invoke(id, "reboot",
          DirectMethodRequestOptions.builder().payload(payload).methodResponseTimeoutSeconds(30).build());

      // THEN it gets the device's status and payload
      assertThat(response.getStatus()).isEqualTo(200);
      JsonObject answer = response.getPayloadAsJsonElement().getAsJsonObject();
      assertThat(answer.get("method").getAsString()).isEqualTo("reboot");
      assertThat(answer.get("received").getAsString()).isEqualTo("{\"durationSeconds\":5}");
    } finally {
      device.close();
    }
  }

  @Test
  void aMethodOnAnOfflineDeviceFailsWithNotFound() throws Exception {
    // GIVEN a registered device that is not connected
    String id = register("method-offline");

    // WHEN a method is invoked without waiting for it to connect (the SDK's default waits 200 s, longer than
    // its own 24 s read timeout), THEN the SDK reports that the device was not found online
    assertThatThrownBy(() -> methods.invoke(id, "reboot",
        DirectMethodRequestOptions.builder().methodConnectTimeoutSeconds(0).build()))
        .isInstanceOf(IotHubNotFoundException.class);
  }

  @Test
  void aMethodTheDeviceNeverAnswersTimesOut() throws Exception {
    // GIVEN a connected device that subscribed to methods but takes longer than the caller waits
    String id = register("method-silent");
    DeviceClient device = deviceClient(id, IotHubClientProtocol.MQTT);
    device.open(true);
    try {
      device.subscribeToMethods((name, payload, context) -> {
        sleep(Duration.ofSeconds(8));
        return new DirectMethodResponse(200, null);
      }, null);

      // WHEN the service invokes with the smallest response timeout, THEN the SDK reports a gateway timeout
      assertThatThrownBy(() -> methods.invoke(id, "hang",
          DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(5).build()))
          .isInstanceOf(IotHubGatewayTimeoutException.class);
    } finally {
      device.close();
    }
  }

  @Test
  void aDeviceThatConnectsWithinTheConnectTimeoutGetsTheCall() throws Exception {
    // GIVEN a call made while the device is offline, willing to wait 30 s for it to connect
    String id = register("method-late");
    CompletableFuture<com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse> call =
        CompletableFuture.supplyAsync(() -> {
          try {
            return methods.invoke(id, "wake", DirectMethodRequestOptions.builder()
                .methodConnectTimeoutSeconds(30).methodResponseTimeoutSeconds(30).build());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });

    // WHEN the device connects and subscribes during that time
    sleep(Duration.ofSeconds(1));
    DeviceClient device = deviceClient(id, IotHubClientProtocol.MQTT);
    device.open(true);
    try {
      device.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(202, "awake"), null);

      // THEN the call succeeds with the device's answer
      com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse response =
          call.get(DELIVERY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.getStatus()).isEqualTo(202);
      assertThat(response.getPayloadAsJsonString()).isEqualTo("\"awake\"");
    } finally {
      device.close();
    }
  }

  // ---------------------------------------------------------------------------------------- cloud to device

  @ParameterizedTest
  @MethodSource("deviceAndServiceProtocols")
  void aHundredMessagesReachTheDeviceWithTheirPropertiesAndFullAckYieldsSuccessFeedback(
      IotHubClientProtocol protocol, IotHubServiceClientProtocol serviceProtocol) throws Exception {
    // GIVEN a connected device that completes every message, and a back end sending and reading feedback
    String id = register("c2d");
    DeviceClient device = deviceClient(id, protocol);
    Queue<com.microsoft.azure.sdk.iot.device.Message> received = new ConcurrentLinkedQueue<>();
    device.setMessageCallback((message, context) -> {
      received.add(message);
      return IotHubMessageResult.COMPLETE;
    }, null);
    List<String> fullAck = new ArrayList<>();
    try (ServiceSide service = ServiceSide.open(hub, serviceProtocol)) {
      device.open(true);
      try {
        // WHEN the service sends 100 messages with properties, every other one asking for full feedback
        for (int i = 0; i < 100; i++) {
          Message message = new Message("command " + i);
          message.setMessageId("c2d-" + id + "-" + i);
          message.setCorrelationId("corr-" + i);
          Map<String, String> properties = new HashMap<>();
          properties.put("index", String.valueOf(i));
          properties.put("kind", "command with spaces & symbols=?");
          message.setProperties(properties);
          if (i % 2 == 0) {
            message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
            fullAck.add(message.getMessageId());
          } else {
            message.setDeliveryAcknowledgement(DeliveryAcknowledgement.None);
          }
          service.messaging().send(id, message);
        }

        // THEN the device receives each one once, with its body, ids and properties
        await().atMost(DELIVERY).until(() -> received.size() >= 100);
      } finally {
        device.close();
      }
      assertThat(received).hasSize(100);
      for (com.microsoft.azure.sdk.iot.device.Message message : received) {
        String index = message.getProperty("index");
        assertThat(new String(message.getBytes(), UTF_8)).isEqualTo("command " + index);
        assertThat(message.getMessageId()).isEqualTo("c2d-" + id + "-" + index);
        assertThat(message.getCorrelationId()).isEqualTo("corr-" + index);
        assertThat(message.getProperty("kind")).isEqualTo("command with spaces & symbols=?");
      }
      assertThat(received).extracting(m -> m.getProperty("index")).doesNotHaveDuplicates();

      // AND the feedback receiver gets Success for exactly the messages that asked for it
      await().atMost(FEEDBACK).until(() -> service.feedbackFor(id).size() >= fullAck.size());
      assertThat(service.feedbackFor(id)).extracting(FeedbackRecord::getOriginalMessageId)
          .containsExactlyInAnyOrderElementsOf(fullAck);
      assertThat(service.feedbackFor(id)).extracting(FeedbackRecord::getStatusCode)
          .containsOnly(FeedbackStatusCode.success);
    }
  }

  @ParameterizedTest
  @MethodSource("amqpProtocols")
  void aMessageAbandonedOverAmqpIsDeliveredAgainAndItsCompletionYieldsSuccessFeedback(IotHubClientProtocol protocol)
      throws Exception {
    // GIVEN a device that abandons (AMQP Released) the first delivery of a message and completes the next
    String id = register("amqp-abandon");
    AtomicInteger deliveries = new AtomicInteger();
    Queue<String> received = new ConcurrentLinkedQueue<>();
    DeviceClient device = deviceClient(id, protocol);
    device.setMessageCallback((message, context) -> {
      received.add(message.getMessageId());
      return deliveries.incrementAndGet() == 1 ? IotHubMessageResult.ABANDON : IotHubMessageResult.COMPLETE;
    }, null);
    try (ServiceSide service = ServiceSide.open(hub, IotHubServiceClientProtocol.AMQPS)) {
      device.open(true);
      try {
        // WHEN the service sends it one message with full feedback
        Message message = new Message("try again");
        message.setMessageId("abandoned-" + id);
        message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
        service.messaging().send(id, message);

        // THEN the device gets it twice, and its completion yields Success feedback
        await().atMost(DELIVERY).until(() -> received.size() >= 2);
        await().atMost(FEEDBACK).until(() -> !service.feedbackFor(id).isEmpty());
      } finally {
        device.close();
      }
      assertThat(received).containsExactly("abandoned-" + id, "abandoned-" + id);
      assertThat(service.feedbackFor(id)).extracting(FeedbackRecord::getStatusCode)
          .containsExactly(FeedbackStatusCode.success);
    }
  }

  @ParameterizedTest
  @MethodSource("amqpProtocols")
  void aMessageRejectedOverAmqpIsDeadLetteredWithRejectedFeedback(IotHubClientProtocol protocol) throws Exception {
    // GIVEN a device that rejects (AMQP Rejected) every message
    String id = register("amqp-reject");
    Queue<String> received = new ConcurrentLinkedQueue<>();
    DeviceClient device = deviceClient(id, protocol);
    device.setMessageCallback((message, context) -> {
      received.add(message.getMessageId());
      return IotHubMessageResult.REJECT;
    }, null);
    try (ServiceSide service = ServiceSide.open(hub, IotHubServiceClientProtocol.AMQPS_WS)) {
      device.open(true);
      try {
        // WHEN the service sends it a message asking for negative feedback
        Message message = new Message("unwanted");
        message.setMessageId("rejected-" + id);
        message.setDeliveryAcknowledgement(DeliveryAcknowledgement.NegativeOnly);
        service.messaging().send(id, message);

        // THEN Rejected feedback arrives for it
        await().atMost(FEEDBACK).until(() -> !service.feedbackFor(id).isEmpty());
      } finally {
        device.close();
      }
      FeedbackRecord record = service.feedbackFor(id).get(0);
      assertThat(record.getOriginalMessageId()).isEqualTo("rejected-" + id);
      assertThat(record.getStatusCode()).isEqualTo(FeedbackStatusCode.rejected);
      // AND the device got it once, and its queue is empty
      assertThat(received).containsExactly("rejected-" + id);
      assertThat(registry.getDevice(id).getCloudToDeviceMessageCount()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("serviceProtocols")
  void aMessageThatExpiresBeforeAnOfflineDeviceConnectsYieldsExpiredFeedback(
      IotHubServiceClientProtocol serviceProtocol) throws Exception {
    // GIVEN an offline device
    String id = register("c2d-expired");
    try (ServiceSide service = ServiceSide.open(hub, serviceProtocol)) {
      // WHEN the service sends it a message living one second, with negative feedback requested
      Message message = new Message("too late");
      message.setMessageId("expiring-" + id);
      message.setExpiryTimeUtc(new Date(System.currentTimeMillis() + 1_000));
      message.setDeliveryAcknowledgement(DeliveryAcknowledgement.NegativeOnly);
      service.messaging().send(id, message);

      // THEN Expired feedback arrives for it
      await().atMost(FEEDBACK).until(() -> !service.feedbackFor(id).isEmpty());
      FeedbackRecord record = service.feedbackFor(id).get(0);
      assertThat(record.getOriginalMessageId()).isEqualTo("expiring-" + id);
      assertThat(record.getStatusCode()).isEqualTo(FeedbackStatusCode.expired);
    }
  }

  @ParameterizedTest
  @MethodSource("serviceProtocols")
  void theFiftyFirstQueuedMessageIsRefusedAndPurgeEmptiesTheQueue(IotHubServiceClientProtocol serviceProtocol)
      throws Exception {
    try (ServiceSide service = ServiceSide.open(hub, serviceProtocol)) {
      // GIVEN an offline device with 50 messages queued
      String id = register("c2d-full");
      for (int i = 0; i < 50; i++) {
        service.messaging().send(id, new Message("queued " + i));
      }

      // WHEN the service sends a 51st, THEN the SDK reports the full queue
      assertThatThrownBy(() -> service.messaging().send(id, new Message("one too many")))
          .isInstanceOf(IotHubDeviceMaximumQueueDepthExceededException.class);
      assertThat(registry.getDevice(id).getCloudToDeviceMessageCount()).isEqualTo(50);

      // WHEN the service purges the queue (DELETE /devices/{id}/commands, as the Node and .NET SDKs call it)
      int purged = hub.purgeCloudToDeviceQueue(id);

      // THEN all 50 were purged, and a device that connects afterwards receives nothing
      assertThat(purged).isEqualTo(50);
      assertThat(registry.getDevice(id).getCloudToDeviceMessageCount()).isZero();
      service.messaging().send(id, new Message("after purge"));
      Queue<String> received = new ConcurrentLinkedQueue<>();
      DeviceClient device = deviceClient(id, IotHubClientProtocol.MQTT);
      device.setMessageCallback((m, context) -> {
        received.add(new String(m.getBytes(), UTF_8));
        return IotHubMessageResult.COMPLETE;
      }, null);
      device.open(true);
      try {
        await().atMost(DELIVERY).until(() -> !received.isEmpty());
      } finally {
        device.close();
      }
      assertThat(received).containsExactly("after purge");
    }
  }

  // ------------------------------------------------------------------------------------------------ X.509

  @ParameterizedTest
  @MethodSource("amqpProtocols")
  void aSelfSignedX509DeviceOverAmqpTakesPartInTwinsMethodsAndCloudToDevice(IotHubClientProtocol protocol)
      throws Exception {
    // GIVEN a device registered with a self-signed certificate's thumbprint, connected over AMQP with it
    String id = "x509-amqp-" + UUID.randomUUID().toString().substring(0, 8);
    DeviceCertificates.Issued certificate = DeviceCertificates.selfSigned(id);
    Device registered = new Device(id, AuthenticationType.SELF_SIGNED);
    registered.setThumbprint(certificate.sha1Thumbprint(), certificate.sha1Thumbprint());
    registry.addDevice(registered);
    DeviceClient device = new DeviceClient("HostName=" + CompatHub.HOST_NAME + ";DeviceId=" + id + ";x509=true",
        protocol, ClientOptions.builder().sslContext(certificate.clientContext(hub.info().caCertificate())).build());
    Queue<com.microsoft.azure.sdk.iot.device.twin.Twin> patches = new ConcurrentLinkedQueue<>();
    Queue<String> commands = new ConcurrentLinkedQueue<>();
    device.setMessageCallback((message, context) -> {
      commands.add(new String(message.getBytes(), UTF_8));
      return IotHubMessageResult.COMPLETE;
    }, null);
    try (ServiceSide service = ServiceSide.open(hub, IotHubServiceClientProtocol.AMQPS)) {
      device.open(true);
      try {
        device.subscribeToDesiredProperties((twin, context) -> patches.add(twin), null);
        device.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(201, name), null);

        // WHEN the service patches a desired property, invokes a method and sends a message
        Twin twin = twins.get(id);
        twin.getDesiredProperties().put("interval", 30);
        int desiredVersion = twins.patch(twin).getDesiredProperties().getVersion();
        com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse answer = methods.invoke(id, "identify",
            DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(30).build());
        service.messaging().send(id, new Message("calibrate"));

        // THEN the device gets all three, and the service its answer
        await().atMost(DELIVERY).until(() -> patches.stream()
            .anyMatch(p -> Integer.valueOf(desiredVersion).equals(p.getDesiredProperties().getVersion())));
        assertThat(answer.getStatus()).isEqualTo(201);
        assertThat(answer.getPayloadAsJsonElement().getAsString()).isEqualTo("identify");
        await().atMost(DELIVERY).until(() -> !commands.isEmpty());
        assertThat(commands).containsExactly("calibrate");

        // AND its reported properties reach the service
        com.microsoft.azure.sdk.iot.device.twin.TwinCollection reported =
            new com.microsoft.azure.sdk.iot.device.twin.TwinCollection();
        reported.put("interval", 30);
        TwinCalls.updateReported(device, reported);
        assertThat(((Number) twins.get(id).getReportedProperties().get("interval")).intValue()).isEqualTo(30);
      } finally {
        device.close();
      }
    }
  }

  // -------------------------------------------------------------------------------------------------- helpers

  private String register(String purpose) throws Exception {
    String id = purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    registry.addDevice(new Device(id, AuthenticationType.SAS));
    return id;
  }

  private DeviceClient deviceClient(String id, IotHubClientProtocol protocol) throws Exception {
    Device device = registry.getDevice(id);
    String connectionString =
        "HostName=" + CompatHub.HOST_NAME + ";DeviceId=" + id + ";SharedAccessKey=" + device.getPrimaryKey();
    return new DeviceClient(connectionString, protocol, ClientOptions.builder()
        .sslContext(IotHubSSLContext.getSSLContextFromFile(hub.info().caCertificate().toString()))
        .build());
  }

  /**
   * A back end's cloud-to-device side for one test: a {@link MessagingClient} and a running
   * {@link MessageFeedbackProcessorClient} over one protocol, the feedback records it completed kept in arrival
   * order. Only one is open at a time, so feedback cannot go to another test's processor.
   */
  private record ServiceSide(MessagingClient messaging, MessageFeedbackProcessorClient feedbackProcessor,
      Queue<FeedbackRecord> feedback) implements AutoCloseable {

    static ServiceSide open(CompatHub hub, IotHubServiceClientProtocol protocol) throws Exception {
      String owner = hub.ownerConnectionString();
      SSLContext trustHub = IotHubSSLContext.getSSLContextFromFile(hub.info().caCertificate().toString());
      Queue<FeedbackRecord> feedback = new ConcurrentLinkedQueue<>();
      MessagingClient messaging = new MessagingClient(owner, protocol,
          MessagingClientOptions.builder().sslContext(trustHub).build());
      MessageFeedbackProcessorClient feedbackProcessor = new MessageFeedbackProcessorClient(owner, protocol,
          batch -> {
            feedback.addAll(batch.getRecords());
            return AcknowledgementType.COMPLETE;
          }, MessageFeedbackProcessorClientOptions.builder().sslContext(trustHub).build());
      messaging.open();
      try {
        feedbackProcessor.start();
      } catch (Exception e) {
        messaging.close();
        throw e;
      }
      return new ServiceSide(messaging, feedbackProcessor, feedback);
    }

    List<FeedbackRecord> feedbackFor(String deviceId) {
      return feedback.stream().filter(record -> deviceId.equals(record.getDeviceId())).toList();
    }

    @Override
    public void close() throws Exception {
      try {
        feedbackProcessor.stop();
      } finally {
        messaging.close();
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
