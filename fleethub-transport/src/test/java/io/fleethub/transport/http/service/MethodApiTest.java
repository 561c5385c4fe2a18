package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.methods.MethodRequest;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MethodApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final IdentityRef D1 = IdentityRef.device(DeviceId.of("d1"));

  private RunningHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
    hub.request("PUT", "/devices/d1").body("{}").send();
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void invokesAMethodAndAnswersWithTheDevicesStatusAndPayload() {
    // GIVEN a device subscribed to methods that answers 201 with a JSON object
    List<MethodRequest> received = answering(D1, 201, "{\"result\":42}");

    // WHEN a method is called with a payload whose numbers must arrive as written
    Response response = hub.request("POST", "/twins/d1/methods?api-version=2021-04-12")
        .body("{\"methodName\":\"reboot\",\"payload\":{\"delay\":1.50,\"big\":12345678901234567890},"
            + "\"responseTimeoutInSeconds\":30,\"connectTimeoutInSeconds\":0}").send();

    // THEN the device got the call and the caller its answer
    assertThat(received).singleElement().satisfies(request -> {
      assertThat(request.target()).isEqualTo(D1);
      assertThat(request.methodName()).isEqualTo("reboot");
      assertThat(text(request.payload())).isEqualTo("{\"delay\":1.50,\"big\":12345678901234567890}");
    });
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("{\"status\":201,\"payload\":{\"result\":42}}");
  }

  @Test
  void invokesAMethodOnAModuleWithAServiceToken() {
    hub.request("PUT", "/devices/d1/modules/m1").body("{}").send();
    IdentityRef module = IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1"));
    List<MethodRequest> received = answering(module, 200, "[1,2]");

    Response response = hub.request("POST", "/twins/d1/modules/m1/methods").token(hub.token("service"))
        .body("{\"methodName\":\"start\",\"payload\":\"now\"}").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":200,\"payload\":[1,2]}");
    assertThat(received).singleElement().satisfies(request -> {
      assertThat(request.target()).isEqualTo(module);
      assertThat(text(request.payload())).isEqualTo("\"now\"");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"methodName\":\"m\"}", "{\"methodName\":\"m\",\"payload\":null}"})
  void handsTheDeviceNullWhenTheCallHasNoPayload(String body) {
    List<MethodRequest> received = answering(D1, 200, "null");

    Response response = hub.request("POST", "/twins/d1/methods").body(body).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(received).singleElement().satisfies(request -> assertThat(text(request.payload())).isEqualTo("null"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "``|null",
      "not json|\"not json\"",
      "{\"a\":|\"{\\\"a\\\":\"",
      "42|42",
      "{\"a\":1.50}|{\"a\":1.50}",
      "\"text\"|\"text\""})
  void passesTheDevicesPayloadOnAsJsonOrElseAsAString(String devicePayload, String expectedJson) {
    answering(D1, 200, devicePayload == null ? "" : devicePayload);

    Response response = hub.request("POST", "/twins/d1/methods").body("{\"methodName\":\"m\"}").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":200,\"payload\":" + expectedJson + "}");
  }

  @Test
  void refusesACallToADeviceThatIsNotSubscribedWithDeviceNotOnline() throws Exception {
    // WHEN a device that never subscribed to methods is called without a connect timeout
    Response response = hub.request("POST", "/twins/d1/methods").body("{\"methodName\":\"reboot\"}").send();

    // THEN it is refused with 404 in IoT Hub's numbered form, the inner JSON carrying 404103
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("iothub-errorcode")).contains("DeviceNotOnline");
    JsonNode body = response.json();
    assertThat(body.get("ExceptionMessage").asText()).isEmpty();
    JsonNode inner = JSON.readTree(body.get("Message").asText());
    assertThat(inner.get("errorCode").asInt()).isEqualTo(404103);
    assertThat(inner.get("trackingId").asText())
        .matches("[0-9a-f]{32}-G:0-TimeStamp:\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}");
    assertThat(inner.get("message").asText()).contains("d1");
    assertThat(inner.get("info").toString()).isEqualTo("{\"timeout\":\"00:00:00\"}");
    assertThat(inner.get("timestampUtc").asText()).isEqualTo("2024-01-02T03:04:05.6789012Z");
  }

  @Test
  void deliversACallToADeviceThatSubscribesWithinTheConnectTimeout() throws Exception {
    // GIVEN a call with a connect timeout to a device not yet subscribed, which has reached the core
    long lookUpsBefore = registryLookUps();
    CompletableFuture<Response> call = CompletableFuture.supplyAsync(() -> hub.request("POST", "/twins/d1/methods")
        .body("{\"methodName\":\"reboot\",\"connectTimeoutInSeconds\":8}").send());
    await().atMost(Duration.ofSeconds(5)).until(() -> registryLookUps() > lookUpsBefore);

    // WHEN the device subscribes late
    List<MethodRequest> received = answering(D1, 200, "\"rebooted\"");

    // THEN the call is delivered and answered
    Response response = call.get(9, TimeUnit.SECONDS);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":200,\"payload\":\"rebooted\"}");
    assertThat(received).hasSize(1);
  }

  @Test
  void keepsServingOtherRequestsWhileACallWaitsForTheDevice() throws Exception {
    // GIVEN a device that holds on to a call
    List<MethodRequest> received = new CopyOnWriteArrayList<>();
    hub.hub().directMethods().subscribe(D1, received::add);
    CompletableFuture<Response> call = CompletableFuture.supplyAsync(
        () -> hub.request("POST", "/twins/d1/methods").body("{\"methodName\":\"slow\"}").send());
    await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());

    // WHEN other requests come in while it waits
    Response meanwhile = hub.request("GET", "/devices/d1").send();
    Response twin = hub.request("GET", "/twins/d1").send();

    // THEN they are answered, and the call is answered once the device responds
    assertThat(meanwhile.status()).isEqualTo(200);
    assertThat(twin.status()).isEqualTo(200);
    assertThat(call).isNotDone();
    hub.hub().directMethods().respond(D1, received.get(0).requestId(), 200, "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(call.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"status\":200,\"payload\":{}}");
  }

  @Test
  void answersNotFoundForAnUnknownDeviceOrModule() {
    assertIotHubError(hub.request("POST", "/twins/ghost/methods").body("{\"methodName\":\"m\"}").send(), 404,
        "DeviceNotFound");
    assertIotHubError(hub.request("POST", "/twins/d1/modules/ghost/methods").body("{\"methodName\":\"m\"}").send(),
        404, "ModuleNotFound");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[]",
      "",
      "{}",
      "{\"methodName\":\"\"}",
      "{\"methodName\":5}",
      "{\"methodName\":\"a/b\"}",
      "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":4}",
      "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":301}",
      "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":5.5}",
      "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":\"30\"}",
      "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":99999999999999999999}",
      "{\"methodName\":\"m\",\"connectTimeoutInSeconds\":-1}",
      "{\"methodName\":\"m\",\"connectTimeoutInSeconds\":301}"})
  void refusesAnUnacceptableCallAndCallsNoDevice(String body) {
    List<MethodRequest> received = answering(D1, 200, "{}");

    Response response = hub.request("POST", "/twins/d1/methods").body(body).send();

    assertIotHubError(response, 400, "ArgumentInvalid");
    assertThat(received).isEmpty();
  }

  @Test
  void refusesAPayloadOverIotHubsLimitAndCallsNoDevice() {
    List<MethodRequest> received = answering(D1, 200, "{}");

    Response response = hub.request("POST", "/twins/d1/methods")
        .body("{\"methodName\":\"m\",\"payload\":\"" + "x".repeat(128 * 1024) + "\"}").send();

    assertIotHubError(response, 413, "MessageTooLarge");
    assertThat(received).isEmpty();
  }

  @Test
  void letsServiceConnectTokensCallMethodsOnly() {
    List<MethodRequest> received = answering(D1, 200, "{}");

    Response registry = hub.request("POST", "/twins/d1/methods").token(hub.token("registryReadWrite"))
        .body("{\"methodName\":\"m\"}").send();
    Response device = hub.request("POST", "/twins/d1/methods").token(hub.token("device"))
        .body("{\"methodName\":\"m\"}").send();
    Response anonymous = hub.request("POST", "/twins/d1/methods").withoutToken().body("{\"methodName\":\"m\"}").send();

    assertIotHubError(registry, 403, "Forbidden");
    assertIotHubError(device, 403, "Forbidden");
    assertIotHubError(anonymous, 401, "IotHubUnauthorizedAccess");
    assertThat(received).isEmpty();
  }

  /** Subscribes {@code identity} to methods, answering every call with {@code status} and {@code payload}. */
  private List<MethodRequest> answering(IdentityRef identity, int status, String payload) {
    List<MethodRequest> received = new CopyOnWriteArrayList<>();
    hub.hub().directMethods().subscribe(identity, request -> {
      received.add(request);
      CompletableFuture.runAsync(() -> hub.hub().directMethods().respond(identity, request.requestId(), status,
          payload.getBytes(StandardCharsets.UTF_8)));
    });
    return received;
  }

  private long registryLookUps() {
    return hub.storeCalls().stream().filter("RegistryStore.findDevice"::equals).count();
  }

  private static String text(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
