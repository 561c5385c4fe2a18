package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.registry.Module;
import io.fleethub.core.twin.TwinUpdate;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A device's twin requests over MQTT, as a raw client sees the answers on {@code $iothub/twin/res/#}. */
class MqttTwinTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

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
  void answersTwinGetWithDesiredAndReportedPropertiesOnTheResponseTopic() throws Exception {
    // GIVEN a device whose back end set a desired property, subscribed to twin answers
    Device device = hub.createDevice("sensor-1");
    hub.twins().update(identity("sensor-1"), TwinUpdate.desired(json("{\"mode\":\"eco\"}")), Etag.ANY);
    RawMqttClient client = hub.raw(device);
    client.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE);

    // WHEN it asks for its twin at QoS 0 with a space as the body, as the Node SDK does
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/GET/?$rid=get-1",
        " ".getBytes(StandardCharsets.UTF_8)));

    // THEN it gets status 200 for its request id, with desired and reported properties and their versions
    RawMqttClient.Received answer = client.receivePublish(WAIT);
    assertThat(answer.topic()).isEqualTo("$iothub/twin/res/200/?$rid=get-1");
    assertThat(answer.qos()).isEqualTo(MqttQoS.AT_MOST_ONCE);
    JsonNode twin = JSON.readTree(answer.payload());
    assertThat(twin.path("desired").path("mode").asText()).isEqualTo("eco");
    assertThat(twin.path("desired").path("$version").asLong()).isEqualTo(2);
    assertThat(twin.path("reported").path("$version").asLong()).isEqualTo(1);
    assertThat(twin.has("tags")).isFalse();
  }

  @Test
  void appliesReportedPatchAndAnswers204WithTheNewVersion() throws Exception {
    // GIVEN a device subscribed to twin answers at QoS 1
    Device device = hub.createDevice("sensor-1");
    RawMqttClient client = hub.raw(device);
    client.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_LEAST_ONCE);

    // WHEN it reports a property at QoS 1, based on the version it read
    client.send(RawMqttClient.publish("$iothub/twin/PATCH/properties/reported/?$rid=r-7&$version=1", 5,
        "{\"temperature\":21.5}".getBytes(StandardCharsets.UTF_8)));

    // THEN the publish is acknowledged, and the answer is 204 with the reported properties' new version
    assertThat(pubackId(client.receive(WAIT))).isEqualTo(5);
    RawMqttClient.Received answer = client.receivePublish(WAIT);
    assertThat(answer.topic()).isEqualTo("$iothub/twin/res/204/?$rid=r-7&$version=2");
    assertThat(answer.qos()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
    assertThat(answer.payload()).isEmpty();
    client.send(RawMqttClient.puback(answer.packetId()));

    // AND the back end sees the property
    assertThat(hub.twins().get(identity("sensor-1")).twin().reported().values().path("temperature").asDouble())
        .isEqualTo(21.5);
  }

  @Test
  void refusesPatchBasedOnStaleVersionWith412AndKeepsTheConnection() throws Exception {
    // GIVEN a device whose reported properties are at version 2
    Device device = hub.createDevice("sensor-1");
    hub.twins().updateReported(identity("sensor-1"), json("{\"a\":1}"), OptionalLong.empty());
    RawMqttClient client = hub.raw(device);
    client.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE);

    // WHEN it patches them based on version 1
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/PATCH/properties/reported/?$rid=s-1&$version=1",
        "{\"a\":2}".getBytes(StandardCharsets.UTF_8)));

    // THEN it gets 412 with IoT Hub's error body, and nothing changed
    RawMqttClient.Received answer = client.receivePublish(WAIT);
    assertThat(answer.topic()).isEqualTo("$iothub/twin/res/412/?$rid=s-1");
    JsonNode error = JSON.readTree(answer.payload());
    assertThat(error.path("errorCode").asInt()).isEqualTo(412001);
    assertThat(error.path("message").asText()).contains("$version 2");
    assertThat(error.path("trackingId").asText()).isNotEmpty();
    assertThat(error.path("timestampUtc").asText()).endsWith("Z");
    assertThat(hub.twins().get(identity("sensor-1")).twin().reported().values().path("a").asInt()).isEqualTo(1);

    // AND the connection still serves it
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/GET/?$rid=g-2", new byte[0]));
    assertThat(client.receivePublish(WAIT).topic()).isEqualTo("$iothub/twin/res/200/?$rid=g-2");
  }

  @ParameterizedTest(name = "body [{0}]")
  @ValueSource(strings = {"{not json", "[1,2]", "\"text\"", "", "{\"a\":1} {\"b\":2}", "{\"bad.name\":1}"})
  void refusesAPatchThatIsNotAValidJsonObjectWith400(String body) throws Exception {
    // GIVEN a connected device subscribed to twin answers
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE);

    // WHEN it reports something that is not a valid JSON object of properties
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/PATCH/properties/reported/?$rid=bad",
        body.getBytes(StandardCharsets.UTF_8)));

    // THEN it gets 400 ArgumentInvalid and the connection stays
    RawMqttClient.Received answer = client.receivePublish(WAIT);
    assertThat(answer.topic()).isEqualTo("$iothub/twin/res/400/?$rid=bad");
    assertThat(JSON.readTree(answer.payload()).path("errorCode").asInt()).isEqualTo(400004);
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/GET/?$rid=after", new byte[0]));
    assertThat(client.receivePublish(WAIT).topic()).isEqualTo("$iothub/twin/res/200/?$rid=after");
  }

  @Test
  void refusesAVersionThatIsNotANumberWith400() throws Exception {
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE);

    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/PATCH/properties/reported/?$rid=v&$version=two",
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

    RawMqttClient.Received answer = client.receivePublish(WAIT);
    assertThat(answer.topic()).isEqualTo("$iothub/twin/res/400/?$rid=v");
    assertThat(JSON.readTree(answer.payload()).path("message").asText()).contains("'two'");
  }

  @Test
  void answers404WhenTheDeviceWasDeletedWhileConnected() throws Exception {
    // GIVEN a connected device that the back end then deletes
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE);
    hub.deleteDevice("sensor-1");

    // WHEN it asks for its twin
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/GET/?$rid=gone", new byte[0]));

    // THEN it gets 404 DeviceNotFound
    RawMqttClient.Received answer = client.receivePublish(WAIT);
    assertThat(answer.topic()).isEqualTo("$iothub/twin/res/404/?$rid=gone");
    assertThat(JSON.readTree(answer.payload()).path("errorCode").asInt()).isEqualTo(404001);
  }

  @Test
  void servesAModuleItsOwnTwinOnTheSameTopics() throws Exception {
    // GIVEN a module of a device, subscribed to twin answers
    hub.createDevice("gateway");
    Module module = hub.createModule("gateway", "filter");
    RawMqttClient client = hub.raw(module);
    client.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE);

    // WHEN it reports a property and reads its twin
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/PATCH/properties/reported/?$rid=1",
        "{\"threshold\":3}".getBytes(StandardCharsets.UTF_8)));
    assertThat(client.receivePublish(WAIT).topic()).isEqualTo("$iothub/twin/res/204/?$rid=1&$version=2");
    client.send(RawMqttClient.publishAtMostOnce("$iothub/twin/GET/?$rid=2", new byte[0]));

    // THEN the module's twin holds it, and the device's does not
    JsonNode twin = JSON.readTree(client.receivePublish(WAIT).payload());
    assertThat(twin.path("reported").path("threshold").asInt()).isEqualTo(3);
    assertThat(hub.twins().get(identity("gateway")).twin().reported().values().has("threshold")).isFalse();
  }

  @Test
  void appliesTheRequestButSendsNoAnswerWithoutASubscriptionToTwinAnswers() throws Exception {
    // GIVEN a connected device not subscribed to $iothub/twin/res/#
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));

    // WHEN it reports a property at QoS 1
    client.send(RawMqttClient.publish("$iothub/twin/PATCH/properties/reported/?$rid=quiet", 3,
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

    // THEN it gets only its PUBACK (then its PINGRESP), and the property is stored
    assertThat(pubackId(client.receive(WAIT))).isEqualTo(3);
    client.send(MqttMessage.PINGREQ);
    assertThat(client.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
    assertThat(hub.twins().get(identity("sensor-1")).twin().reported().values().path("a").asInt()).isEqualTo(1);
  }

  private static int pubackId(MqttMessage packet) {
    assertThat(packet).isInstanceOf(MqttPubAckMessage.class);
    return ((MqttPubAckMessage) packet).variableHeader().messageId();
  }

  private static IdentityRef identity(String clientId) {
    return MqttTestHub.identity(clientId);
  }

  private static ObjectNode json(String text) throws IOException {
    return (ObjectNode) JSON.readTree(text);
  }
}
