package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.registry.Module;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MqttTopicAuthorizationTest {
  private MqttTestHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = MqttTestHub.start();
  }

  @AfterEach
  void stopHub() throws Exception {
    hub.close();
  }

  @Test
  void grantsTheDevicesDocumentedSubscriptionsWithQos2GrantedAs1() throws Exception {
    // GIVEN a connected device
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN it subscribes to its cloud-to-device, twin and method topics, asking QoS 2, 1, 0 and 1
    IMqttToken token = client.subscribeWithResponse(
        new String[] {"devices/sensor-1/messages/devicebound/#", "$iothub/twin/res/#",
            "$iothub/twin/PATCH/properties/desired/#", "$iothub/methods/POST/#"},
        new int[] {2, 1, 0, 1});

    // THEN each is granted, QoS 2 as 1
    assertThat(token.getGrantedQos()).containsExactly(1, 1, 0, 1);
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void grantsAModuleItsDeviceboundAndInputsSubscriptions() throws Exception {
    hub.createDevice("gateway");
    Module module = hub.createModule("gateway", "filter");
    MqttClient client = hub.paho("gateway/filter");
    client.connect(MqttTestHub.sasOptions("gateway/filter", hub.tokenFor(module)));

    IMqttToken token = client.subscribeWithResponse(
        new String[] {"devices/gateway/modules/filter/messages/devicebound/#",
            "devices/gateway/modules/filter/inputs/#"},
        new int[] {1, 1});

    assertThat(token.getGrantedQos()).containsExactly(1, 1);
  }

  @Test
  void closesConnectionSubscribingToAnotherDevicesTopic() throws Exception {
    // GIVEN a connected device
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN it subscribes to another device's cloud-to-device topic
    assertThatThrownBy(() -> client.subscribe("devices/victim/messages/devicebound/#", 1))
        .isInstanceOf(MqttException.class);

    // THEN the hub closes the connection
    await().until(() -> !client.isConnected());
  }

  @Test
  void closesConnectionSubscribingToEverything() throws Exception {
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    assertThatThrownBy(() -> client.subscribe("#", 1)).isInstanceOf(MqttException.class);

    await().until(() -> !client.isConnected());
  }

  @Test
  void acknowledgesTwinAndMethodPublishesWithoutStoringThemAsTelemetry() throws Exception {
    // GIVEN a connected device
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN it publishes a twin GET, a reported-properties PATCH and a method response at QoS 1
    client.publish("$iothub/twin/GET/?$rid=1", new byte[0], 1, false);
    client.publish("$iothub/twin/PATCH/properties/reported/?$rid=2", "{\"a\":1}".getBytes(), 1, false);
    client.publish("$iothub/methods/res/200/?$rid=3", "{}".getBytes(), 1, false);

    // THEN each is acknowledged, the connection stays, and nothing reaches the telemetry log
    assertThat(client.isConnected()).isTrue();
    assertThat(hub.storedEvents()).isEmpty();
  }

  @Test
  void answersUnsubscribeWithUnsuback() throws Exception {
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));
    client.subscribe("$iothub/methods/POST/#", 1);

    client.unsubscribe("$iothub/methods/POST/#");

    assertThat(client.isConnected()).isTrue();
  }
}
