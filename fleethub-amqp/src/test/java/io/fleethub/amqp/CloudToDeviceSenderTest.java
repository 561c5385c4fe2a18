package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.auth.AccessRight;
import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.CloudToDeviceService;
import io.fleethub.core.identity.IdentityRef;
import io.vertx.proton.ProtonClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A back end's sender to {@code /messages/devicebound}, over raw AMQP. */
class CloudToDeviceSenderTest {
  private static final String DEVICEBOUND = "/messages/devicebound";

  private AmqpTestHub hub;
  private RawAmqpClient client;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    client = RawAmqpClient.plain(hub);
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void queuesAMessageWithItsPropertiesAndAcknowledgement() throws Exception {
    // GIVEN a registered device and a sender authorised by a token for the hub
    IdentityRef device = hub.registerDevice("lamp-1");
    RawAmqpClient.Sender sender = authorisedSender();
    Instant expiry = hub.clock().instant().plus(Duration.ofMinutes(10));
    Message message = message("/devices/lamp-1/messages/devicebound", "switch on");
    Properties properties = message.getProperties();
    properties.setMessageId("message-1");
    properties.setCorrelationId("correlation-1");
    properties.setUserId(new Binary("back-end".getBytes(StandardCharsets.UTF_8)));
    properties.setContentType(Symbol.valueOf("text/plain"));
    properties.setContentEncoding(Symbol.valueOf("utf-8"));
    properties.setAbsoluteExpiryTime(Date.from(expiry));
    Map<String, Object> application = new HashMap<>();
    application.put("room", "kitchen");
    application.put("level", 3);
    application.put("dimmed", true);
    application.put("iothub-ack", "full");
    message.setApplicationProperties(new ApplicationProperties(application));

    // WHEN
    DeliveryState outcome = sender.send(message);

    // THEN
    assertThat(outcome).isInstanceOf(Accepted.class);
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    assertThat(cloudToDevice.depth(device)).isEqualTo(1);
    CloudToDeviceMessage queued = cloudToDevice.receive(device).orElseThrow();
    assertThat(new String(queued.body(), StandardCharsets.UTF_8)).isEqualTo("switch on");
    assertThat(queued.properties().messageId()).contains("message-1");
    assertThat(queued.properties().correlationId()).contains("correlation-1");
    assertThat(queued.properties().userId()).contains("back-end");
    assertThat(queued.properties().contentType()).contains("text/plain");
    assertThat(queued.properties().contentEncoding()).contains("utf-8");
    assertThat(queued.expiryTime()).isEqualTo(expiry);
    assertThat(queued.ack()).isEqualTo(Acknowledgement.FULL);
    assertThat(queued.applicationProperties())
        .isEqualTo(Map.of("room", "kitchen", "level", "3", "dimmed", "True"));
  }

  @Test
  void queuesAStringBodyForAModuleWithoutFeedbackByDefault() throws Exception {
    // GIVEN a module, and a message whose body is an AMQP string
    hub.registerDevice("gateway");
    IdentityRef module = hub.registerModule("gateway", "relay");
    RawAmqpClient.Sender sender = authorisedSender();
    Message message = message("/devices/gateway/modules/relay/messages/deviceBound", null);
    message.setBody(new AmqpValue("to the module"));

    // WHEN
    DeliveryState outcome = sender.send(message);

    // THEN
    assertThat(outcome).isInstanceOf(Accepted.class);
    CloudToDeviceMessage queued = hub.core().cloudToDevice().receive(module).orElseThrow();
    assertThat(new String(queued.body(), StandardCharsets.UTF_8)).isEqualTo("to the module");
    assertThat(queued.ack()).isEqualTo(Acknowledgement.NONE);
  }

  @Test
  void readsPercentEncodedIdsInTheTarget() throws Exception {
    // GIVEN a device whose id has characters the Node SDK encodes
    IdentityRef device = hub.registerDevice("room:1+2");
    RawAmqpClient.Sender sender = authorisedSender();

    // WHEN
    DeliveryState outcome = sender.send(message("/devices/room%3A1%2B2/messages/devicebound", "hi"));

    // THEN
    assertThat(outcome).isInstanceOf(Accepted.class);
    assertThat(hub.core().cloudToDevice().depth(device)).isEqualTo(1);
  }

