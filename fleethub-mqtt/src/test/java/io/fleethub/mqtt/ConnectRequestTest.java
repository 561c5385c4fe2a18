package io.fleethub.mqtt;

import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
import static io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConnectRequestTest {
  private static final HubIdentity HUB = new HubIdentity("hub.example.net", "hub");
  private static final String TOKEN = "SharedAccessSignature sr=hub.example.net%2Fdevices%2Fd1&sig=abc&se=1700000000";

  @Test
  void readsTheJavaSdksUserNameWithModelId() throws Exception {
    ConnectRequest request = ConnectRequest.parse(connect("d1",
        "hub.example.net/d1/?api-version=2020-09-30&model-id=dtmi%3Acom%3Aexample%3AT%3B1"
            + "&DeviceClientType=com.microsoft.azure.sdk.iot.iot-device-client%2F2.5.0", TOKEN), HUB);

    assertThat(request.identity()).isEqualTo(IdentityRef.device(DeviceId.of("d1")));
    assertThat(request.token()).contains(TOKEN);
    assertThat(request.modelId()).contains("dtmi:com:example:T;1");
    assertThat(request.userNameParameters())
        .containsEntry("api-version", "2020-09-30")
        .containsEntry("DeviceClientType", "com.microsoft.azure.sdk.iot.iot-device-client/2.5.0");
  }

  @Test
  void readsModuleClientIdAndAnyApiVersion() throws Exception {
    ConnectRequest request = ConnectRequest.parse(
        connect("d1/m1", "hub.example.net/d1/m1/?api-version=2099-01-01", TOKEN), HUB);

    assertThat(request.identity()).isEqualTo(IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1")));
    assertThat(request.modelId()).isEmpty();
  }

  @Test
  void acceptsOlderUserNameFormsAndAPort() throws Exception {
    assertThat(ConnectRequest.parse(connect("d1", "hub.example.net/d1/api-version=2016-11-14", TOKEN), HUB)
        .userNameParameters()).containsEntry("api-version", "2016-11-14");
    assertThat(ConnectRequest.parse(connect("d1", "hub.example.net/d1", TOKEN), HUB).userNameParameters()).isEmpty();
    assertThat(ConnectRequest.parse(connect("d1", "HUB.example.net:8883/d1/?api-version=1", TOKEN), HUB).identity())
        .isEqualTo(IdentityRef.device(DeviceId.of("d1")));
  }

  @Test
  void treatsMissingOrEmptyPasswordAsCertificateAuthentication() throws Exception {
    assertThat(ConnectRequest.parse(connect("d1", "hub.example.net/d1/?api-version=1", null), HUB).token()).isEmpty();
    assertThat(ConnectRequest.parse(connect("d1", "hub.example.net/d1/?api-version=1", ""), HUB).token()).isEmpty();
  }

  @Test
  void keepsTheWill() throws Exception {
    MqttConnectMessage connect = MqttMessageBuilders.connect()
        .protocolVersion(MqttVersion.MQTT_3_1_1).clientId("d1").username("hub.example.net/d1/")
        .password(TOKEN.getBytes(StandardCharsets.UTF_8))
        .willFlag(true).willTopic("devices/d1/messages/events/").willMessage("bye".getBytes(StandardCharsets.UTF_8))
        .willQoS(MqttQoS.AT_LEAST_ONCE).willRetain(true)
        .build();

    ConnectRequest.Will will = ConnectRequest.parse(connect, HUB).will().orElseThrow();

    assertThat(will.topic()).isEqualTo("devices/d1/messages/events/");
    assertThat(will.payload()).isEqualTo("bye".getBytes(StandardCharsets.UTF_8));
    assertThat(will.retain()).isTrue();
  }

  @Test
  void rejectsMalformedClientIds() {
    assertRefused(connect("", "hub.example.net//", TOKEN), CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    assertRefused(connect("a/b/c", "hub.example.net/a/b/c/", TOKEN), CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    assertRefused(connect("bad id", "hub.example.net/bad id/", TOKEN), CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    assertRefused(connect("d1/", "hub.example.net/d1//", TOKEN), CONNECTION_REFUSED_IDENTIFIER_REJECTED);
  }

  @Test
  void rejectsUserNamesThatDoNotNameThisHubAndClient() {
    for (String userName : new String[] {null, "other.example.net/d1/?api-version=1",
        "hub.example.net/d2/?api-version=1", "hub.example.net/d1x/?api-version=1",
        "hub.example.net/d1/?model-id=%zz"}) {
      assertRefused(connect("d1", userName, TOKEN), CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
    }
  }

  @Test
  void rejectsPasswordThatIsNotASasToken() {
    assertRefused(connect("d1", "hub.example.net/d1/", "secret"), CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
  }

  @Test
  void rejectsMqtt5WithItsOwnCode() {
    MqttConnectMessage connect = MqttMessageBuilders.connect()
        .protocolVersion(MqttVersion.MQTT_5).clientId("d1").username("hub.example.net/d1/").build();
    assertRefused(connect, CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION);
  }

  private static void assertRefused(MqttConnectMessage connect, MqttConnectReturnCode code) {
    assertThatThrownBy(() -> ConnectRequest.parse(connect, HUB))
        .isInstanceOf(ConnectRefusal.class)
        .extracting(e -> ((ConnectRefusal) e).code())
        .isEqualTo(code);
  }

  private static MqttConnectMessage connect(String clientId, String userName, String password) {
    MqttMessageBuilders.ConnectBuilder builder = MqttMessageBuilders.connect()
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .clientId(clientId);
    if (userName != null) {
      builder.username(userName);
    }
    if (password != null) {
      builder.password(password.getBytes(StandardCharsets.UTF_8));
    }
    return builder.build();
  }
}
