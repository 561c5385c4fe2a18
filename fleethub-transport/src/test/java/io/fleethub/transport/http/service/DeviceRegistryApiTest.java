package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceRegistryApiTest {
  private static final String KEY_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final String KEY_B = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

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
  void createsDeviceWithGeneratedKeysInIotHubShape() {
    // WHEN a device is created with no credentials
    Response response = hub.request("PUT", "/devices/d1?api-version=2021-04-12").body("{\"deviceId\":\"d1\"}").send();

    // THEN it comes back in IoT Hub's shape, field for field, with generated SAS keys
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode device = response.json();
    assertThat(fieldNames(device)).containsExactly("deviceId", "generationId", "etag", "connectionState", "status",
        "statusReason", "connectionStateUpdatedTime", "statusUpdatedTime", "lastActivityTime",
        "cloudToDeviceMessageCount", "authentication", "capabilities", "deviceScope", "parentScopes");
    assertThat(device.get("deviceId").asText()).isEqualTo("d1");
    assertThat(device.get("generationId").asText()).matches("\\d{18}");
    assertThat(device.get("connectionState").asText()).isEqualTo("Disconnected");
    assertThat(device.get("status").asText()).isEqualTo("enabled");
    assertThat(device.get("statusReason").isNull()).isTrue();
    assertThat(device.get("connectionStateUpdatedTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(device.get("statusUpdatedTime").asText()).isEqualTo("2024-01-02T03:04:05.6789012Z");
    assertThat(device.get("lastActivityTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(device.get("cloudToDeviceMessageCount").isIntegralNumber()).isTrue();
    assertThat(device.get("cloudToDeviceMessageCount").asLong()).isZero();
    JsonNode authentication = device.get("authentication");
    assertThat(fieldNames(authentication)).containsExactly("symmetricKey", "x509Thumbprint", "type");
    assertThat(authentication.get("type").asText()).isEqualTo("sas");
    assertThat(Base64.getDecoder().decode(authentication.at("/symmetricKey/primaryKey").asText())).hasSize(32);
    assertThat(Base64.getDecoder().decode(authentication.at("/symmetricKey/secondaryKey").asText())).hasSize(32);
    assertThat(authentication.at("/x509Thumbprint/primaryThumbprint").isNull()).isTrue();
    assertThat(authentication.at("/x509Thumbprint/secondaryThumbprint").isNull()).isTrue();
    assertThat(device.at("/capabilities/iotEdge").asBoolean(true)).isFalse();
    assertThat(device.get("deviceScope").isNull()).isTrue();
    assertThat(device.get("parentScopes").isArray()).isTrue();
    assertThat(device.get("parentScopes")).isEmpty();
    assertThat(response.header("ETag")).contains("\"" + device.get("etag").asText() + "\"");
  }

  @Test
  void getsTheDeviceExactlyAsCreated() {
    // GIVEN a device
    Response created = createDevice("d1");

    // WHEN it is read back
    Response read = hub.request("GET", "/devices/d1?api-version=2021-04-12").send();

    // THEN the body and the etag are those of the create
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created.json());
    assertThat(read.header("ETag")).isEqualTo(created.header("ETag"));
  }

  @Test
  void acceptsTheBodyTheJavaServiceSdkSendsOnAddDevice() {
    // GIVEN the body RegistryClient.addDevice serializes: enum names, empty etag, echoed read-only fields
    String body = "{\"etag\":\"\",\"deviceId\":\"java-dev\",\"generationId\":\"\",\"status\":\"Disabled\","
        + "\"statusUpdatedTime\":\"0001-01-01T00:00:00\",\"connectionState\":\"Disconnected\","
        + "\"connectionStateUpdatedTime\":\"0001-01-01T00:00:00\",\"lastActivityTime\":\"0001-01-01T00:00:00\","
        + "\"cloudToDeviceMessageCount\":0,\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"" + KEY_A
        + "\",\"secondaryKey\":\"" + KEY_B + "\"},\"type\":\"sas\"},\"parentScopes\":[]}";

    // WHEN it is PUT without If-Match, as addDevice does
    Response response = hub.request("PUT", "/devices/java-dev?api-version=2021-04-12").body(body).send();

    // THEN the device is created with the given keys and status
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().get("status").asText()).isEqualTo("disabled");
    assertThat(response.json().at("/authentication/symmetricKey/primaryKey").asText()).isEqualTo(KEY_A);
    assertThat(response.json().at("/authentication/symmetricKey/secondaryKey").asText()).isEqualTo(KEY_B);
  }

  @Test
  void generatesKeysWhenTheNodeSdkSendsEmptyOnes() {
    // GIVEN the body Registry.create normalizes a device without authentication to
    String body = "{\"deviceId\":\"node-dev\",\"authentication\":{\"type\":\"sas\","
        + "\"symmetricKey\":{\"primaryKey\":\"\",\"secondaryKey\":\"\"}}}";

    // WHEN it is created
    Response response = hub.request("PUT", "/devices/node-dev").body(body).send();

    // THEN keys are generated
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().at("/authentication/symmetricKey/primaryKey").asText()).isNotEmpty();
    assertThat(response.json().at("/authentication/symmetricKey/secondaryKey").asText()).isNotEmpty();
  }

  @Test
  void createsSelfSignedDeviceWithThumbprints() {
    String primary = "AB".repeat(20);
    String body = "{\"deviceId\":\"x509\",\"authentication\":{\"type\":\"selfSigned\","
        + "\"x509Thumbprint\":{\"primaryThumbprint\":\"" + primary + "\",\"secondaryThumbprint\":null}}}";

    Response response = hub.request("PUT", "/devices/x509").body(body).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode authentication = response.json().get("authentication");
    assertThat(authentication.get("type").asText()).isEqualTo("selfSigned");
    assertThat(authentication.at("/x509Thumbprint/primaryThumbprint").asText()).isEqualTo(primary);
    assertThat(authentication.at("/symmetricKey/primaryKey").isNull()).isTrue();
  }

  @Test
  void refusesToCreateADeviceThatExistsAndChangesNothing() {
    // GIVEN a device
    Response created = createDevice("d1");

    // WHEN it is created again (PUT without If-Match)
    Response response = hub.request("PUT", "/devices/d1").body("{\"deviceId\":\"d1\",\"status\":\"disabled\"}").send();

    // THEN 409 DeviceAlreadyExists, and the device is as it was
    assertIotHubError(response, 409, "DeviceAlreadyExists");
    assertThat(hub.request("GET", "/devices/d1").send().json()).isEqualTo(created.json());
  }

  @Test
  void updatesWithTheCurrentEtagKeepingKeysAndBumpingTheEtag() {
    // GIVEN a device, and time passing
    Response created = createDevice("d1");
    hub.clock().advance(Duration.ofSeconds(90));

    // WHEN it is disabled with its current etag, quoted as in an HTTP precondition
    Response updated = hub.request("PUT", "/devices/d1").header("If-Match", created.header("ETag").orElseThrow())
        .body("{\"deviceId\":\"d1\",\"status\":\"disabled\",\"statusReason\":\"maintenance\"}").send();

    // THEN the status changes, the keys stay, and the etag moves on
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonNode device = updated.json();
    assertThat(device.get("status").asText()).isEqualTo("disabled");
    assertThat(device.get("statusReason").asText()).isEqualTo("maintenance");
    assertThat(device.get("statusUpdatedTime").asText()).isEqualTo("2024-01-02T03:05:35.6789012Z");
    assertThat(device.get("authentication")).isEqualTo(created.json().get("authentication"));
    assertThat(device.get("generationId")).isEqualTo(created.json().get("generationId"));
    assertThat(device.get("etag")).isNotEqualTo(created.json().get("etag"));
    assertThat(updated.header("ETag")).contains("\"" + device.get("etag").asText() + "\"");
  }

  @Test
  void forcesUpdatesWithTheStarEachSdkSends() {
    // GIVEN a device
    createDevice("d1");

    // WHEN the Java SDK's If-Match: * and the Node SDK's If-Match: "*" update it
    Response fromJava = hub.request("PUT", "/devices/d1").header("If-Match", "*")
        .body("{\"deviceId\":\"d1\",\"status\":\"Disabled\"}").send();
    Response fromNode = hub.request("PUT", "/devices/d1").header("If-Match", "\"*\"")
        .body("{\"deviceId\":\"d1\",\"status\":\"enabled\",\"cloudToDeviceMessageCount\":\"0\","
            + "\"connectionState\":\"disconnected\",\"capabilities\":{}}").send();

    // THEN both succeed
    assertThat(fromJava.status()).as(fromJava.toString()).isEqualTo(200);
    assertThat(fromJava.json().get("status").asText()).isEqualTo("disabled");
    assertThat(fromNode.status()).as(fromNode.toString()).isEqualTo(200);
    assertThat(fromNode.json().get("status").asText()).isEqualTo("enabled");
  }

  @Test
  void refusesAnUpdateWithAStaleEtagAndChangesNothing() {
    // GIVEN a device updated since its etag was read
    Response created = createDevice("d1");
    Response current = hub.request("PUT", "/devices/d1").header("If-Match", "*")
        .body("{\"deviceId\":\"d1\",\"statusReason\":\"first\"}").send();

    // WHEN it is updated with the stale etag
    Response response = hub.request("PUT", "/devices/d1").header("If-Match", created.header("ETag").orElseThrow())
        .body("{\"deviceId\":\"d1\",\"status\":\"disabled\"}").send();

    // THEN 412 PreconditionFailed, and the device is as it was
    assertIotHubError(response, 412, "PreconditionFailed");
    assertThat(hub.request("GET", "/devices/d1").send().json()).isEqualTo(current.json());
  }

  @Test
  void refusesToUpdateADeviceThatDoesNotExist() {
    Response response = hub.request("PUT", "/devices/ghost").header("If-Match", "*")
        .body("{\"deviceId\":\"ghost\"}").send();

    assertIotHubError(response, 404, "DeviceNotFound");
    assertThat(hub.request("GET", "/devices").send().json()).isEmpty();
  }

  @Test
  void deletesUnconditionallyWithoutIfMatchAndWithStar() {
    createDevice("d1");
    createDevice("d2");

    Response withoutIfMatch = hub.request("DELETE", "/devices/d1").send();
    Response withStar = hub.request("DELETE", "/devices/d2").header("If-Match", "\"*\"").send();

    assertThat(withoutIfMatch.status()).isEqualTo(204);
    assertThat(withStar.status()).isEqualTo(204);
    assertIotHubError(hub.request("GET", "/devices/d1").send(), 404, "DeviceNotFound");
    assertIotHubError(hub.request("GET", "/devices/d2").send(), 404, "DeviceNotFound");
  }

  @Test
  void deletesWithTheUnquotedBodyEtagTheJavaSdkSends() {
    // GIVEN a device, whose body etag RegistryClient.removeDevice(Device) puts in If-Match as is
    Response created = createDevice("d1");

    // WHEN it is deleted with that etag
    Response response = hub.request("DELETE", "/devices/d1")
        .header("If-Match", created.json().get("etag").asText()).send();

    // THEN it is gone
    assertThat(response.status()).isEqualTo(204);
    assertIotHubError(hub.request("GET", "/devices/d1").send(), 404, "DeviceNotFound");
  }

  @Test
  void refusesADeleteWithAStaleEtagAndKeepsTheDevice() {
    Response created = createDevice("d1");
    Response current = hub.request("PUT", "/devices/d1").header("If-Match", "*")
        .body("{\"deviceId\":\"d1\",\"statusReason\":\"changed\"}").send();

    Response response = hub.request("DELETE", "/devices/d1").header("If-Match", created.header("ETag").orElseThrow())
        .send();

    assertIotHubError(response, 412, "PreconditionFailed");
    assertThat(hub.request("GET", "/devices/d1").send().json()).isEqualTo(current.json());
  }

  @Test
  void reportsAnUnknownDeviceAsNotRegistered() {
    Response response = hub.request("GET", "/devices/ghost").send();

    String message = assertIotHubError(response, 404, "DeviceNotFound");
    assertThat(message).isEqualTo("Device 'ghost' is not registered.");
    assertIotHubError(hub.request("DELETE", "/devices/ghost").send(), 404, "DeviceNotFound");
  }

  @Test
  void listsDevicesInIdOrderUpToTop() {
    createDevice("c");
    createDevice("a");
    createDevice("b");

    Response firstTwo = hub.request("GET", "/devices?top=2&api-version=2021-04-12").send();
    Response all = hub.request("GET", "/devices/?api-version=2021-04-12").send();

    assertThat(firstTwo.status()).isEqualTo(200);
    assertThat(ids(firstTwo.json())).containsExactly("a", "b");
    assertThat(ids(all.json())).containsExactly("a", "b", "c");
    assertIotHubError(hub.request("GET", "/devices?top=many").send(), 400, "ArgumentInvalid");
    assertIotHubError(hub.request("GET", "/devices?top=1001").send(), 400, "DeviceInvalidResultCount");
  }

  @Test
  void countsDevicesByStatus() {
    createDevice("a");
    createDevice("b");
    hub.request("PUT", "/devices/c").body("{\"deviceId\":\"c\",\"status\":\"disabled\"}").send();

    Response response = hub.request("GET", "/statistics/devices?api-version=2021-04-12").send();

    // THEN IoT Hub's names carry the counts, and the enabled count also under the name the Java SDK reads
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"totalDeviceCount\":3,\"enabledDeviceCount\":2,"
        + "\"enableDeviceCount\":2,\"disabledDeviceCount\":1}");
  }

  @Test
  void decodesUrlEncodedIdsExactlyOnce() {
    // GIVEN an id with characters clients percent-encode (Node encodeURIComponent), and a raw '+' (Java SDK)
    Response encoded = hub.request("PUT", "/devices/dev%3A1%2Ba%2541%23%24").body("{}").send();
    Response rawPlus = hub.request("PUT", "/devices/x+y").body("{\"deviceId\":\"x+y\"}").send();

    // THEN each is decoded once: %2541 stays the literal text %41, and + stays +
    assertThat(encoded.status()).as(encoded.toString()).isEqualTo(200);
    assertThat(encoded.json().get("deviceId").asText()).isEqualTo("dev:1+a%41#$");
    assertThat(hub.request("GET", "/devices/dev%3A1%2Ba%2541%23%24").send().status()).isEqualTo(200);
    assertThat(rawPlus.status()).as(rawPlus.toString()).isEqualTo(200);
    assertThat(hub.request("GET", "/devices/x%2By").send().json().get("deviceId").asText()).isEqualTo("x+y");
  }

  private Response createDevice(String id) {
    Response response = hub.request("PUT", "/devices/" + id).body("{\"deviceId\":\"" + id + "\"}").send();
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> ids(JsonNode devices) {
    List<String> ids = new ArrayList<>();
    devices.forEach(device -> ids.add(device.get("deviceId").asText()));
    return ids;
  }
}