  @Test
  void rejectsAMessageForAnUnknownDeviceAsNotFound() throws Exception {
    RawAmqpClient.Sender sender = authorisedSender();

    ErrorCondition error = rejection(sender.send(message("/devices/ghost/messages/devicebound", "boo")));

    assertThat(error.getCondition().toString()).isEqualTo("amqp:not-found");
    assertThat(error.getDescription()).startsWith("ErrorCode:DeviceNotFound;").contains("ghost");
    assertThat(error.getInfo()).containsKey(Symbol.valueOf("com.microsoft:tracking-id"));
  }

  @Test
  void rejectsTheFiftyFirstMessageAsQueueFullAndKeepsTheFiftyBeforeIt() throws Exception {
    // GIVEN an offline device with 50 queued messages, sent without waiting for each outcome
    IdentityRef device = hub.registerDevice("busy");
    RawAmqpClient.Sender sender = authorisedSender();
    List<CompletableFuture<DeliveryState>> outcomes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      outcomes.add(sender.sendAsync(message("/devices/busy/messages/devicebound", "queued " + i)));
    }
    for (CompletableFuture<DeliveryState> outcome : outcomes) {
      assertThat(outcome.get()).isInstanceOf(Accepted.class);
    }

    // WHEN
    ErrorCondition error = rejection(sender.send(message("/devices/busy/messages/devicebound", "one too many")));

