package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.registry.Etag;
import io.fleethub.core.registry.Module;
import io.fleethub.core.twin.TwinUpdate;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Desired-property notifications on {@code $iothub/twin/PATCH/properties/desired/?$version={v}}, as raw clients
 * see them after subscribing to {@code $iothub/twin/PATCH/properties/desired/#}.
 */
class MqttDesiredPropertiesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DESIRED = "$iothub/twin/PATCH/properties/desired/#";
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
  void publishesTheDesiredPatchWithItsVersionAtTheSubscribedQos() throws Exception {
    // GIVEN a device subscribed to desired-property changes at QoS 1
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, DESIRED, MqttQoS.AT_LEAST_ONCE);

    // WHEN the back end patches its desired properties, deleting one with null
    setDesired("sensor-1", "{\"mode\":\"eco\",\"old\":null}");

    // THEN the device gets the patch as written, with its $version, at QoS 1, on the versioned topic
    RawMqttClient.Received notification = client.receivePublish(WAIT);
    assertThat(notification.topic()).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
    assertThat(notification.qos()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
    assertThat(notification.packetId()).isPositive();
    assertThat(JSON.readTree(notification.payload()))
        .isEqualTo(JSON.readTree("{\"mode\":\"eco\",\"old\":null,\"$version\":2}"));
    client.send(RawMqttClient.puback(notification.packetId()));
  }

  @Test
  void publishesSuccessivePatchesInVersionOrder() throws Exception {
    // GIVEN a device subscribed at QoS 0
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, DESIRED, MqttQoS.AT_MOST_ONCE);

    // WHEN the back end writes five patches in a row
    for (int i = 1; i <= 5; i++) {
      setDesired("sensor-1", "{\"step\":" + i + "}");
    }

    // THEN the device gets them in order, versions 2 to 6
    List<String> topics = new ArrayList<>();
    List<Integer> steps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RawMqttClient.Received notification = client.receivePublish(WAIT);
      assertThat(notification.qos()).isEqualTo(MqttQoS.AT_MOST_ONCE);
      topics.add(notification.topic());
      steps.add(JSON.readTree(notification.payload()).path("step").asInt());
    }
    assertThat(topics).containsExactly(
        "$iothub/twin/PATCH/properties/desired/?$version=2", "$iothub/twin/PATCH/properties/desired/?$version=3",
        "$iothub/twin/PATCH/properties/desired/?$version=4", "$iothub/twin/PATCH/properties/desired/?$version=5",
        "$iothub/twin/PATCH/properties/desired/?$version=6");
    assertThat(steps).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void tellsEverySubscribedConnectionOfItsOwnIdentitysChangesOnly() throws Exception {
    // GIVEN a device and a module of it, each subscribed, and another device that is connected but not subscribed
    RawMqttClient device = hub.raw(hub.createDevice("gateway"));
    Module filterModule = hub.createModule("gateway", "filter");
    RawMqttClient module = hub.raw(filterModule);
    RawMqttClient bystander = hub.raw(hub.createDevice("bystander"));
    device.subscribeGranted(1, DESIRED, MqttQoS.AT_MOST_ONCE);
    module.subscribeGranted(1, DESIRED, MqttQoS.AT_MOST_ONCE);
    bystander.subscribeGranted(1, "$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE);

    // WHEN the back end patches each identity's desired properties
    setDesired("gateway", "{\"role\":\"gateway\"}");
    setDesired("gateway/filter", "{\"role\":\"filter\"}");
    setDesired("bystander", "{\"role\":\"bystander\"}");

    // THEN each subscribed connection gets its own patch and nothing else
    assertThat(roleIn(device.receivePublish(WAIT))).isEqualTo("gateway");
    assertThat(roleIn(module.receivePublish(WAIT))).isEqualTo("filter");
    assertNothingBeforePingResponse(device);
    assertNothingBeforePingResponse(module);

    // AND the unsubscribed device gets no notification: its next packet answers its own GET
    bystander.send(RawMqttClient.publishAtMostOnce("$iothub/twin/GET/?$rid=1", new byte[0]));
    RawMqttClient.Received answer = bystander.receivePublish(WAIT);
    assertThat(answer.topic()).isEqualTo("$iothub/twin/res/200/?$rid=1");
    assertThat(JSON.readTree(answer.payload()).path("desired").path("role").asText()).isEqualTo("bystander");
  }

  @Test
  void stopsNotifyingAfterUnsubscribe() throws Exception {
    // GIVEN a device that subscribed to desired-property changes and then unsubscribed
    RawMqttClient client = hub.raw(hub.createDevice("sensor-1"));
    client.subscribeGranted(1, DESIRED, MqttQoS.AT_MOST_ONCE);
    client.send(RawMqttClient.unsubscribe(2, DESIRED));
    assertThat(client.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.UNSUBACK);

    // WHEN the back end patches its desired properties
    setDesired("sensor-1", "{\"mode\":\"eco\"}");

    // THEN no notification comes
    assertNothingBeforePingResponse(client);
  }

  @Test
  void notifiesTheNewConnectionAfterAReconnect() throws Exception {
    // GIVEN a device whose first connection subscribed and dropped, and whose second subscribed again
    var device = hub.createDevice("sensor-1");
    RawMqttClient first = hub.raw(device);
    first.subscribeGranted(1, DESIRED, MqttQoS.AT_MOST_ONCE);
    first.close();
    RawMqttClient second = hub.raw(device);
    second.subscribeGranted(1, DESIRED, MqttQoS.AT_MOST_ONCE);

    // WHEN the back end patches its desired properties
    setDesired("sensor-1", "{\"mode\":\"eco\"}");

    // THEN the new connection gets it
    assertThat(second.receivePublish(WAIT).topic()).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
  }

  /** Desired-property changes are published on the writer's thread: by the time this returns, they are queued. */
  private void setDesired(String clientId, String patch) throws IOException {
    hub.twins().update(MqttTestHub.identity(clientId), TwinUpdate.desired((ObjectNode) JSON.readTree(patch)),
        Etag.ANY);
  }

  private static String roleIn(RawMqttClient.Received notification) throws IOException {
    JsonNode patch = JSON.readTree(notification.payload());
    return patch.path("role").asText();
  }

  /** Anything the hub had queued for the client arrives before the answer to a PINGREQ sent now. */
  private static void assertNothingBeforePingResponse(RawMqttClient client) throws IOException {
    client.send(MqttMessage.PINGREQ);
    assertThat(client.receive(WAIT).fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
  }
}
