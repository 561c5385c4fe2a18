package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.CloudToDeviceMessage;
import io.fleethub.core.c2d.FeedbackBatch;
import io.fleethub.core.c2d.FeedbackQueue;
import io.fleethub.core.c2d.FeedbackStatus;
import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Module;
import io.fleethub.testkit.memory.InMemoryEventLog;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud-to-device messages as a raw device sees them on {@code devices/{id}/messages/devicebound/{bag}}: what the
 * topic carries, what its PUBACK does, and what happens to a message it never acknowledged.
 */
class MqttCloudToDeviceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private MqttTestHub hub;

  @AfterEach
  void stopHub() throws Exception {
    hub.close();
    assertThat(hub.eventLoopStoreCalls()).isEmpty();
  }

  private void startHub() throws Exception {
    startHub(MqttTestHub.start());
  }

  private void startHub(MqttTestHub started) {
    hub = started;
    hub.clock().set(NOW);
  }

  @Test
  void deliversAMessageQueuedWhileOfflineOnceSubscribedWithIotHubsPropertyBag() throws Exception {
    // GIVEN a message with every system property, feedback and two application properties, queued while the
    // device was offline
    startHub();
    Device device = hub.createDevice("sensor-1");
    OutgoingMessage message = OutgoingMessage.of("turn on".getBytes(StandardCharsets.UTF_8))
        .withProperties(new SystemProperties(Optional.of("m-1"), Optional.of("c 1"), Optional.of("ops"),
            Optional.of("application/json"), Optional.of("utf-8")))
        .withApplicationProperties(Map.of("color", "blue sky", "a/b", "x=y&z"))
        .withAck(Acknowledgement.FULL)
        .withExpiryTime(NOW.plus(Duration.ofHours(1)));
    hub.cloudToDevice().send(identity("sensor-1"), message);

    // WHEN the device connects and subscribes to its devicebound topic
    RawMqttClient client = hub.raw(device);
    client.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);

    // THEN, after the SUBACK, it gets the message at QoS 1 with IoT Hub's percent-encoded property bag
    RawMqttClient.Received delivery = client.receivePublish(WAIT);
    assertThat(delivery.topic()).isEqualTo("devices/sensor-1/messages/devicebound/"
        + "%24.mid=m-1&%24.cid=c%201&%24.uid=ops&%24.ct=application%2Fjson&%24.ce=utf-8"
        + "&%24.to=%2Fdevices%2Fsensor-1%2Fmessages%2Fdevicebound&%24.exp=2026-11-22T11%3A00%3A00.0000000Z"
        + "&iothub-ack=full&a%2Fb=x%3Dy%26z&color=blue%20sky");
    assertThat(delivery.qos()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
    assertThat(delivery.text()).isEqualTo("turn on");
  }

  @Test
  void completesTheMessageOnPubackWithSuccessFeedback() throws Exception {
    // GIVEN a device that got a message whose sender asked for full feedback
    startHub();
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);
    hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of(new byte[] {1})
        .withProperties(SystemProperties.ofMessageId("m-1")).withAck(Acknowledgement.FULL));
    RawMqttClient.Received delivery = client.receivePublish(WAIT);

    // WHEN it acknowledges the publish
    client.send(RawMqttClient.puback(delivery.packetId()));

    // THEN the message leaves its queue, and the sender's feedback says Success
    await().until(() -> hub.cloudToDevice().depth(identity("sensor-1")) == 0);
    await().until(() -> hub.device("sensor-1").activity().cloudToDeviceMessageCount() == 0);
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    FeedbackBatch feedback = hub.cloudToDevice().feedback().receive().orElseThrow();
    assertThat(feedback.records()).singleElement().satisfies(record -> {
      assertThat(record.status()).isEqualTo(FeedbackStatus.SUCCESS);
      assertThat(record.originalMessageId()).contains("m-1");
      assertThat(record.deviceId().value()).isEqualTo("sensor-1");
    });
  }

  @Test
  void sendsAMessageQueuedWhileSubscribedWithoutTheToPropertyMissing() throws Exception {
    // GIVEN a subscribed device
    startHub();
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);

    // WHEN a message with no properties at all is sent to it
    hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of(new byte[0]));

    // THEN it arrives with %24.to and the default expiry, one hour on
    assertThat(client.receivePublish(WAIT).topic()).isEqualTo("devices/sensor-1/messages/devicebound/"
        + "%24.to=%2Fdevices%2Fsensor-1%2Fmessages%2Fdevicebound&%24.exp=2026-11-22T11%3A00%3A00.0000000Z");
  }

  @Test
  void redeliversAnUnacknowledgedMessageOnTheNextConnectionCountingTheDelivery() throws Exception {
    // GIVEN a device that got a message and dropped its connection without acknowledging it
    startHub();
    Device device = hub.createDevice("sensor-1");
    hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of("again".getBytes(StandardCharsets.UTF_8))
        .withProperties(SystemProperties.ofMessageId("m-1")));
    RawMqttClient first = hub.raw(device);
    first.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);
    String topic = first.receivePublish(WAIT).topic();
    first.close();

    // WHEN it connects again and subscribes
    RawMqttClient second = hub.raw(device);
    second.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);

    // THEN it gets the message again, now counted as delivered once (abandoned by the first connection)
    RawMqttClient.Received again = second.receivePublish(WAIT);
    assertThat(again.topic()).isEqualTo(topic);
    assertThat(again.text()).isEqualTo("again");
    assertThat(hub.lockedMessages()).extracting(CloudToDeviceMessage::deliveryCount).last().isEqualTo(1);

    // AND its PUBACK now completes it
    second.send(RawMqttClient.puback(again.packetId()));
    await().until(() -> hub.cloudToDevice().depth(identity("sensor-1")) == 0);
  }

  @Test
  void offersAMessageAgainWhenItsLockExpiresWithoutPuback() throws Exception {
    // GIVEN a connected device that got a message and did not acknowledge it
    startHub(MqttTestHub.start(new InMemoryEventLog(1),
        MqttTestHub.withClockCheckInterval(Duration.ofMillis(50))));
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);
    hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of("ping".getBytes(StandardCharsets.UTF_8)));
    RawMqttClient.Received first = client.receivePublish(WAIT);

    // WHEN the message's one-minute lock expires on the hub's clock
    hub.clock().advance(Duration.ofSeconds(61));

    // THEN the device gets it again under a new packet id, not counted as a delivery (nothing abandoned it)
    RawMqttClient.Received second = client.receivePublish(WAIT);
    assertThat(second.text()).isEqualTo("ping");
    assertThat(second.packetId()).isNotEqualTo(first.packetId());
    assertThat(hub.lockedMessages()).extracting(CloudToDeviceMessage::deliveryCount).containsExactly(0, 0);

    // AND a late PUBACK for the first publish is ignored, while one for the second completes the message
    client.send(RawMqttClient.puback(first.packetId()));
    assertPingAnswered(client);
    assertThat(hub.cloudToDevice().depth(identity("sensor-1"))).isEqualTo(1);
    client.send(RawMqttClient.puback(second.packetId()));
    await().until(() -> hub.cloudToDevice().depth(identity("sensor-1")) == 0);
  }

  @Test
  void keepsAtMostTheDeliveryWindowUnacknowledged() throws Exception {
    // GIVEN a hub allowing two unacknowledged deliveries, and three messages queued for a device
    startHub(MqttTestHub.start(new InMemoryEventLog(1),
        MqttTestHub.withMaxInflightDeliveries(2)));
    Device device = hub.createDevice("sensor-1");
    for (String body : new String[] {"one", "two", "three"}) {
      hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    // WHEN the device subscribes
    RawMqttClient client = hub.raw(device);
    client.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);

    // THEN it gets the first two, in queue order, and no third before it acknowledges one
    RawMqttClient.Received one = client.receivePublish(WAIT);
    RawMqttClient.Received two = client.receivePublish(WAIT);
    assertThat(one.text()).isEqualTo("one");
    assertThat(two.text()).isEqualTo("two");
    assertPingAnswered(client);

    // WHEN it acknowledges the first, THEN the third comes
    client.send(RawMqttClient.puback(one.packetId()));
    assertThat(client.receivePublish(WAIT).text()).isEqualTo("three");
  }

  @Test
  void abandonsUnacknowledgedMessagesOnUnsubscribeAndDeliversThemOnTheNextSubscribe() throws Exception {
    // GIVEN a subscribed device that got a message and did not acknowledge it
    startHub();
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);
    hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of("once".getBytes(StandardCharsets.UTF_8)));
    client.receivePublish(WAIT);

    // WHEN it unsubscribes, THEN nothing more is delivered, even a new message
    client.send(RawMqttClient.unsubscribe(2, "devices/sensor-1/messages/devicebound/#"));
    assertThat(client.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.UNSUBACK);
    hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of("later".getBytes(StandardCharsets.UTF_8)));
    assertPingAnswered(client);

    // WHEN it subscribes again, THEN it gets the abandoned message (delivered once) and then the new one
    client.subscribeGranted(3, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);
    assertThat(client.receivePublish(WAIT).text()).isEqualTo("once");
    assertThat(client.receivePublish(WAIT).text()).isEqualTo("later");
    assertThat(hub.lockedMessages()).extracting(CloudToDeviceMessage::deliveryCount).containsExactly(0, 1, 0);
  }

  @Test
  void deliversAtQos0AndCompletesAtOnceWhenTheDeviceSubscribedAtQos0() throws Exception {
    // GIVEN a device subscribed at QoS 0
    startHub();
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "devices/sensor-1/messages/devicebound/#", MqttQoS.AT_MOST_ONCE);

    // WHEN a message is sent to it
    hub.cloudToDevice().send(identity("sensor-1"),
        OutgoingMessage.of("fire and forget".getBytes(StandardCharsets.UTF_8)));

    // THEN it arrives at QoS 0 and leaves the queue without any PUBACK
    RawMqttClient.Received delivery = client.receivePublish(WAIT);
    assertThat(delivery.qos()).isEqualTo(MqttQoS.AT_MOST_ONCE);
    assertThat(delivery.text()).isEqualTo("fire and forget");
    await().until(() -> hub.cloudToDevice().depth(identity("sensor-1")) == 0);
  }

  @Test
  void deliversAModulesMessagesOnItsOwnDeviceboundTopic() throws Exception {
    // GIVEN a message queued for a module, and none for its device
    startHub();
    hub.createDevice("gateway");
    Module module = hub.createModule("gateway", "filter");
    hub.cloudToDevice().send(identity("gateway/filter"),
        OutgoingMessage.of("for the module".getBytes(StandardCharsets.UTF_8))
            .withProperties(SystemProperties.ofMessageId("mm-1")));

    // WHEN the module subscribes to its devicebound topic
    RawMqttClient client = hub.raw(module);
    client.subscribeGranted(1, "devices/gateway/modules/filter/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE);

    // THEN it gets the message on its module topic, addressed to the module, and its PUBACK completes it
    RawMqttClient.Received delivery = client.receivePublish(WAIT);
    assertThat(delivery.topic()).isEqualTo("devices/gateway/modules/filter/messages/devicebound/%24.mid=mm-1"
        + "&%24.to=%2Fdevices%2Fgateway%2Fmodules%2Ffilter%2Fmessages%2Fdevicebound"
        + "&%24.exp=2026-11-22T11%3A00%3A00.0000000Z");
    assertThat(delivery.text()).isEqualTo("for the module");
    client.send(RawMqttClient.puback(delivery.packetId()));
    await().until(() -> hub.cloudToDevice().depth(identity("gateway/filter")) == 0);
  }

  @Test
  void deliversNothingWithoutASubscription() throws Exception {
    // GIVEN a connected device that did not subscribe to its devicebound topic, and a message for it
    startHub();
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    hub.cloudToDevice().send(identity("sensor-1"), OutgoingMessage.of(new byte[] {1}));

    // THEN nothing is delivered, and the message stays queued
    assertPingAnswered(client);
    assertThat(hub.lockedMessages()).isEmpty();
    assertThat(hub.cloudToDevice().depth(identity("sensor-1"))).isEqualTo(1);
  }

  private static void assertPingAnswered(RawMqttClient client) throws IOException {
    client.send(MqttMessage.PINGREQ);
    assertThat(client.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
  }

  private static IdentityRef identity(String clientId) {
    return MqttTestHub.identity(clientId);
  }
}