    // THEN
    assertThat(error.getCondition().toString()).isEqualTo("amqp:resource-limit-exceeded");
    assertThat(error.getDescription()).startsWith("ErrorCode:DeviceMaximumQueueDepthExceeded;");
    CloudToDeviceService cloudToDevice = hub.core().cloudToDevice();
    assertThat(cloudToDevice.depth(device)).isEqualTo(50);
    for (int i = 0; i < 50; i++) {
      CloudToDeviceMessage queued = cloudToDevice.receive(device).orElseThrow();
      assertThat(new String(queued.body(), StandardCharsets.UTF_8)).isEqualTo("queued " + i);
    }
  }

  @Test
  void rejectsAMessageOverIotHubsSizeLimit() throws Exception {
    hub.registerDevice("small");
    RawAmqpClient.Sender sender = authorisedSender();
    Message message = message("/devices/small/messages/devicebound", null);
    message.setBody(new Data(new Binary(new byte[64 * 1024 + 1])));

    ErrorCondition error = rejection(sender.send(message));

    assertThat(error.getCondition().toString()).isEqualTo("amqp:link:message-size-exceeded");
    assertThat(error.getDescription()).startsWith("ErrorCode:MessageTooLarge;");
  }

  @Test
  void rejectsAMessageWithoutADeviceTarget() throws Exception {
    RawAmqpClient.Sender sender = authorisedSender();

    ErrorCondition missing = rejection(sender.send(message(null, "nowhere")));
    ErrorCondition wrong = rejection(sender.send(message("/devices/lamp-1/twin", "nowhere")));

    assertThat(missing.getCondition().toString()).isEqualTo("com.microsoft:argument-error");
    assertThat(missing.getDescription()).startsWith("ErrorCode:ArgumentInvalid;").contains("'to'");
    assertThat(wrong.getCondition().toString()).isEqualTo("com.microsoft:argument-error");
  }

  @Test
  void rejectsAMessageThatExpiredBeforeItArrived() throws Exception {
    hub.registerDevice("late");
    RawAmqpClient.Sender sender = authorisedSender();
    Message message = message("/devices/late/messages/devicebound", "too late");
    message.getProperties().setAbsoluteExpiryTime(Date.from(hub.clock().instant().minus(Duration.ofMinutes(1))));

    ErrorCondition error = rejection(sender.send(message));

    assertThat(error.getCondition().toString()).isEqualTo("com.microsoft:argument-error");
    assertThat(error.getDescription()).contains("expiry");
  }

  @Test
  void rejectsAnUnknownAcknowledgement() throws Exception {
    hub.registerDevice("acks");
    RawAmqpClient.Sender sender = authorisedSender();
    Message message = message("/devices/acks/messages/devicebound", "x");
    message.setApplicationProperties(new ApplicationProperties(Map.of("iothub-ack", "sometimes")));

    ErrorCondition error = rejection(sender.send(message));

    assertThat(error.getCondition().toString()).isEqualTo("com.microsoft:argument-error");
    assertThat(error.getDescription()).contains("sometimes");
  }

  @Test
  void refusesASenderWithoutAClaim() throws Exception {
    RawAmqpClient.Sender sender = client.sender(DEVICEBOUND);

    assertThat(sender.isOpen()).isFalse();
    ErrorCondition refusal = sender.awaitClosed();
    assertThat(refusal.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
    assertThat(refusal.getDescription()).contains(AmqpTestHub.HOST_NAME);
  }

  @Test
  void refusesASenderWhosePolicyLacksServiceConnect() throws Exception {
    // GIVEN a token of a policy that may only read the registry: CBS refuses it
    hub.addPolicy("reader", AccessRight.REGISTRY_READ);
    Message reply = client.putToken(AmqpTestHub.HOST_NAME, hub.token("reader", AmqpTestHub.HOST_NAME));
    assertThat(CbsPutTokenTest.statusOf(reply)).isEqualTo(401);

    // WHEN
    RawAmqpClient.Sender sender = client.sender(DEVICEBOUND);

    // THEN
    assertThat(sender.awaitClosed().getCondition().toString()).isEqualTo("amqp:unauthorized-access");
  }

  @Test
  void acceptsASenderOfASaslPlainPolicyLogin() throws Exception {
    // GIVEN a connection that logged in as the service policy
    IdentityRef device = hub.registerDevice("plain-lamp");
    String user = "service@sas.root." + AmqpTestHub.HUB_NAME;
    try (RawAmqpClient plain = RawAmqpClient.connect(new ProtonClientOptions(), hub.plainPort(), user,
        hub.token("service", AmqpTestHub.HOST_NAME))) {
      // WHEN
      RawAmqpClient.Sender sender = plain.sender(DEVICEBOUND);
      DeliveryState outcome = sender.send(message("/devices/plain-lamp/messages/devicebound", "hello"));

      // THEN
      assertThat(outcome).isInstanceOf(Accepted.class);
      assertThat(hub.core().cloudToDevice().depth(device)).isEqualTo(1);
    }
  }

  @Test
  void grantsTheConfiguredCreditAndGivesItBackAsMessagesAreSettled() throws Exception {
    // GIVEN a hub that lets a sender have 4 messages in flight
    client.close();
    hub.close();
    hub = AmqpTestHub.start(AmqpTestHub.withCloudToDeviceCredit(4));
    client = RawAmqpClient.plain(hub);
    hub.registerDevice("paced");
    RawAmqpClient.Sender sender = authorisedSender();
    await().until(() -> sender.credit() == 4);

    // WHEN
    for (int i = 0; i < 3; i++) {
      assertThat(sender.send(message("/devices/paced/messages/devicebound", "m" + i))).isInstanceOf(Accepted.class);
    }

    // THEN
    await().until(() -> sender.credit() == 4);
  }

  @Test
  void endsTheSenderWhenItsTokenExpiresUnrenewed() throws Exception {
    // GIVEN a sender authorised by a token valid for ten more minutes
    Message reply = client.putToken(AmqpTestHub.HOST_NAME, hub.token("service", AmqpTestHub.HOST_NAME,
        hub.clock().instant().plus(Duration.ofMinutes(10))));
    assertThat(CbsPutTokenTest.statusOf(reply)).isEqualTo(200);
    RawAmqpClient.Sender sender = client.sender(DEVICEBOUND);
    assertThat(sender.isOpen()).isTrue();

    // WHEN the hub's clock passes the expiry and the five minutes of clock skew
    hub.clock().advance(Duration.ofMinutes(16));

    // THEN
    ErrorCondition ended = sender.awaitClosed();
    assertThat(ended.getCondition().toString()).isEqualTo("amqp:unauthorized-access");
    assertThat(ended.getDescription()).contains("expired");
  }

  private RawAmqpClient.Sender authorisedSender() throws Exception {
    client.putServiceToken(hub);
    RawAmqpClient.Sender sender = client.sender(DEVICEBOUND);
    assertThat(sender.isOpen()).isTrue();
    return sender;
  }

  private static Message message(String to, String body) {
    Message message = Proton.message();
    Properties properties = new Properties();
    properties.setTo(to);
    message.setProperties(properties);
    if (body != null) {
      message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
    }
    return message;
  }

  private static ErrorCondition rejection(DeliveryState outcome) {
    assertThat(outcome).isInstanceOf(Rejected.class);
    return Optional.ofNullable(((Rejected) outcome).getError()).orElseThrow();
  }
}
