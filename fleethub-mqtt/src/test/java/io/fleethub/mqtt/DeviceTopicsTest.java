package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.netty.handler.codec.mqtt.MqttQoS;
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
  void recognisesTwinAndMethodPublishes() {
    assertThat(device.route("$iothub/twin/GET/?$rid=1")).isInstanceOf(PublishRoute.TwinRequest.class);
    assertThat(module.route("$iothub/twin/PATCH/properties/reported/?$rid=2&$version=3"))
        .isInstanceOf(PublishRoute.TwinRequest.class);
    assertThat(device.route("$iothub/methods/res/200/?$rid=4")).isInstanceOf(PublishRoute.MethodResponse.class);
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
