package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.eventlog.EventData;
import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Module;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.core.telemetry.TelemetryService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MqttTelemetryTest {
  private MqttTestHub hub;

  @AfterEach
  void stopHub() throws Exception {
    hub.close();
    assertThat(hub.eventLoopStoreCalls()).isEmpty();
  }

  @Test
  void storesTelemetryWithSystemAndApplicationPropertiesAndHubStamps() throws Exception {
    // GIVEN a connected device
    hub = MqttTestHub.start();
    Device device = hub.createDevice("sensor-1");
    MqttClient client = hub.connect(device);

    // WHEN it publishes with a property bag as the Java SDK writes it ($. keys raw, values encoded)
    client.publish("devices/sensor-1/messages/events/$.mid=m-1&$.cid=c-1&$.ct=application%2Fjson&$.ce=utf-8"
        + "&$.ctime=2024-01-01T00%3A00%3A00Z&$.sub=thermostat1&temperature%20unit=celsius&alert=high%26urgent",
        "{\"t\":21.5}".getBytes(StandardCharsets.UTF_8), 1, false);

    // THEN the message is stored with the system properties under their hub names, the hub's stamps,
    // and the application properties decoded
    EventData event = onlyStoredEvent();
    assertThat(new String(event.body(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":21.5}");
    assertThat(event.systemProperties())
        .containsEntry(MessageProperties.MESSAGE_ID, "m-1")
        .containsEntry(MessageProperties.CORRELATION_ID, "c-1")
        .containsEntry(MessageProperties.CONTENT_TYPE, "application/json")
        .containsEntry(MessageProperties.CONTENT_ENCODING, "utf-8")
        .containsEntry(MessageProperties.CREATION_TIME, "2024-01-01T00:00:00Z")
        .containsEntry(MessageProperties.COMPONENT, "thermostat1")
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "sensor-1")
        .containsEntry(MessageProperties.CONNECTION_AUTH_GENERATION_ID, device.generationId())
        .containsEntry(MessageProperties.ENQUEUED_TIME, DateTimeFormatter.ISO_INSTANT.format(hub.clock().instant()))
        .containsKey(MessageProperties.CONNECTION_AUTH_METHOD)
        .doesNotContainKey(MessageProperties.CONNECTION_MODULE_ID);
    assertThat(event.applicationProperties())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("temperature unit", "celsius", "alert", "high&urgent"));
  }

  @Test
  void decodesPercentEncodedSystemKeysAsNodeSendsThem() throws Exception {
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    client.publish("devices/sensor-1/messages/events/%24.mid=m-2&%24.uid=operator", new byte[0], 1, false);

    assertThat(onlyStoredEvent().systemProperties())
        .containsEntry(MessageProperties.MESSAGE_ID, "m-2")
        .containsEntry(MessageProperties.USER_ID, "operator");
  }

  @Test
  void ignoresConnectionIdsADeviceClaimsForItself() throws Exception {
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    client.publish("devices/sensor-1/messages/events/$.cdid=someone-else&$.cmid=fake", new byte[0], 1, false);

    EventData event = onlyStoredEvent();
    assertThat(event.systemProperties())
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "sensor-1")
        .doesNotContainKey(MessageProperties.CONNECTION_MODULE_ID);
    assertThat(event.applicationProperties()).isEmpty();
  }

  @Test
  void storesModuleTelemetrySentWithTheJavaSdksTrailingSlash() throws Exception {
    // GIVEN a connected module
    hub = MqttTestHub.start();
    hub.createDevice("gateway");
    Module module = hub.createModule("gateway", "filter");
    MqttClient client = hub.paho("gateway/filter");
    client.connect(MqttTestHub.sasOptions("gateway/filter", hub.tokenFor(module)));

    // WHEN it publishes on its module topic, with a trailing slash after the bag
    client.publish("devices/gateway/modules/filter/messages/events/$.on=output1&level=3/", new byte[] {1}, 1, false);

    // THEN the message is stamped with the device and module ids, and the slash is not part of the bag
    EventData event = onlyStoredEvent();
    assertThat(event.systemProperties())
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "gateway")
        .containsEntry(MessageProperties.CONNECTION_MODULE_ID, "filter")
        .containsEntry(MessageProperties.OUTPUT_NAME, "output1");
    assertThat(event.applicationProperties()).containsExactlyEntriesOf(java.util.Map.of("level", "3"));
  }

  @Test
  void storesPipelinedMessagesOfOneConnectionInOrder() throws Exception {
    // GIVEN a device that publishes 200 QoS 1 messages without waiting for each PUBACK
    hub = MqttTestHub.start();
    Device device = hub.createDevice("sensor-1");
    MqttAsyncClient client = hub.pahoAsync("sensor-1");
    client.connect(MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device))).waitForCompletion(30_000);
    List<IMqttDeliveryToken> tokens = new ArrayList<>();

    // WHEN it sends them
    for (int i = 0; i < 200; i++) {
      tokens.add(client.publish("devices/sensor-1/messages/events/", bytes("m" + i), 1, false));
    }

    // THEN each is acknowledged, and the log holds them in the order sent
    for (IMqttDeliveryToken token : tokens) {
      token.waitForCompletion(30_000);
    }
    List<String> bodies = hub.storedEvents().stream().map(e -> new String(e.data().body(), StandardCharsets.UTF_8))
        .toList();
    assertThat(bodies).containsExactlyElementsOf(
        java.util.stream.IntStream.range(0, 200).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void acknowledgesQos1OnlyOnceTheMessageIsDurable() throws Exception {
    // GIVEN an event log whose appends wait for the test
    ManualEventLog log = new ManualEventLog(2);
    hub = MqttTestHub.start(log, settings -> settings);
    MqttAsyncClient client = hub.pahoAsync("sensor-1");
    client.connect(MqttTestHub.sasOptions("sensor-1", hub.tokenFor(hub.createDevice("sensor-1"))))
        .waitForCompletion(30_000);

    // WHEN the device publishes at QoS 1 and the append has not completed
    IMqttDeliveryToken token = client.publish("devices/sensor-1/messages/events/", bytes("hello"), 1, false);
    await().until(() -> log.pendingCount() == 1);

    // THEN no PUBACK arrives
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !token.isComplete());

    // WHEN the append becomes durable, THEN the PUBACK arrives
    log.completeAll();
    token.waitForCompletion(30_000);
    assertThat(token.getException()).isNull();
    assertThat(log.all()).hasSize(1);
  }

  @Test
  void stopsReadingWhileTheInflightWindowIsFull() throws Exception {
    // GIVEN a hub that lets 10 publishes per connection wait for a log that completes nothing yet
    ManualEventLog log = new ManualEventLog(1);
    hub = MqttTestHub.start(log, MqttTestHub.withMaxInflight(10));
    MqttAsyncClient client = hub.pahoAsync("sensor-1");
    client.connect(MqttTestHub.sasOptions("sensor-1", hub.tokenFor(hub.createDevice("sensor-1"))))
        .waitForCompletion(30_000);

    // WHEN the device sends 60 messages
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      tokens.add(client.publish("devices/sensor-1/messages/events/", bytes("m" + i), 1, false));
    }

    // THEN at most 10 are handed to the log while none is durable
    await().until(() -> log.pendingCount() == 10);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> log.pendingCount() == 10);

    // WHEN the log keeps completing, THEN all 60 are stored, in order, and acknowledged
    await().until(() -> {
      log.completeAll();
      return log.all().size() == 60;
    });
    for (IMqttDeliveryToken token : tokens) {
      token.waitForCompletion(30_000);
    }
    assertThat(log.all().stream().map(e -> new String(e.data().body(), StandardCharsets.UTF_8)).toList())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 60).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void closesConnectionWhenTheLogCannotStoreAndNeverAcknowledges() throws Exception {
    ManualEventLog log = new ManualEventLog(1);
    hub = MqttTestHub.start(log, settings -> settings);
    MqttAsyncClient client = hub.pahoAsync("sensor-1");
    client.connect(MqttTestHub.sasOptions("sensor-1", hub.tokenFor(hub.createDevice("sensor-1"))))
        .waitForCompletion(30_000);
    IMqttDeliveryToken token = client.publish("devices/sensor-1/messages/events/", bytes("x"), 1, false);
    await().until(() -> log.pendingCount() == 1);

    log.failAll(new IllegalStateException("disk full"));

    await().until(() -> !client.isConnected());
    assertThat(token.getException()).isNotNull();
  }

  @Test
  void closesConnectionOnOversizeMessageAndStoresNothing() throws Exception {
    // GIVEN a connected device
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN it publishes one byte more than IoT Hub's 256 KB limit
    byte[] tooBig = new byte[TelemetryService.MAX_MESSAGE_BYTES + 1];
    assertThatThrownBy(() -> client.publish("devices/sensor-1/messages/events/", tooBig, 1, false))
        .isInstanceOf(MqttException.class);

    // THEN the hub closes the connection and stores nothing
    await().until(() -> !client.isConnected());
    assertThat(hub.storedEvents()).isEmpty();
  }

  @Test
  void storesMessageOfExactlyTheSizeLimit() throws Exception {
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    client.publish("devices/sensor-1/messages/events/", new byte[TelemetryService.MAX_MESSAGE_BYTES], 1, false);

    assertThat(onlyStoredEvent().body()).hasSize(TelemetryService.MAX_MESSAGE_BYTES);
  }

  @Test
  void closesConnectionPublishingToAnotherDevicesTopic() throws Exception {
    // GIVEN two devices, one connected
    hub = MqttTestHub.start();
    hub.createDevice("victim");
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN it publishes on the other device's events topic
    assertThatThrownBy(() -> client.publish("devices/victim/messages/events/", bytes("spoof"), 1, false))
        .isInstanceOf(MqttException.class);

    // THEN the hub closes the connection and stores nothing
    await().until(() -> !client.isConnected());
    assertThat(hub.storedEvents()).isEmpty();
  }

  @Test
  void closesConnectionPublishingToAnUnknownTopic() throws Exception {
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    assertThatThrownBy(() -> client.publish("some/topic", bytes("x"), 1, false)).isInstanceOf(MqttException.class);

    await().until(() -> !client.isConnected());
  }

  @Test
  void closesConnectionOnQos2PublishAndStoresNothing() throws Exception {
    // GIVEN a connected device
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN it publishes telemetry at QoS 2
    assertThatThrownBy(() -> client.publish("devices/sensor-1/messages/events/", bytes("x"), 2, false))
        .isInstanceOf(MqttException.class);

    // THEN the hub closes the connection, as IoT Hub documents, and stores nothing
    await().until(() -> !client.isConnected());
    assertThat(hub.storedEvents()).isEmpty();
  }

  @Test
  void storesQos0TelemetryWithoutAcknowledgement() throws Exception {
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    client.publish("devices/sensor-1/messages/events/", bytes("fire-and-forget"), 0, false);

    assertThat(new String(onlyStoredEvent().body(), StandardCharsets.UTF_8)).isEqualTo("fire-and-forget");
  }

  @Test
  void marksRetainedPublishWithMqttRetainPropertyAndRetainsNothing() throws Exception {
    // GIVEN a connected device
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));

    // WHEN it publishes with RETAIN set
    client.publish("devices/sensor-1/messages/events/kind=state", bytes("on"), 1, true);

    // THEN the message is stored once, marked mqtt-retain=true
    assertThat(onlyStoredEvent().applicationProperties())
        .containsEntry(MessageProperties.MQTT_RETAIN, "true")
        .containsEntry("kind", "state");
  }

  @Test
  void sendsWillAsTelemetryWhenConnectionDropsWithoutDisconnect() throws Exception {
    // GIVEN a device connected with a will on its events topic
    hub = MqttTestHub.start();
    Device device = hub.createDevice("sensor-1");
    MqttClient client = hub.paho("sensor-1");
    MqttConnectOptions options = MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device));
    options.setWill("devices/sensor-1/messages/events/$.ct=text%2Fplain&reason=power", bytes("gone"), 1, false);
    client.connect(options);

    // WHEN its connection drops without a DISCONNECT
    client.disconnectForcibly(0, 100, false);

    // THEN the will is stored as telemetry marked iothub-MessageType=Will
    EventData will = onlyStoredEvent();
    assertThat(new String(will.body(), StandardCharsets.UTF_8)).isEqualTo("gone");
    assertThat(will.applicationProperties())
        .containsEntry(MessageProperties.MESSAGE_TYPE, "Will")
        .containsEntry("reason", "power");
    assertThat(will.systemProperties())
        .containsEntry(MessageProperties.CONTENT_TYPE, "text/plain")
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "sensor-1");
  }

  @Test
  void sendsNoWillAfterCleanDisconnect() throws Exception {
    hub = MqttTestHub.start();
    Device device = hub.createDevice("sensor-1");
    MqttClient client = hub.paho("sensor-1");
    MqttConnectOptions options = MqttTestHub.sasOptions("sensor-1", hub.tokenFor(device));
    options.setWill("devices/sensor-1/messages/events/", bytes("gone"), 1, false);
    client.connect(options);

    client.disconnect();

    await().until(() -> hub.deviceEvents().stream()
        .anyMatch(io.fleethub.core.events.DeviceEvent.Disconnected.class::isInstance));
    assertThat(hub.storedEvents()).isEmpty();
  }

  @Test
  void stampsTheModelIdAnnouncedInTheUserNameAsDataSchema() throws Exception {
    // GIVEN a Plug and Play device announcing its model id in the user name
    hub = MqttTestHub.start();
    Device device = hub.createDevice("thermostat");
    MqttConnectOptions options = MqttTestHub.sasOptions("thermostat", hub.tokenFor(device));
    options.setUserName(MqttTestHub.HOST_NAME + "/thermostat/?api-version=2020-09-30"
        + "&model-id=dtmi%3Acom%3Aexample%3AThermostat%3B1&DeviceClientType=test");
    MqttClient client = hub.paho("thermostat");
    client.connect(options);

    // WHEN it sends telemetry
    client.publish("devices/thermostat/messages/events/", bytes("{}"), 1, false);

    // THEN the message carries the model id as dt-dataschema, and the registry keeps it on the device
    assertThat(onlyStoredEvent().systemProperties())
        .containsEntry(MessageProperties.MODEL_ID, "dtmi:com:example:Thermostat;1");
    assertThat(hub.device("thermostat").modelId()).contains("dtmi:com:example:Thermostat;1");
  }

  @Test
  void recordsLastActivityAtMostOncePerInterval() throws Exception {
    // GIVEN a connected device whose connect was recorded as activity
    hub = MqttTestHub.start();
    MqttClient client = hub.connect(hub.createDevice("sensor-1"));
    java.time.Instant connectedAt = hub.clock().instant();
    await().until(() -> hub.device("sensor-1").activity().lastActivityTime().equals(connectedAt));

    // WHEN it sends within the interval, THEN the recorded activity does not move
    hub.clock().advance(hub.settings().activityInterval().minusSeconds(1));
    client.publish("devices/sensor-1/messages/events/", bytes("a"), 1, false);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> hub.device("sensor-1").activity().lastActivityTime().equals(connectedAt));

    // WHEN it sends once the interval has passed, THEN it does
    hub.clock().advance(Duration.ofSeconds(1));
    client.publish("devices/sensor-1/messages/events/", bytes("b"), 1, false);
    await().until(() -> hub.device("sensor-1").activity().lastActivityTime().equals(hub.clock().instant()));
  }

  private EventData onlyStoredEvent() {
    await().until(() -> !hub.storedEvents().isEmpty());
    List<StoredEvent> events = hub.storedEvents();
    assertThat(events).hasSize(1);
    return events.get(0).data();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
