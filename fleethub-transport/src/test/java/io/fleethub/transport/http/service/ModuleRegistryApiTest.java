package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModuleRegistryApiTest {
  private static final String KEY_A = "AAECAwQFBgcICQoLDA0ODw==";
  private static final String KEY_B = "EBESExQVFhcYGRobHB0eHw==";

  private RunningHub hub;

  @BeforeEach
  void startHubWithADevice() throws Exception {
    hub = RunningHub.start();
    assertThat(hub.request("PUT", "/devices/d1").body("{\"deviceId\":\"d1\"}").send().status()).isEqualTo(200);
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void createsModuleWithGeneratedKeysInIotHubShape() {
    // WHEN a module is created with no credentials
    Response response = hub.request("PUT", "/devices/d1/modules/m1?api-version=2021-04-12")
        .body("{\"deviceId\":\"d1\",\"moduleId\":\"m1\"}").send();

    // THEN it comes back in IoT Hub's module shape with generated SAS keys
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode module = response.json();
    assertThat(fieldNames(module)).containsExactly("moduleId", "managedBy", "deviceId", "generationId", "etag",
        "connectionState", "connectionStateUpdatedTime", "lastActivityTime", "cloudToDeviceMessageCount",
        "authentication");
    assertThat(module.get("moduleId").asText()).isEqualTo("m1");
    assertThat(module.get("managedBy").isNull()).isTrue();
    assertThat(module.get("deviceId").asText()).isEqualTo("d1");
    assertThat(module.get("generationId").asText()).matches("\\d{18}");
    assertThat(module.get("connectionState").asText()).isEqualTo("Disconnected");
    assertThat(module.get("connectionStateUpdatedTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(module.get("lastActivityTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(module.get("cloudToDeviceMessageCount").asLong()).isZero();
    assertThat(module.at("/authentication/type").asText()).isEqualTo("sas");
    assertThat(Base64.getDecoder().decode(module.at("/authentication/symmetricKey/primaryKey").asText())).hasSize(32);
    assertThat(response.header("ETag")).contains("\"" + module.get("etag").asText() + "\"");
    assertThat(hub.request("GET", "/devices/d1/modules/m1").send().json()).isEqualTo(module);
  }

  @Test
  void acceptsTheBodyTheJavaServiceSdkSendsOnAddModule() {
    // GIVEN the body RegistryClient.addModule serializes, with client-generated 16-byte keys and managedBy ""
    String body = "{\"etag\":\"\",\"deviceId\":\"d1\",\"moduleId\":\"m1\",\"generationId\":\"\","
        + "\"connectionState\":\"Disconnected\",\"connectionStateUpdatedTime\":\"0001-01-01T00:00:00\","
        + "\"lastActivityTime\":\"0001-01-01T00:00:00\",\"cloudToDeviceMessageCount\":0,"
        + "\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"" + KEY_A + "\",\"secondaryKey\":\"" + KEY_B
        + "\"},\"type\":\"sas\"},\"managedBy\":\"\",\"parentScopes\":[]}";

    Response response = hub.request("PUT", "/devices/d1/modules/m1?api-version=2021-04-12").body(body).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().at("/authentication/symmetricKey/primaryKey").asText()).isEqualTo(KEY_A);
    assertThat(response.json().at("/authentication/symmetricKey/secondaryKey").asText()).isEqualTo(KEY_B);
    assertThat(response.json().get("managedBy").asText()).isEmpty();
  }

  @Test
  void refusesAModuleOnADeviceThatDoesNotExist() {
    Response response = hub.request("PUT", "/devices/ghost/modules/m1").body("{}").send();

    assertIotHubError(response, 404, "DeviceNotFound");
    assertIotHubError(hub.request("GET", "/devices/ghost/modules").send(), 404, "DeviceNotFound");
  }

  @Test
  void refusesToCreateAModuleThatExistsAndChangesNothing() {
    Response created = createModule("m1");

    Response response = hub.request("PUT", "/devices/d1/modules/m1").body("{\"managedBy\":\"edge\"}").send();

    assertIotHubError(response, 409, "ModuleAlreadyExistsOnDevice");
    assertThat(hub.request("GET", "/devices/d1/modules/m1").send().json()).isEqualTo(created.json());
  }

  @Test
  void updatesWithTheCurrentEtagOrStarAndRefusesAStaleOne() {
    // GIVEN a module
    Response created = createModule("m1");

    // WHEN it is updated with its etag, then with Node's "*", then with the first (now stale) etag
    Response first = hub.request("PUT", "/devices/d1/modules/m1").header("If-Match", created.header("ETag").get())
        .body("{\"moduleId\":\"m1\",\"managedBy\":\"first\"}").send();
    Response forced = hub.request("PUT", "/devices/d1/modules/m1").header("If-Match", "\"*\"")
        .body("{\"moduleId\":\"m1\",\"managedBy\":\"forced\"}").send();
    Response stale = hub.request("PUT", "/devices/d1/modules/m1").header("If-Match", created.header("ETag").get())
        .body("{\"moduleId\":\"m1\",\"managedBy\":\"stale\"}").send();

    // THEN the first two apply, keeping keys and moving the etag; the stale one changes nothing
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().get("etag")).isNotEqualTo(created.json().get("etag"));
    assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
    assertThat(forced.json().get("managedBy").asText()).isEqualTo("forced");
    assertThat(forced.json().get("authentication")).isEqualTo(created.json().get("authentication"));
    assertIotHubError(stale, 412, "PreconditionFailed");
    assertThat(hub.request("GET", "/devices/d1/modules/m1").send().json()).isEqualTo(forced.json());
  }

  @Test
  void refusesToUpdateAModuleThatDoesNotExist() {
    Response response = hub.request("PUT", "/devices/d1/modules/ghost").header("If-Match", "*").body("{}").send();

    assertIotHubError(response, 404, "ModuleNotFound");
    assertThat(hub.request("GET", "/devices/d1/modules").send().json()).isEmpty();
  }

  @Test
  void refusesABodyModuleIdThatDiffersFromThePath() {
    Response response = hub.request("PUT", "/devices/d1/modules/m1").body("{\"moduleId\":\"m2\"}").send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertThat(hub.request("GET", "/devices/d1/modules").send().json()).isEmpty();
  }

  @Test
  void listsTheModulesOfADeviceInIdOrder() {
    createModule("m2");
    createModule("m1");

    Response response = hub.request("GET", "/devices/d1/modules?api-version=2021-04-12").send();

    assertThat(response.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    response.json().forEach(m -> ids.add(m.get("moduleId").asText()));
    assertThat(ids).containsExactly("m1", "m2");
  }

  @Test
  void deletesAModuleAndThenReportsItNotFound() {
    Response created = createModule("m1");

    Response stale = hub.request("DELETE", "/devices/d1/modules/m1").header("If-Match", "\"bm90LWl0\"").send();
    Response deleted = hub.request("DELETE", "/devices/d1/modules/m1")
        .header("If-Match", created.json().get("etag").asText()).send();

    assertIotHubError(stale, 412, "PreconditionFailed");
    assertThat(deleted.status()).isEqualTo(204);
    assertIotHubError(hub.request("GET", "/devices/d1/modules/m1").send(), 404, "ModuleNotFound");
    assertIotHubError(hub.request("DELETE", "/devices/d1/modules/m1").send(), 404, "ModuleNotFound");
  }

  private Response createModule(String id) {
    Response response = hub.request("PUT", "/devices/d1/modules/" + id).body("{\"moduleId\":\"" + id + "\"}").send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
