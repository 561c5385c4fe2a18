package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudToDeviceQueueApiTest {
  private static final IdentityRef D1 = IdentityRef.device(DeviceId.of("d1"));
  private static final IdentityRef M1 = IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1"));

  private RunningHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.request("PUT", "/devices/d1/modules/m1").body("{}").send();
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void purgesADevicesQueueLockedMessagesIncluded() {
    // GIVEN three messages queued for the device, one of them received and locked, and one for its module
    queue(D1, 3);
    queue(M1, 1);
    assertThat(hub.hub().cloudToDevice().receive(D1)).isPresent();

    // WHEN the device's queue is purged
    Response response = hub.request("DELETE", "/devices/d1/commands?api-version=2021-04-12").send();

    // THEN the three are gone, counted in IoT Hub's shape, and the module's message stays
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"totalMessagesPurged\":3,\"deviceId\":\"d1\",\"moduleId\":null}");
    assertThat(hub.hub().cloudToDevice().receive(D1)).isEmpty();
    assertThat(hub.request("GET", "/devices/d1").send().json().get("cloudToDeviceMessageCount").asInt()).isZero();
    assertThat(hub.hub().cloudToDevice().receive(M1)).isPresent();
  }

  @Test
  void purgesAModulesQueue() {
    queue(M1, 2);
    queue(D1, 1);

    Response response = hub.request("DELETE", "/devices/d1/modules/m1/commands").token(hub.token("service")).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"totalMessagesPurged\":2,\"deviceId\":\"d1\",\"moduleId\":\"m1\"}");
    assertThat(hub.hub().cloudToDevice().receive(M1)).isEmpty();
    assertThat(hub.hub().cloudToDevice().receive(D1)).isPresent();
  }

  @Test
  void countsNothingWhenTheQueueIsEmpty() {
    Response response = hub.request("DELETE", "/devices/d1/commands").send();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("totalMessagesPurged").asInt(-1)).isZero();
  }

  @Test
  void answersNotFoundForAnUnknownDeviceOrModule() {
    assertIotHubError(hub.request("DELETE", "/devices/ghost/commands").send(), 404, "DeviceNotFound");
    assertIotHubError(hub.request("DELETE", "/devices/d1/modules/ghost/commands").send(), 404, "ModuleNotFound");
    assertIotHubError(hub.request("DELETE", "/devices/bad%20id/commands").send(), 400, "ArgumentInvalid");
  }

  @Test
  void purgesForServiceConnectTokensOnlyAndOtherwiseKeepsTheQueue() {
    queue(D1, 2);

    Response registry = hub.request("DELETE", "/devices/d1/commands").token(hub.token("registryReadWrite")).send();
    Response device = hub.request("DELETE", "/devices/d1/commands").token(hub.token("device")).send();
    Response anonymous = hub.request("DELETE", "/devices/d1/commands").withoutToken().send();

    assertIotHubError(registry, 403, "Forbidden");
    assertIotHubError(device, 403, "Forbidden");
    assertIotHubError(anonymous, 401, "IotHubUnauthorizedAccess");
    assertThat(hub.request("GET", "/devices/d1").send().json().get("cloudToDeviceMessageCount").asInt()).isEqualTo(2);
  }

  private void queue(IdentityRef target, int count) {
    for (int i = 0; i < count; i++) {
      hub.hub().cloudToDevice().send(target, OutgoingMessage.of(("m" + i).getBytes(StandardCharsets.UTF_8)));
    }
  }
}
