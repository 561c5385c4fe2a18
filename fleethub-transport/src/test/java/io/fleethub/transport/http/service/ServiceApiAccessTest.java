package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.auth.SasToken;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceApiAccessTest {
  private static final String OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private RunningHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void refusesARequestWithoutATokenAndCreatesNothing() {
    Response response = hub.request("PUT", "/devices/d1").withoutToken().body("{\"deviceId\":\"d1\"}").send();

    assertIotHubError(response, 401, "IotHubUnauthorizedAccess");
    assertNoDevices();
  }

  @Test
  void refusesATokenSignedWithAnotherKeyAndCreatesNothing() {
    String forged = SasToken.sign(RunningHub.HOST_NAME, OTHER_KEY, hub.clock().instant().plus(Duration.ofHours(1)),
        Optional.of("iothubowner")).toString();

    Response response = hub.request("PUT", "/devices/d1").token(forged).body("{\"deviceId\":\"d1\"}").send();

    assertIotHubError(response, 401, "IotHubUnauthorizedAccess");
    assertNoDevices();
  }

  @Test
  void authenticatesBeforeLookingAtTheRequestsInput() {
    Response response = hub.request("PUT", "/devices/bad%20id").withoutToken().body("not json").send();

    assertIotHubError(response, 401, "IotHubUnauthorizedAccess");
  }

  @Test
  void refusesAMalformedToken() {
    Response response = hub.request("GET", "/devices").token("Bearer abc").send();

    assertIotHubError(response, 401, "IotHubUnauthorizedAccess");
  }

  @Test
  void refusesATokenForAnotherHub() {
    String elsewhere = SasToken.sign("other.fleethub.test", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        hub.clock().instant().plus(Duration.ofHours(1)), Optional.of("iothubowner")).toString();

    assertIotHubError(hub.request("GET", "/devices").token(elsewhere).send(), 401, "IotHubUnauthorizedAccess");
  }

  @Test
  void refusesAnExpiredTokenOnceTheClockSkewHasPassedAndCreatesNothing() {
    // GIVEN a token valid for an hour
    String token = hub.token("iothubowner");

    // WHEN the hub's clock passes its expiry plus the five minutes of allowed skew
    hub.clock().advance(Duration.ofHours(1).plusMinutes(5).plusSeconds(1));
    Response response = hub.request("PUT", "/devices/d1").token(token).body("{\"deviceId\":\"d1\"}").send();

    // THEN it is refused and nothing is created
    assertIotHubError(response, 401, "IotHubUnauthorizedAccess");
    assertNoDevices();
  }

  @Test
  void acceptsATokenWithinTheClockSkewAfterItsExpiry() {
    String token = hub.token("iothubowner");

    hub.clock().advance(Duration.ofHours(1).plusMinutes(4));

    assertThat(hub.request("GET", "/devices").token(token).send().status()).isEqualTo(200);
  }

  @Test
  void refusesWritesWithARegistryReadTokenAndChangesNothing() {
    // GIVEN a device, and a token of the registryRead policy
    Response existing = hub.request("PUT", "/devices/d1").body("{\"deviceId\":\"d1\"}").send();
    String readOnly = hub.token("registryRead");

    // WHEN it creates, updates and deletes
    Response create = hub.request("PUT", "/devices/d2").token(readOnly).body("{\"deviceId\":\"d2\"}").send();
    Response update = hub.request("PUT", "/devices/d1").token(readOnly).header("If-Match", "*")
        .body("{\"deviceId\":\"d1\",\"status\":\"disabled\"}").send();
    Response delete = hub.request("DELETE", "/devices/d1").token(readOnly).send();
    Response module = hub.request("PUT", "/devices/d1/modules/m1").token(readOnly).body("{}").send();

    // THEN each is forbidden and the registry is as it was
    assertIotHubError(create, 403, "Forbidden");
    assertIotHubError(update, 403, "Forbidden");
    assertIotHubError(delete, 403, "Forbidden");
    assertIotHubError(module, 403, "Forbidden");
    assertThat(ids(hub.request("GET", "/devices").send().json())).containsExactly("d1");
    assertThat(hub.request("GET", "/devices/d1").send().json()).isEqualTo(existing.json());
    assertThat(hub.request("GET", "/devices/d1/modules").send().json()).isEmpty();
  }

  @Test
  void letsARegistryReadTokenRead() {
    hub.request("PUT", "/devices/d1").body("{\"deviceId\":\"d1\"}").send();
    String readOnly = hub.token("registryRead");

    assertThat(hub.request("GET", "/devices/d1").token(readOnly).send().status()).isEqualTo(200);
    assertThat(hub.request("GET", "/devices").token(readOnly).send().status()).isEqualTo(200);
    assertThat(hub.request("GET", "/statistics/devices").token(readOnly).send().status()).isEqualTo(200);
  }

  @Test
  void servesServiceStatisticsToServiceConnectTokensOnly() {
    Response withServiceConnect = hub.request("GET", "/statistics/service?api-version=2021-04-12")
        .token(hub.token("service")).send();
    Response withRegistryRead = hub.request("GET", "/statistics/service").token(hub.token("registryRead")).send();

    assertThat(withServiceConnect.status()).isEqualTo(200);
    assertThat(withServiceConnect.body()).isEqualTo("{\"connectedDeviceCount\":0}");
    assertIotHubError(withRegistryRead, 403, "Forbidden");
  }

  @Test
  void listsPoliciesWithKeysAndRightsToAnOwnerToken() {
    Response response = hub.request("GET", "/$fleethub/policies").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode policies = response.json();
    List<String> names = new ArrayList<>();
    policies.forEach(p -> names.add(p.get("keyName").asText()));
    assertThat(names).containsExactly("iothubowner", "service", "device", "registryRead", "registryReadWrite");
    JsonNode owner = policies.get(0);
    assertThat(owner.get("rights").asText()).isEqualTo("RegistryRead, RegistryWrite, ServiceConnect, DeviceConnect");
    assertThat(owner.get("primaryKey").asText()).isNotEmpty();
    assertThat(owner.get("secondaryKey").asText()).isNotEmpty();
    assertThat(policies.get(4).get("rights").asText()).isEqualTo("RegistryRead, RegistryWrite");
  }

  @Test
  void refusesThePolicyListToATokenWithoutEveryRight() {
    Response response = hub.request("GET", "/$fleethub/policies").token(hub.token("registryReadWrite")).send();

    String message = assertIotHubError(response, 403, "Forbidden");
    assertThat(message).doesNotContain(hub.hub().policies().findPolicy("iothubowner").orElseThrow().primaryKey());
    assertThat(response.body()).doesNotContain("primaryKey");
  }

  private void assertNoDevices() {
    assertThat(hub.request("GET", "/devices").send().json()).isEmpty();
  }

  private static List<String> ids(JsonNode devices) {
    List<String> ids = new ArrayList<>();
    devices.forEach(device -> ids.add(device.get("deviceId").asText()));
    return ids;
  }
}
