package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.twin.DesiredPropertiesChange;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwinApiTest {
  private static final String FIRST_ETAG = "AAAAAAAAAAE=";
  private static final String CREATED_AT = "2024-01-02T03:04:05.6789012Z";

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
  void getsADeviceTwinInIotHubShape() {
    // GIVEN a device
    JsonNode device = hub.request("PUT", "/devices/d1").body("{}").send().json();

    // WHEN its twin is read
    Response response = hub.request("GET", "/twins/d1?api-version=2021-04-12").send();

    // THEN it has IoT Hub's twin fields, the registry's among them, and its etag in the ETag header
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode twin = response.json();
    assertThat(fieldNames(twin)).containsExactly("deviceId", "etag", "deviceEtag", "status", "statusUpdateTime",
        "connectionState", "lastActivityTime", "cloudToDeviceMessageCount", "authenticationType", "x509Thumbprint",
        "modelId", "version", "capabilities", "parentScopes", "tags", "properties");
    assertThat(twin.get("deviceId").asText()).isEqualTo("d1");
    assertThat(twin.get("etag").asText()).isEqualTo(FIRST_ETAG);
    assertThat(twin.get("deviceEtag").asText()).isEqualTo(device.get("etag").asText());
    assertThat(twin.get("status").asText()).isEqualTo("enabled");
    assertThat(twin.get("statusUpdateTime").asText()).isEqualTo(device.get("statusUpdatedTime").asText());
    assertThat(twin.get("connectionState").asText()).isEqualTo("Disconnected");
    assertThat(twin.get("lastActivityTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(twin.get("cloudToDeviceMessageCount").asInt(-1)).isZero();
    assertThat(twin.get("authenticationType").asText()).isEqualTo("sas");
    assertThat(fieldNames(twin.get("x509Thumbprint"))).containsExactly("primaryThumbprint", "secondaryThumbprint");
    assertThat(twin.get("version").asLong()).isEqualTo(1);
    assertThat(twin.at("/capabilities/iotEdge").asBoolean(true)).isFalse();
    assertThat(twin.get("tags")).isEmpty();
    JsonNode desired = twin.at("/properties/desired");
    assertThat(fieldNames(desired)).containsExactly("$metadata", "$version");
    assertThat(desired.at("/$metadata/$lastUpdated").asText()).isEqualTo(CREATED_AT);
    assertThat(desired.get("$version").asLong()).isEqualTo(1);
    JsonNode reported = twin.at("/properties/reported");
    assertThat(fieldNames(reported)).containsExactly("$metadata", "$version");
    assertThat(reported.at("/$metadata/$lastUpdated").asText()).isEqualTo(CREATED_AT);
    assertThat(response.header("ETag")).contains("\"" + FIRST_ETAG + "\"");
  }

  @Test
  void getsAModuleTwinWithItsModuleIdAndWithoutDeviceOnlyFields() {
    hub.request("PUT", "/devices/d1").body("{}").send();
    JsonNode module = hub.request("PUT", "/devices/d1/modules/m1").body("{}").send().json();

    Response response = hub.request("GET", "/twins/d1/modules/m1?api-version=2021-04-12").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode twin = response.json();
    assertThat(fieldNames(twin)).containsExactly("deviceId", "moduleId", "etag", "deviceEtag", "status",
        "statusUpdateTime", "connectionState", "lastActivityTime", "cloudToDeviceMessageCount", "authenticationType",
        "x509Thumbprint", "modelId", "version", "tags", "properties");
    assertThat(twin.get("moduleId").asText()).isEqualTo("m1");
    assertThat(twin.get("deviceEtag").asText()).isEqualTo(module.get("etag").asText());
    assertThat(response.header("ETag")).contains("\"" + FIRST_ETAG + "\"");
  }

  @Test
  void patchMergesTagsAndDesiredPropertiesAndNullDeletes() {
    // GIVEN a twin with tags and desired properties
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.request("PATCH", "/twins/d1")
        .body("{\"tags\":{\"site\":\"north\",\"floor\":1},\"properties\":{\"desired\":{\"fan\":{\"speed\":1},"
            + "\"led\":\"on\"}}}").send();

    // WHEN a later patch changes one value, deletes another and adds a third
    hub.clock().advance(Duration.ofMinutes(1));
    Response response = hub.request("PATCH", "/twins/d1?api-version=2021-04-12")
        .body("{\"tags\":{\"floor\":null},\"properties\":{\"desired\":{\"fan\":{\"speed\":2},\"led\":null,"
            + "\"mode\":\"eco\"}}}").send();

    // THEN the twin holds the merge, with metadata at every level and new versions
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode twin = response.json();
    assertThat(twin.get("tags").toString()).isEqualTo("{\"site\":\"north\"}");
    JsonNode desired = twin.at("/properties/desired");
    assertThat(desired.at("/fan/speed").asInt()).isEqualTo(2);
    assertThat(desired.has("led")).isFalse();
    assertThat(desired.get("mode").asText()).isEqualTo("eco");
    assertThat(desired.get("$version").asLong()).isEqualTo(3);
    assertThat(desired.at("/$metadata/$lastUpdated").asText()).isEqualTo("2024-01-02T03:05:05.6789012Z");
    assertThat(desired.at("/$metadata/fan/$lastUpdated").asText()).isEqualTo("2024-01-02T03:05:05.6789012Z");
    assertThat(desired.at("/$metadata/fan/speed/$lastUpdated").asText()).isEqualTo("2024-01-02T03:05:05.6789012Z");
    assertThat(desired.at("/$metadata/mode/$lastUpdated").isTextual()).isTrue();
    assertThat(twin.get("version").asLong()).isEqualTo(3);
    assertThat(response.header("ETag")).contains("\"" + twin.get("etag").asText() + "\"");
    assertThat(hub.request("GET", "/twins/d1").send().json()).isEqualTo(twin);
  }

  @Test
  void tellsASubscribedDeviceOfADesiredPatch() {
    // GIVEN a device subscribed to its desired properties
    hub.request("PUT", "/devices/d1").body("{}").send();
    List<DesiredPropertiesChange> changes = new CopyOnWriteArrayList<>();
    hub.hub().twinNotifications().subscribe(IdentityRef.device(DeviceId.of("d1")), changes::add);

    // WHEN the back end patches the desired properties
    hub.request("PATCH", "/twins/d1").body("{\"properties\":{\"desired\":{\"led\":\"on\"}}}").send();

    // THEN the device is told of the patch with its new $version
    assertThat(changes).singleElement().satisfies(change -> {
      assertThat(change.patch().toString()).isEqualTo("{\"led\":\"on\",\"$version\":2}");
      assertThat(change.version()).isEqualTo(2);
    });
  }

  @Test
  void patchesUnderTheCurrentEtagQuotedOrNot() {
    hub.request("PUT", "/devices/d1").body("{}").send();

    Response unquoted = hub.request("PATCH", "/twins/d1").header("If-Match", FIRST_ETAG)
        .body("{\"tags\":{\"a\":1}}").send();
    String second = unquoted.json().get("etag").asText();
    Response quoted = hub.request("PATCH", "/twins/d1").header("If-Match", "\"" + second + "\"")
        .body("{\"tags\":{\"b\":2}}").send();

    assertThat(unquoted.status()).as(unquoted.toString()).isEqualTo(200);
    assertThat(quoted.status()).as(quoted.toString()).isEqualTo(200);
    assertThat(quoted.json().get("tags").toString()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void refusesAPatchUnderAStaleEtagWith412AndChangesNothing() {
    // GIVEN a twin changed since its first etag was read
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.request("PATCH", "/twins/d1").body("{\"tags\":{\"a\":1}}").send();
    JsonNode before = hub.request("GET", "/twins/d1").send().json();

    // WHEN a patch and a replacement come under the first etag
    Response patch = hub.request("PATCH", "/twins/d1").header("If-Match", "\"" + FIRST_ETAG + "\"")
        .body("{\"tags\":{\"a\":2}}").send();
    Response replace = hub.request("PUT", "/twins/d1").header("If-Match", "\"" + FIRST_ETAG + "\"")
        .body("{\"tags\":{\"a\":3}}").send();

    // THEN both are refused as IoT Hub refuses them and the twin is unchanged
    assertIotHubError(patch, 412, "PreconditionFailed");
    assertIotHubError(replace, 412, "PreconditionFailed");
    assertThat(hub.request("GET", "/twins/d1").send().json()).isEqualTo(before);
  }

  @Test
  void treatsAPostOverriddenToPatchAsAPatch() {
    // GIVEN the request the Java SDK sends for TwinClient.patch: POST with X-HTTP-Method-Override
    hub.request("PUT", "/devices/d1").body("{}").send();

    Response response = hub.request("POST", "/twins/d1?api-version=2021-04-12")
        .header("X-HTTP-Method-Override", "PATCH").header("If-Match", FIRST_ETAG)
        .body("{\"deviceId\":null,\"etag\":null,\"version\":null,\"tags\":null,"
            + "\"properties\":{\"desired\":{\"led\":\"on\"}},\"configurations\":null}").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().at("/properties/desired/led").asText()).isEqualTo("on");
  }

  @Test
  void refusesAPostThatIsNotAPatchAndChangesNothing() {
    hub.request("PUT", "/devices/d1").body("{}").send();

    Response response = hub.request("POST", "/twins/d1").body("{\"tags\":{\"a\":1}}").send();

    assertIotHubError(response, 405, "MethodNotAllowed");
    assertThat(hub.request("GET", "/twins/d1").send().json().get("version").asLong()).isEqualTo(1);
  }

  @Test
  void replaceReplacesTagsAndDesiredProperties() {
    // GIVEN a twin with tags and desired properties
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.request("PATCH", "/twins/d1")
        .body("{\"tags\":{\"site\":\"north\"},\"properties\":{\"desired\":{\"led\":\"on\"}}}").send();

    // WHEN both are replaced under the current etag
    String etag = hub.request("GET", "/twins/d1").send().json().get("etag").asText();
    Response response = hub.request("PUT", "/twins/d1?api-version=2021-04-12").header("If-Match", etag)
        .body("{\"tags\":{\"floor\":3},\"properties\":{\"desired\":{\"fan\":\"off\"}}}").send();

    // THEN only the new content is left
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode twin = response.json();
    assertThat(twin.get("tags").toString()).isEqualTo("{\"floor\":3}");
    assertThat(twin.at("/properties/desired/fan").asText()).isEqualTo("off");
    assertThat(twin.at("/properties/desired/led").isMissingNode()).isTrue();
    assertThat(response.header("ETag")).contains("\"" + twin.get("etag").asText() + "\"");
  }

  @Test
  void patchesAndReplacesAModuleTwin() {
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.request("PUT", "/devices/d1/modules/m1").body("{}").send();

    Response patch = hub.request("PATCH", "/twins/d1/modules/m1").body("{\"tags\":{\"a\":1}}").send();
    Response replace = hub.request("PUT", "/twins/d1/modules/m1")
        .body("{\"moduleId\":\"m1\",\"properties\":{\"desired\":{\"b\":2}}}").send();

    assertThat(patch.status()).as(patch.toString()).isEqualTo(200);
    assertThat(replace.status()).as(replace.toString()).isEqualTo(200);
    assertThat(replace.json().get("tags").toString()).isEqualTo("{\"a\":1}");
    assertThat(replace.json().at("/properties/desired/b").asInt()).isEqualTo(2);
    assertThat(hub.request("GET", "/twins/d1").send().json().get("tags")).isEmpty();
  }

  @Test
  void answersNotFoundForTheTwinOfAnUnknownDeviceOrModule() {
    hub.request("PUT", "/devices/d1").body("{}").send();

    assertIotHubError(hub.request("GET", "/twins/ghost").send(), 404, "DeviceNotFound");
    assertIotHubError(hub.request("PATCH", "/twins/ghost").body("{\"tags\":{\"a\":1}}").send(), 404,
        "DeviceNotFound");
    assertIotHubError(hub.request("GET", "/twins/d1/modules/ghost").send(), 404, "ModuleNotFound");
    assertIotHubError(hub.request("PUT", "/twins/d1/modules/ghost").body("{\"tags\":{}}").send(), 404,
        "ModuleNotFound");
    assertIotHubError(hub.request("GET", "/twins/ghost/modules/m1").send(), 404, "DeviceNotFound");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[]",
      "",
      "{\"tags\":[1]}",
      "{\"tags\":\"a\"}",
      "{\"properties\":[]}",
      "{\"properties\":{\"desired\":5}}",
      "{\"deviceId\":\"d2\",\"tags\":{\"a\":1}}",
      "{\"moduleId\":\"m1\",\"tags\":{\"a\":1}}",
      "{\"tags\":{\"a.b\":1}}",
      "{\"properties\":{\"desired\":{\"$x\":1}}}",
      "{\"tags\":{\"a\":4503599627370496}}",
      "{\"tags\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":{\"l\":1}}}}}}}}}}}}}"})
  void refusesAnUnacceptableBodyAndChangesNothing(String body) {
    // GIVEN a twin
    hub.request("PUT", "/devices/d1").body("{}").send();
    JsonNode before = hub.request("GET", "/twins/d1").send().json();

    // WHEN it is patched and replaced with the body
    Response patch = hub.request("PATCH", "/twins/d1").body(body).send();
    Response replace = hub.request("PUT", "/twins/d1").body(body).send();

    // THEN both are refused and the twin is unchanged
    assertIotHubError(patch, 400, "ArgumentInvalid");
    assertIotHubError(replace, 400, "ArgumentInvalid");
    assertThat(hub.request("GET", "/twins/d1").send().json()).isEqualTo(before);
  }

  @Test
  void refusesDesiredPropertiesOverTheSizeLimitAndChangesNothing() {
    hub.request("PUT", "/devices/d1").body("{}").send();
    JsonNode before = hub.request("GET", "/twins/d1").send().json();
    StringBuilder desired = new StringBuilder("{");
    for (int i = 0; i < 10; i++) {
      desired.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"").append("x".repeat(4000)).append('"');
    }
    desired.append('}');

    Response response = hub.request("PATCH", "/twins/d1")
        .body("{\"properties\":{\"desired\":" + desired + "}}").send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertThat(hub.request("GET", "/twins/d1").send().json()).isEqualTo(before);
  }

  @Test
  void refusesAnInvalidIdInTheTwinPath() {
    assertIotHubError(hub.request("GET", "/twins/bad%20id").send(), 400, "ArgumentInvalid");
    assertIotHubError(hub.request("GET", "/twins/d1/modules/bad%20id").send(), 400, "ArgumentInvalid");
  }

  @Test
  void servesTwinsToServiceConnectTokensOnly() {
    // GIVEN a twin, and tokens of the service, registryReadWrite and device policies
    hub.request("PUT", "/devices/d1").body("{}").send();
    JsonNode before = hub.request("GET", "/twins/d1").send().json();
    String service = hub.token("service");

    // WHEN each reads and writes the twin
    Response serviceRead = hub.request("GET", "/twins/d1").token(service).send();
    List<Response> refused = new ArrayList<>();
    for (String policy : List.of("registryRead", "registryReadWrite", "device")) {
      String token = hub.token(policy);
      refused.add(hub.request("GET", "/twins/d1").token(token).send());
      refused.add(hub.request("PATCH", "/twins/d1").token(token).body("{\"tags\":{\"a\":1}}").send());
      refused.add(hub.request("PUT", "/twins/d1").token(token).body("{\"tags\":{\"a\":1}}").send());
    }
    Response anonymous = hub.request("PATCH", "/twins/d1").withoutToken().body("{\"tags\":{\"a\":1}}").send();

    // THEN only ServiceConnect is let in, and the twin is unchanged
    assertThat(serviceRead.status()).isEqualTo(200);
    refused.forEach(response -> assertIotHubError(response, 403, "Forbidden"));
    assertIotHubError(anonymous, 401, "IotHubUnauthorizedAccess");
    assertThat(hub.request("GET", "/twins/d1").send().json()).isEqualTo(before);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
