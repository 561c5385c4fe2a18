package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceTopicsTest {
  private final DeviceTopics device = new DeviceTopics(IdentityRef.device(DeviceId.of("d1")));
  private final DeviceTopics module = new DeviceTopics(IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1")));

  @Test
  void routesOwnEventsTopicWithOrWithoutBag() {
    assertThat(device.route("devices/d1/messages/events/a=1&b=2")).isEqualTo(new PublishRoute.Telemetry("a=1&b=2"));
    assertThat(device.route("devices/d1/messages/events/")).isEqualTo(new PublishRoute.Telemetry(""));
    assertThat(device.route("devices/d1/messages/events")).isEqualTo(new PublishRoute.Telemetry(""));
  }

  @Test
  void dropsTheTrailingSlashTheJavaSdkAddsForModules() {
    assertThat(module.route("devices/d1/modules/m1/messages/events/a=1/")).isEqualTo(new PublishRoute.Telemetry("a=1"));
  }

  @Test
  void forbidsOtherIdentitiesTopicsAndLookalikes() {
    assertThat(device.route("devices/d2/messages/events/")).isInstanceOf(PublishRoute.Forbidden.class);
    assertThat(device.route("devices/d1/messages/eventsX")).isInstanceOf(PublishRoute.Forbidden.class);
    assertThat(device.route("devices/d1/modules/m1/messages/events/")).isInstanceOf(PublishRoute.Forbidden.class);
    assertThat(module.route("devices/d1/messages/events/")).isInstanceOf(PublishRoute.Forbidden.class);
    assertThat(device.route("$iothub/other")).isInstanceOf(PublishRoute.Forbidden.class);
  }

  @Test
  void routesTwinRequestsWithTheirQuery() {
    assertThat(device.route("$iothub/twin/GET/?$rid=1"))
        .isEqualTo(new PublishRoute.TwinGet(new TopicQuery(Map.of("$rid", "1"))));
    assertThat(module.route("$iothub/twin/PATCH/properties/reported/?$rid=2&$version=3"))
        .isEqualTo(new PublishRoute.TwinReportedPatch(new TopicQuery(Map.of("$rid", "2", "$version", "3"))));
  }

  @Test
  void routesMethodAnswersWithTheirStatusAndQuery() {
    assertThat(device.route("$iothub/methods/res/200/?$rid=4"))
        .isEqualTo(new PublishRoute.MethodResponse("200", new TopicQuery(Map.of("$rid", "4"))));
    assertThat(device.route("$iothub/methods/res/404?$rid=5"))
        .isEqualTo(new PublishRoute.MethodResponse("404", new TopicQuery(Map.of("$rid", "5"))));
    assertThat(device.route("$iothub/methods/res/x"))
        .isEqualTo(new PublishRoute.MethodResponse("x", TopicQuery.EMPTY));
  }

  @Test
  void keepsIotHubsLiteralTopicShapes() {
    assertThat(DeviceTopics.twinResponse(204, "7", Optional.of(5L)))
        .isEqualTo("$iothub/twin/res/204/?$rid=7&$version=5");
    assertThat(DeviceTopics.twinResponse(200, "8", Optional.empty())).isEqualTo("$iothub/twin/res/200/?$rid=8");
    assertThat(DeviceTopics.desiredPatch(3)).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=3");
    assertThat(DeviceTopics.methodRequest("reboot", "r1")).isEqualTo("$iothub/methods/POST/reboot/?$rid=r1");
    assertThat(module.cloudToDevice("a=1")).isEqualTo("devices/d1/modules/m1/messages/devicebound/a=1");
  }

  @Test
  void tellsWhatEachSubscriptionDelivers() {
    assertThat(device.subscription("devices/d1/messages/devicebound/#")).contains(SubscriptionTopic.CLOUD_TO_DEVICE);
    assertThat(module.subscription("devices/d1/modules/m1/messages/devicebound/#"))
        .contains(SubscriptionTopic.CLOUD_TO_DEVICE);
    assertThat(module.subscription("devices/d1/modules/m1/inputs/#")).contains(SubscriptionTopic.MODULE_INPUTS);
    assertThat(device.subscription("$iothub/twin/res/#")).contains(SubscriptionTopic.TWIN_RESPONSES);
    assertThat(device.subscription("$iothub/twin/PATCH/properties/desired/#"))
        .contains(SubscriptionTopic.DESIRED_PROPERTIES);
    assertThat(module.subscription("$iothub/methods/POST/#")).contains(SubscriptionTopic.METHODS);
  }

  @Test
  void grantsDocumentedFiltersAndQos2As1() {
    assertThat(device.grant("devices/d1/messages/devicebound/#", MqttQoS.EXACTLY_ONCE)).contains(MqttQoS.AT_LEAST_ONCE);
    assertThat(device.grant("$iothub/twin/res/#", MqttQoS.AT_MOST_ONCE)).contains(MqttQoS.AT_MOST_ONCE);
    assertThat(module.grant("devices/d1/modules/m1/inputs/#", MqttQoS.AT_LEAST_ONCE)).contains(MqttQoS.AT_LEAST_ONCE);
  }

  @Test
  void refusesEveryOtherFilter() {
    assertThat(device.grant("devices/d2/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE)).isEmpty();
    assertThat(device.grant("#", MqttQoS.AT_LEAST_ONCE)).isEmpty();
    assertThat(device.grant("devices/d1/modules/m1/inputs/#", MqttQoS.AT_LEAST_ONCE)).isEmpty();
    assertThat(module.grant("devices/d1/messages/devicebound/#", MqttQoS.AT_LEAST_ONCE)).isEmpty();
  }
}
