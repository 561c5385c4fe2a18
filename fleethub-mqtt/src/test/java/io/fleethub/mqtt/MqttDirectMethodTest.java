package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.methods.MethodCall;
import io.fleethub.core.methods.MethodResult;
import io.fleethub.core.registry.Module;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Direct methods as a raw device sees them: calls on {@code $iothub/methods/POST/...}, answers it publishes. */
class MqttDirectMethodTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String METHODS = "$iothub/methods/POST/#";
  private static final String REQUEST_PREFIX = "$iothub/methods/POST/reboot/?$rid=";

  private MqttTestHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = MqttTestHub.start();
  }

  @AfterEach
  void stopHub() throws Exception {
    hub.close();
    assertThat(hub.eventLoopStoreCalls()).isEmpty();
  }

  @Test
  void deliversACallAtQos0AndCompletesItWithTheDevicesAnswer() throws Exception {
    // GIVEN a device subscribed to direct methods
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, METHODS, MqttQoS.AT_LEAST_ONCE);

    // WHEN the back end calls a method on it
    CompletableFuture<MethodResult> result = invoke("sensor-1", "{\"delay\":5}");

    // THEN the device gets the call at QoS 0 with its payload and a UUID request id
    RawMqttClient.Received call = client.receivePublish(WAIT);
    assertThat(call.topic()).startsWith(REQUEST_PREFIX);
    assertThat(call.qos()).isEqualTo(MqttQoS.AT_MOST_ONCE);
    assertThat(call.text()).isEqualTo("{\"delay\":5}");
    String requestId = requestIdOf(call);

    // WHEN it answers with a status and a payload at QoS 1
    client.send(RawMqttClient.publish("$iothub/methods/res/201/?$rid=" + requestId, 9,
        "{\"rebooting\":true}".getBytes(StandardCharsets.UTF_8)));

    // THEN its answer is acknowledged, and the caller gets that status and payload
    MqttMessage puback = client.receive(WAIT);
    assertThat(((MqttPubAckMessage) puback).variableHeader().messageId()).isEqualTo(9);
    MethodResult answer = result.get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(201);
    assertThat(new String(answer.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"rebooting\":true}");
  }

  @Test
  void ignoresAnAnswerToAnotherDevicesCallAndKeepsBothConnections() throws Exception {
    // GIVEN two devices subscribed to methods, and a call to the first
    RawMqttClient target = hub.raw(hub.createDevice("target"));
    RawMqttClient intruder = hub.raw(hub.createDevice("intruder"));
    target.subscribeGranted(1, METHODS, MqttQoS.AT_MOST_ONCE);
    intruder.subscribeGranted(1, METHODS, MqttQoS.AT_MOST_ONCE);
    CompletableFuture<MethodResult> result = invoke("target", "null");
    String requestId = requestIdOf(target.receivePublish(WAIT));

    // WHEN the second device answers the first one's request id
    intruder.send(RawMqttClient.publishAtMostOnce("$iothub/methods/res/200/?$rid=" + requestId,
        "{\"forged\":true}".getBytes(StandardCharsets.UTF_8)));

    // THEN its answer is ignored, its connection stays, and the call still waits for the target
    assertPingAnswered(intruder);
    assertThat(result).isNotDone();

    // AND the target's own answer completes the call
    target.send(RawMqttClient.publishAtMostOnce("$iothub/methods/res/200/?$rid=" + requestId,
        "{\"genuine\":true}".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(result.get(30, TimeUnit.SECONDS).payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"genuine\":true}");
  }

  @Test
  void ignoresAnswersItCannotParseOrThatAnswerNoCall() throws Exception {
    // GIVEN a device subscribed to methods
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, METHODS, MqttQoS.AT_MOST_ONCE);

    // WHEN it answers with a request id that is not a UUID, a status that is not a number, no request id at all,
    // and a request id no call has
    client.send(RawMqttClient.publishAtMostOnce("$iothub/methods/res/200/?$rid=not-a-uuid", new byte[0]));
    client.send(RawMqttClient.publishAtMostOnce(
        "$iothub/methods/res/OK/?$rid=4b0c4b9b-6d1f-4b5e-9a57-0b9a3f0d8a01", new byte[0]));
    client.send(RawMqttClient.publishAtMostOnce("$iothub/methods/res/200", new byte[0]));
    client.send(RawMqttClient.publish("$iothub/methods/res/200/?$rid=4b0c4b9b-6d1f-4b5e-9a57-0b9a3f0d8a01", 4,
        new byte[0]));

    // THEN each is ignored (the QoS 1 one acknowledged) and the connection stays
    assertThat(((MqttPubAckMessage) client.receive(WAIT)).variableHeader().messageId()).isEqualTo(4);
    assertPingAnswered(client);
  }

  @Test
  void callsAModuleOnTheSameTopics() throws Exception {
    // GIVEN a module subscribed to methods
    hub.createDevice("gateway");
    Module module = hub.createModule("gateway", "filter");
    RawMqttClient client = hub.raw(module);
    client.subscribeGranted(1, METHODS, MqttQoS.AT_MOST_ONCE);

    // WHEN the back end calls a method on the module, THEN the module gets it and its answer completes the call
    CompletableFuture<MethodResult> result = invoke("gateway/filter", "{}");
    String requestId = requestIdOf(client.receivePublish(WAIT));
    client.send(RawMqttClient.publishAtMostOnce("$iothub/methods/res/200/?$rid=" + requestId,
        "\"done\"".getBytes(StandardCharsets.UTF_8)));
    assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void takesNoMoreCallsOnceItUnsubscribesOrDisconnects() throws Exception {
    // GIVEN a device subscribed to methods
    var device = hub.createDevice("sensor-1");
    RawMqttClient client = hub.raw(device);
    client.subscribeGranted(1, METHODS, MqttQoS.AT_MOST_ONCE);
    assertThat(hub.directMethods().isSubscribed(identity("sensor-1"))).isTrue();

    // WHEN it unsubscribes, THEN it no longer takes calls
    client.send(RawMqttClient.unsubscribe(2, METHODS));
    assertThat(client.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.UNSUBACK);
    assertThat(hub.directMethods().isSubscribed(identity("sensor-1"))).isFalse();

    // WHEN it subscribes again and then its connection drops, THEN it no longer takes calls either
    client.subscribeGranted(3, METHODS, MqttQoS.AT_MOST_ONCE);
    assertThat(hub.directMethods().isSubscribed(identity("sensor-1"))).isTrue();
    client.close();
    await().until(() -> !hub.directMethods().isSubscribed(identity("sensor-1")));
  }

  private CompletableFuture<MethodResult> invoke(String clientId, String payload) {
    return hub.directMethods().invoke(identity(clientId),
        MethodCall.of("reboot", payload.getBytes(StandardCharsets.UTF_8)));
  }

  private static String requestIdOf(RawMqttClient.Received call) {
    assertThat(call.topic()).startsWith(REQUEST_PREFIX);
    String requestId = call.topic().substring(REQUEST_PREFIX.length());
    assertThat(requestId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    return requestId;
  }

  private static void assertPingAnswered(RawMqttClient client) throws IOException {
    client.send(MqttMessage.PINGREQ);
    assertThat(client.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
  }

  private static IdentityRef identity(String clientId) {
    return MqttTestHub.identity(clientId);
  }
}
