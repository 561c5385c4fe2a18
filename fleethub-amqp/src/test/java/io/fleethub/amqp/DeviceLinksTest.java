package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Authentication;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.DeviceSpec;
import io.fleethub.core.registry.DeviceStatus;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.twin.TwinUpdate;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.testkit.pki.TestCertificates;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.proton.ProtonClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device links on the AMQP endpoint, driven by raw AMQP clients: who may open them, what they carry, and how the
 * hub refuses what IoT Hub refuses (each with an AMQP error condition, the hub serving on).
 */
class DeviceLinksTest {
  private static final Symbol UNAUTHORIZED = AmqpErrors.UNAUTHORIZED_ACCESS;

  private AmqpTestHub hub;
  private IdentityRef thermostat;
  private IdentityRef boiler;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start(AmqpTestHub.withCredentialCheckInterval(Duration.ofMillis(100)));
    thermostat = hub.registerDevice("thermostat");
    boiler = hub.registerDevice("boiler");
  }

  @AfterEach
  void stop() throws Exception {
    hub.close();
  }

  // ------------------------------------------------------------------------------------------ authentication

  @Test
  void aDeviceTokenPutOnCbsOpensTheDevicesTelemetryLinkAndItsMessagesAreStoredWithTheSendersStamps()
      throws Exception {
    try (RawAmqpClient device = RawAmqpClient.tls(hub)) {
      // GIVEN the device's own token put for its audience, as the Java SDK puts it
      Message reply = device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));
      assertThat(status(reply)).isEqualTo(200);

      // WHEN it sends a message with properties on its telemetry link
      RawAmqpClient.Sender events = device.sender("/devices/thermostat/messages/events");
      DeliveryState outcome = events.send(telemetry("21.5", "reading-1"));

      // THEN the hub accepts it once stored, with its properties and the hub's stamps
      assertThat((Object) outcome).isInstanceOf(Accepted.class);
      StoredEvent stored = onlyEventFrom("thermostat");
      assertThat(new String(stored.data().body(), StandardCharsets.UTF_8)).isEqualTo("21.5");
      assertThat(stored.data().applicationProperties()).containsExactly(Map.entry("unit", "celsius"));
      assertThat(stored.data().systemProperties())
          .containsEntry(MessageProperties.MESSAGE_ID, "reading-1")
          .containsEntry(MessageProperties.CONTENT_TYPE, "application/json")
          .containsEntry(MessageProperties.COMPONENT, "sensor")
          .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "thermostat")
          .doesNotContainKey(MessageProperties.CONNECTION_MODULE_ID);
      // AND the registry shows it connected
      assertThat(hub.core().registry().getDevice(thermostat.deviceId()).activity().connectionState())
          .isEqualTo(ConnectionState.CONNECTED);
    }
    await().untilAsserted(() ->
        assertThat(hub.core().registry().getDevice(thermostat.deviceId()).activity().connectionState())
            .isEqualTo(ConnectionState.DISCONNECTED));
  }

  @Test
  void aModuleTokenPutForItsDevicesAudienceSpeaksForTheModule() throws Exception {
    IdentityRef filter = hub.registerModule("thermostat", "filter");
    try (RawAmqpClient module = RawAmqpClient.tls(hub)) {
      // GIVEN the module's token put for the device's audience (the Java SDK's way)
      assertThat(status(module.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(filter))))
          .isEqualTo(200);

      // WHEN it sends on the module's telemetry link, THEN the message is the module's
      RawAmqpClient.Sender events = module.sender("/devices/thermostat/modules/filter/messages/events");
      assertThat((Object) events.send(telemetry("1", "m-1"))).isInstanceOf(Accepted.class);
      assertThat(onlyEventFrom("thermostat").data().systemProperties())
          .containsEntry(MessageProperties.CONNECTION_MODULE_ID, "filter");

      // AND the module's claim does not reach its device's links
      assertThat((Object) module.senderRefusal("/devices/thermostat/messages/events").getCondition())
          .isEqualTo(UNAUTHORIZED);
    }
  }

  @Test
  void aSaslPlainDeviceLoginOpensTheDevicesLinksWithoutCbs() throws Exception {
    ProtonClientOptions options = RawAmqpClient.tlsOptions().addEnabledSaslMechanism(SaslAuthenticator.PLAIN);
    try (RawAmqpClient device = RawAmqpClient.connect(options, hub.tlsPort(),
        "thermostat@sas." + AmqpTestHub.HUB_NAME, hub.deviceToken(thermostat))) {
      RawAmqpClient.Sender events = device.sender("/devices/thermostat/messages/events");

      assertThat((Object) events.send(telemetry("19", "plain-1"))).isInstanceOf(Accepted.class);
      assertThat(onlyEventFrom("thermostat").data().systemProperties())
          .containsEntry(MessageProperties.MESSAGE_ID, "plain-1");
    }
  }

  @Test
  void withoutSaslAndWithoutACertificateADeviceLinkIsRefusedAndTheHubServesOn() throws Exception {
    try (BareAmqpClient bare = BareAmqpClient.open(hub.plainPort())) {
      ErrorCondition refusal = bare.senderRefusal("/devices/thermostat/messages/events");

      assertThat((Object) refusal.getCondition())
          .isEqualTo(UNAUTHORIZED);
      assertThat(refusal.getDescription()).contains("thermostat");
    }
    assertTheHubStillTakesTelemetry();
  }

  @Test
  void aClientCertificateSpeaksForTheSelfSignedDeviceItIsRegisteredForAndNoOther() throws Exception {
    // GIVEN a device registered by the SHA-1 thumbprint of its self-signed certificate
    TestCertificates.Issued certificate = TestCertificates.rootCa("camera");
    String thumbprint = HexFormat.of().withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.der()));
    hub.core().registry().createDevice(new DeviceSpec(DeviceId.of("camera"), DeviceStatus.ENABLED, Optional.empty(),
        Authentication.selfSigned(thumbprint, thumbprint), false, Optional.empty(), List.of()));
    ProtonClientOptions options = RawAmqpClient.tlsOptions().setKeyCertOptions(new PemKeyCertOptions()
        .addCertValue(Buffer.buffer(certificate.pem())).addKeyValue(Buffer.buffer(certificate.privateKeyPem())));

    try (RawAmqpClient device = RawAmqpClient.connect(options, hub.tlsPort(), null, null)) {
      // WHEN it presents the certificate and opens its telemetry link, without any token
      RawAmqpClient.Sender events = device.sender("/devices/camera/messages/events");

      // THEN its messages are stored as authenticated by certificate
      assertThat((Object) events.send(telemetry("frame", "x509-1"))).isInstanceOf(Accepted.class);
      assertThat(onlyEventFrom("camera").data().systemProperties().get(MessageProperties.CONNECTION_AUTH_METHOD))
          .contains("\"type\":\"x509Certificate\"");
      // AND the certificate opens no other device's link
      assertThat((Object) device.senderRefusal("/devices/thermostat/messages/events").getCondition())
          .isEqualTo(UNAUTHORIZED);

      // WHEN the hub's clock passes the certificate's notAfter
      hub.clock().set(certificate.certificate().getNotAfter().toInstant().plusSeconds(1));

      // THEN its link ends, and a new one is refused
      assertThat((Object) events.awaitClosed().getCondition()).isEqualTo(UNAUTHORIZED);
      assertThat((Object) device.senderRefusal("/devices/camera/messages/events").getCondition())
          .isEqualTo(UNAUTHORIZED);
    }
  }

  @Test
  void aTokenOfAnotherDeviceIsRefusedOnCbsAndOpensNoLink() throws Exception {
    try (RawAmqpClient device = RawAmqpClient.tls(hub)) {
      // WHEN the boiler's token is put for the thermostat's audience
      Message reply = device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(boiler));

      // THEN CBS refuses it with 401, and the thermostat's link stays closed
      assertThat(status(reply)).isEqualTo(401);
      assertThat((Object) device.senderRefusal("/devices/thermostat/messages/events").getCondition())
          .isEqualTo(UNAUTHORIZED);
    }
  }

  @Test
  void aLinkToAnotherDevicesAddressIsRefused() throws Exception {
    try (RawAmqpClient device = RawAmqpClient.tls(hub)) {
      device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));

      ErrorCondition refusal = device.senderRefusal("/devices/boiler/messages/events");

      assertThat((Object) refusal.getCondition())
          .isEqualTo(UNAUTHORIZED);
      assertThat(device.sender("/devices/thermostat/messages/events").isOpen()).isTrue();
    }
  }

  @Test
  void deviceAndServiceClaimsOpenOnlyTheirOwnKindOfLink() throws Exception {
    try (RawAmqpClient client = RawAmqpClient.tls(hub)) {
      client.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));
      assertThat((Object) client.senderRefusal("/messages/devicebound").getCondition())
          .isEqualTo(UNAUTHORIZED);
    }
    try (RawAmqpClient service = RawAmqpClient.tls(hub)) {
      service.putToken(AmqpTestHub.HOST_NAME, hub.token("service", AmqpTestHub.HOST_NAME));
      assertThat((Object) service.senderRefusal("/devices/thermostat/messages/events").getCondition())
          .isEqualTo(UNAUTHORIZED);
    }
  }

  @Test
  void aMalformedFrameClosesTheConnectionWithAFramingErrorAndTheHubServesOn() throws Exception {
    try (BareAmqpClient bare = BareAmqpClient.open(hub.plainPort())) {
      // WHEN a frame header claims a size smaller than the header itself
      bare.writeRaw(new byte[] {0, 0, 0, 4, 2, 0, 0, 0, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});

      // THEN the hub closes the connection saying why
      ErrorCondition condition = bare.awaitConnectionClosed();
      assertThat(condition).isNotNull();
      assertThat(condition.getCondition().toString()).isEqualTo("amqp:connection:framing-error");
    }
    assertTheHubStillTakesTelemetry();
  }

  // ----------------------------------------------------------------------------------------- token expiry

  @Test
  void aDeviceTokensExpiryEndsItsLinksUnlessRenewedThroughCbs() throws Exception {
    try (RawAmqpClient renewing = RawAmqpClient.tls(hub); RawAmqpClient lapsing = RawAmqpClient.tls(hub)) {
      // GIVEN two devices whose tokens run out in a minute (plus the allowed clock skew)
      Duration life = Duration.ofMinutes(1);
      renewing.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat",
          hub.deviceToken(thermostat, hub.clock().instant().plus(life)));
      lapsing.putToken(AmqpTestHub.HOST_NAME + "/devices/boiler",
          hub.deviceToken(boiler, hub.clock().instant().plus(life)));
      RawAmqpClient.Sender kept = renewing.sender("/devices/thermostat/messages/events");
      RawAmqpClient.Sender lost = lapsing.sender("/devices/boiler/messages/events");

      // WHEN one renews its token and then the first tokens' time is up
      renewing.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat,
          hub.clock().instant().plus(Duration.ofHours(1))));
      hub.clock().advance(life.plus(Duration.ofMinutes(6)));

      // THEN the other's link ends as unauthorized, and the renewed one still takes messages
      assertThat((Object) lost.awaitClosed().getCondition())
          .isEqualTo(UNAUTHORIZED);
      assertThat((Object) kept.send(telemetry("20", "after-renewal"))).isInstanceOf(Accepted.class);
    }
  }

  // ------------------------------------------------------------------------------------------ message rules

  @Test
  void aMessageOver256KbIsRejectedWithMessageSizeExceededAndNothingIsStored() throws Exception {
    try (RawAmqpClient device = RawAmqpClient.tls(hub)) {
      device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));
      RawAmqpClient.Sender events = device.sender("/devices/thermostat/messages/events");
      Message tooLarge = Proton.message();
      tooLarge.setBody(new Data(new Binary(new byte[256 * 1024 + 1])));

      DeliveryState outcome = events.send(tooLarge);

      assertThat((Object) outcome).isInstanceOf(Rejected.class);
      assertThat((Object) ((Rejected) outcome).getError().getCondition()).isEqualTo(AmqpErrors.MESSAGE_SIZE_EXCEEDED);
      assertThat(hub.eventLog().all()).isEmpty();
      assertThat((Object) events.send(telemetry("ok", "after-refusal"))).isInstanceOf(Accepted.class);
    }
  }

  @Test
  void aClientThatTakesFramesOf4096BytesSendsAFullSizeMessage() throws Exception {
    ProtonClientOptions options = RawAmqpClient.tlsOptions().setMaxFrameSize(4096);
    try (RawAmqpClient device = RawAmqpClient.connect(options, hub.tlsPort(), null, null)) {
      device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));
      RawAmqpClient.Sender events = device.sender("/devices/thermostat/messages/events");
      byte[] body = new byte[250 * 1024];
      Arrays.fill(body, (byte) 'x');
      Message large = Proton.message();
      large.setBody(new Data(new Binary(body)));

      assertThat((Object) events.send(large)).isInstanceOf(Accepted.class);
      assertThat(onlyEventFrom("thermostat").data().body()).isEqualTo(body);
    }
  }

  // ------------------------------------------------------------------------------------- cloud to device

  @Test
  void aModulesDeviceboundLinkDeliversItsQueueAndReleaseBringsTheMessageBack() throws Exception {
    IdentityRef filter = hub.registerModule("thermostat", "filter");
    hub.core().cloudToDevice().send(filter, OutgoingMessage.of("reset".getBytes(StandardCharsets.UTF_8))
        .withApplicationProperties(Map.of("reason", "maintenance")));
    try (RawAmqpClient module = RawAmqpClient.tls(hub)) {
      module.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat/modules/filter", hub.deviceToken(filter));
      RawAmqpClient.Receiver devicebound =
          module.settlingReceiver("/devices/thermostat/modules/filter/messages/devicebound");

      // WHEN the module releases the first delivery
      Message first = devicebound.take(1).get(0);
      assertThat(DeviceMessages.bodyOf(first)).isEqualTo("reset".getBytes(StandardCharsets.UTF_8));
      assertThat(first.getApplicationProperties().getValue()).containsEntry("reason", "maintenance");
      assertThat(first.getAddress()).isEqualTo("/devices/thermostat/modules/filter/messages/devicebound");
      devicebound.settle(first, Released.getInstance());

      // THEN it comes again, and accepting it empties the queue
      Message again = devicebound.take(1).get(0);
      devicebound.settle(again, Accepted.getInstance());
      await().untilAsserted(() -> assertThat(hub.core().cloudToDevice().depth(filter)).isZero());
    }
  }

  // -------------------------------------------------------------------------------------------------- twin

  @Test
  void twinRequestsAreAnsweredWithStatusAndVersionAndABadPatchWithIotHubsError() throws Exception {
    try (RawAmqpClient device = RawAmqpClient.tls(hub)) {
      device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));
      RawAmqpClient.Receiver replies = device.receiver("/devices/thermostat/twin");
      RawAmqpClient.Sender requests = device.sender("/devices/thermostat/twin");
      replies.flow(10);

      // WHEN it patches its reported properties, then sends a patch that is not JSON
      requests.send(twinRequest("PATCH", TwinChannel.REPORTED, "patch-1", "{\"firmware\":\"1.2\"}"));
      Message patched = replies.next();
      requests.send(twinRequest("PATCH", TwinChannel.REPORTED, "patch-2", "firmware=1.2"));
      Message refused = replies.next();
      requests.send(twinRequest("GET", null, "get-1", ""));
      Message twin = replies.next();

      // THEN the first is answered 204 with the new reported version, the second 400 with IoT Hub's error body
      assertThat(patched.getCorrelationId()).isEqualTo("patch-1");
      assertThat(annotations(patched)).containsEntry("status", 204).containsEntry("version", 2L);
      assertThat(refused.getCorrelationId()).isEqualTo("patch-2");
      assertThat(annotations(refused)).containsEntry("status", 400);
      assertThat(new String(DeviceMessages.bodyOf(refused), StandardCharsets.UTF_8)).contains("\"errorCode\":400004");
      // AND the twin holds the first patch only
      assertThat(annotations(twin)).containsEntry("status", 200);
      assertThat(new String(DeviceMessages.bodyOf(twin), StandardCharsets.UTF_8)).contains("\"firmware\":\"1.2\"");
    }
  }

  @Test
  void desiredChangesReachTheTwinLinkBetweenPutAndDeleteOfTheSubscription() throws Exception {
    try (RawAmqpClient device = RawAmqpClient.tls(hub)) {
      device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));
      RawAmqpClient.Receiver replies = device.receiver("/devices/thermostat/twin");
      RawAmqpClient.Sender requests = device.sender("/devices/thermostat/twin");
      replies.flow(10);

      // WHEN it subscribes and the service changes a desired property
      requests.send(twinRequest("PUT", TwinChannel.DESIRED_NOTIFICATIONS, "subscribe", ""));
      Message subscribed = replies.next();
      hub.core().twins().update(thermostat, TwinUpdate.desired(desired("interval", 30)), Etag.ANY);
      Message pushed = replies.next();

      // THEN the subscription is answered 200 and the change arrives without a correlation id, with its version
      assertThat(subscribed.getCorrelationId()).isEqualTo("subscribe");
      assertThat(annotations(subscribed)).containsEntry("status", 200);
      assertThat(pushed.getCorrelationId()).isNull();
      assertThat(annotations(pushed)).containsEntry("resource", TwinChannel.DESIRED).containsEntry("version", 2L);
      assertThat(new String(DeviceMessages.bodyOf(pushed), StandardCharsets.UTF_8))
          .contains("\"interval\":30").contains("\"$version\":2");

      // WHEN it unsubscribes and the service changes the property again
      requests.send(twinRequest("DELETE", TwinChannel.DESIRED_NOTIFICATIONS, "unsubscribe", ""));
      Message unsubscribed = replies.next();
      hub.core().twins().update(thermostat, TwinUpdate.desired(desired("interval", 60)), Etag.ANY);
      requests.send(twinRequest("GET", null, "get-after", ""));

      // THEN nothing is pushed: the next message on the link is the answer to its GET, showing the new value
      Message next = replies.next();
      assertThat(annotations(unsubscribed)).containsEntry("status", 200);
      assertThat(next.getCorrelationId()).isEqualTo("get-after");
      assertThat(new String(DeviceMessages.bodyOf(next), StandardCharsets.UTF_8)).contains("\"interval\":60");
    }
  }

  private static ObjectNode desired(String name, int value) {
    return JsonNodeFactory.instance.objectNode().put(name, value);
  }

  private static Message twinRequest(String operation, String resource, String correlationId, String body) {
    Message request = Proton.message();
    request.setCorrelationId(correlationId);
    Map<Symbol, Object> annotations = new HashMap<>();
    annotations.put(Symbol.valueOf("operation"), operation);
    if (resource != null) {
      annotations.put(Symbol.valueOf("resource"), resource);
    }
    request.setMessageAnnotations(new MessageAnnotations(annotations));
    request.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
    return request;
  }

  private static Map<String, Object> annotations(Message message) {
    Map<String, Object> byName = new HashMap<>();
    message.getMessageAnnotations().getValue().forEach((key, value) -> byName.put(key.toString(), value));
    return byName;
  }

  @Test
  void aModulesReceiverOfItsInputsStaysOpenAndSilentWhileADevicesReceiverOfItsEventsIsNotAllowed()
      throws Exception {
    IdentityRef filter = hub.registerModule("thermostat", "filter");
    try (RawAmqpClient module = RawAmqpClient.tls(hub); RawAmqpClient device = RawAmqpClient.tls(hub)) {
      module.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat/modules/filter", hub.deviceToken(filter));
      device.putToken(AmqpTestHub.HOST_NAME + "/devices/thermostat", hub.deviceToken(thermostat));

      RawAmqpClient.Receiver inputs = module.receiver("/devices/thermostat/modules/filter/messages/events");
      RawAmqpClient.Receiver events = device.receiver("/devices/thermostat/messages/events");

      assertThat(inputs.isOpen()).isTrue();
      assertThat((Object) events.awaitClosed().getCondition()).isEqualTo(AmqpErrors.NOT_ALLOWED);
      // AND the module's other links still work beside it
      assertThat((Object) module.sender("/devices/thermostat/modules/filter/messages/events")
          .send(telemetry("1", "beside-inputs"))).isInstanceOf(Accepted.class);
      inputs.flow(1);
      assertThat(inputs.messages).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private void assertTheHubStillTakesTelemetry() throws Exception {
    try (RawAmqpClient device = RawAmqpClient.tls(hub)) {
      device.putToken(AmqpTestHub.HOST_NAME + "/devices/boiler", hub.deviceToken(boiler));
      assertThat(device.sender("/devices/boiler/messages/events").send(telemetry("60", "still-serving")))
          .isInstanceOf(Accepted.class);
    }
  }

  private StoredEvent onlyEventFrom(String deviceId) {
    List<StoredEvent> events = hub.eventLog().all().stream()
        .filter(event -> deviceId.equals(event.data().systemProperties().get(MessageProperties.CONNECTION_DEVICE_ID)))
        .toList();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private static Message telemetry(String body, String messageId) {
    Message message = Proton.message();
    message.setMessageId(messageId);
    message.setContentType("application/json");
    message.setApplicationProperties(new ApplicationProperties(new HashMap<>(Map.of("unit", "celsius",
        MessageProperties.CONNECTION_DEVICE_ID, "spoofed"))));
    message.setMessageAnnotations(new MessageAnnotations(new HashMap<>(Map.of(
        Symbol.valueOf(MessageProperties.COMPONENT), "sensor"))));
    message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
    return message;
  }

  private static int status(Message reply) {
    return (Integer) reply.getApplicationProperties().getValue().get("status-code");
  }
}
