package io.fleethub.transport.http.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.service.ProxyOptions;
import com.microsoft.azure.sdk.iot.service.exceptions.ErrorCodeDescription;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClientOptions;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClientOptions;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.methods.MethodRequest;
import io.fleethub.testkit.net.ConnectProxy;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Java service SDK (iot-service-client 2.1.9) against the running listener. The SDK hard-codes port 443
 * and verifies the host name, so it reaches the listener's free port through a {@link ConnectProxy} (its
 * {@code ProxyOptions}) and trusts the test certificate through {@code HttpsURLConnection}'s default socket factory,
 * as a user trusts a hub's CA through the JVM trust store. (The SDK has no purge call: Node and .NET have one.)
 */
class JavaServiceSdkTest {
  private static SSLSocketFactory previousSocketFactory;

  private RunningHub hub;
  private ConnectProxy proxy;

  @BeforeAll
  static void trustTheTestCertificate() throws Exception {
    previousSocketFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
    HttpsURLConnection.setDefaultSSLSocketFactory(RunningHub.trustingContext().getSocketFactory());
  }

  @AfterAll
  static void restoreTheSocketFactory() {
    HttpsURLConnection.setDefaultSSLSocketFactory(previousSocketFactory);
  }

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
    proxy = ConnectProxy.to(hub.port());
  }

  @AfterEach
  void stopHub() throws Exception {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    proxy.close();
    hub.close();
  }

  @Test
  void readsAndPatchesATwinWithItsEtag() throws Exception {
    // GIVEN a device
    hub.request("PUT", "/devices/d1").body("{}").send();
    TwinClient twins = twinClient();

    // WHEN the SDK reads its twin and patches its desired properties and tags under the etag it read
    Twin read = twins.get("d1");
    Twin patch = new Twin("d1");
    patch.getDesiredProperties().put("color", "red");
    patch.getTags().put("site", "north");
    Twin patched = twins.patch(patch, read.getETag());

    // THEN it went through the proxy to the hub's host name, and the SDK sees the patched twin
    assertThat(proxy.targets()).contains(RunningHub.HOST_NAME + ":443");
    assertThat(read.getDeviceId()).isEqualTo("d1");
    assertThat(read.getETag()).isEqualTo("AAAAAAAAAAE=");
    assertThat(read.getDesiredProperties()).isEmpty();
    assertThat(read.getDesiredProperties().getVersion()).isEqualTo(1);
    assertThat(patched.getDesiredProperties()).containsEntry("color", "red");
    assertThat(patched.getDesiredProperties().getVersion()).isEqualTo(2);
    assertThat(patched.getTags()).containsEntry("site", "north");
    assertThat(patched.getETag()).isNotEqualTo(read.getETag());
    assertThat(hub.request("GET", "/twins/d1").send().json().at("/properties/desired/color").asText())
        .isEqualTo("red");
  }

  @Test
  void raisesPreconditionFailedForAStaleEtagAndLeavesTheTwinAlone() throws Exception {
    // GIVEN a twin read by the SDK, then changed by someone else
    hub.request("PUT", "/devices/d1").body("{}").send();
    TwinClient twins = twinClient();
    String staleEtag = twins.get("d1").getETag();
    hub.request("PATCH", "/twins/d1").body("{\"properties\":{\"desired\":{\"color\":\"blue\"}}}").send();

    // WHEN the SDK patches under the etag it read
    Twin patch = new Twin("d1");
    patch.getDesiredProperties().put("color", "red");
    IotHubPreconditionFailedException refusal =
        catchThrowableOfType(IotHubPreconditionFailedException.class, () -> twins.patch(patch, staleEtag));

    // THEN it gets the SDK's precondition exception and the other writer's value stays
    assertThat(refusal).isNotNull();
    assertThat(refusal.getErrorCodeDescription()).isEqualTo(ErrorCodeDescription.PreconditionFailed);
    assertThat(twins.get("d1").getDesiredProperties()).containsEntry("color", "blue");
  }

  @Test
  void readsAModuleTwin() throws Exception {
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.request("PUT", "/devices/d1/modules/m1").body("{}").send();

    Twin twin = twinClient().get("d1", "m1");

    assertThat(twin.getDeviceId()).isEqualTo("d1");
    assertThat(twin.getModuleId()).isEqualTo("m1");
    assertThat(twin.getETag()).isEqualTo("AAAAAAAAAAE=");
  }

  @Test
  void invokesAMethodAndReadsTheDevicesAnswer() throws Exception {
    // GIVEN a device subscribed to methods that answers 201 with a JSON object
    hub.request("PUT", "/devices/d1").body("{}").send();
    List<MethodRequest> received = answering(IdentityRef.device(DeviceId.of("d1")), 201, "{\"result\":42}");
    JsonObject payload = new JsonObject();
    payload.addProperty("delay", 5);

    // WHEN the SDK invokes a method with a payload
    DirectMethodResponse response = methodsClient().invoke("d1", "reboot",
        DirectMethodRequestOptions.builder().payload(payload).methodResponseTimeoutSeconds(30)
            .methodConnectTimeoutSeconds(0).build());

    // THEN the device got the call and the SDK its answer
    assertThat(received).singleElement().satisfies(request -> {
      assertThat(request.methodName()).isEqualTo("reboot");
      assertThat(new String(request.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"delay\":5}");
    });
    assertThat(response.getStatus()).isEqualTo(201);
    assertThat(response.getPayloadAsJsonElement().getAsJsonObject().get("result").getAsInt()).isEqualTo(42);
  }

  @Test
  void invokesAMethodOnAModule() throws Exception {
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.request("PUT", "/devices/d1/modules/m1").body("{}").send();
    answering(IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1")), 200, "\"done\"");

    DirectMethodResponse response = methodsClient().invoke("d1", "m1", "start",
        DirectMethodRequestOptions.builder().methodConnectTimeoutSeconds(0).build());

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getPayloadAsJsonString()).isEqualTo("\"done\"");
  }

  @Test
  void raisesNotFoundWithDeviceNotOnlineForADeviceNotSubscribed() throws Exception {
    hub.request("PUT", "/devices/d1").body("{}").send();

    IotHubNotFoundException refusal = catchThrowableOfType(IotHubNotFoundException.class,
        () -> methodsClient().invoke("d1", "reboot",
            DirectMethodRequestOptions.builder().methodConnectTimeoutSeconds(0).build()));

    assertThat(refusal).isNotNull();
    assertThat(refusal.getErrorCode()).isEqualTo(404103);
    assertThat(refusal.getErrorCodeDescription()).isEqualTo(ErrorCodeDescription.DeviceNotOnline);
  }

  @Test
  void raisesNotFoundForAnUnregisteredDevice() {
    IotHubNotFoundException refusal = catchThrowableOfType(IotHubNotFoundException.class,
        () -> methodsClient().invoke("ghost", "reboot",
            DirectMethodRequestOptions.builder().methodConnectTimeoutSeconds(0).build()));

    assertThat(refusal).isNotNull();
    assertThat(refusal.getMessage()).contains("DeviceNotFound");
  }

  @Test
  void raisesGatewayTimeoutWhenTheDeviceDoesNotAnswerInTime() throws Exception {
    // GIVEN a device that takes calls but never answers
    hub.request("PUT", "/devices/d1").body("{}").send();
    hub.hub().directMethods().subscribe(IdentityRef.device(DeviceId.of("d1")), request -> { });

    // WHEN the SDK, and beside it a plain HTTPS client (one wait for both), call it with the shortest response
    // timeout IoT Hub allows
    CompletableFuture<Response> plain = CompletableFuture.supplyAsync(() -> hub.request("POST", "/twins/d1/methods")
        .body("{\"methodName\":\"reboot\",\"responseTimeoutInSeconds\":5}").send());
    IotHubGatewayTimeoutException refusal = catchThrowableOfType(IotHubGatewayTimeoutException.class,
        () -> methodsClient().invoke("d1", "reboot",
            DirectMethodRequestOptions.builder().methodResponseTimeoutSeconds(5).methodConnectTimeoutSeconds(0)
                .build()));

    // THEN after those 5 s the wire carries 504 GatewayTimeout in IoT Hub's numbered form, and the SDK raises its
    // gateway timeout exception with IoT Hub's code
    Response response = plain.get(10, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(504);
    assertThat(response.header("iothub-errorcode")).contains("GatewayTimeout");
    JsonNode inner = new ObjectMapper().readTree(response.json().get("Message").asText());
    assertThat(inner.get("errorCode").asInt()).isEqualTo(504101);
    assertThat(inner.get("info")).isEmpty();
    assertThat(refusal).isNotNull();
    assertThat(refusal.getErrorCode()).isEqualTo(504101);
  }

  private List<MethodRequest> answering(IdentityRef identity, int status, String payload) {
    List<MethodRequest> received = new CopyOnWriteArrayList<>();
    hub.hub().directMethods().subscribe(identity, request -> {
      received.add(request);
      hub.hub().directMethods().respond(identity, request.requestId(), status,
          payload.getBytes(StandardCharsets.UTF_8));
    });
    return received;
  }

  private TwinClient twinClient() {
    return new TwinClient(hub.connectionString("service"),
        TwinClientOptions.builder().proxyOptions(new ProxyOptions(proxy.proxy())).build());
  }

  private DirectMethodsClient methodsClient() {
    return new DirectMethodsClient(hub.connectionString("service"),
        DirectMethodsClientOptions.builder().proxyOptions(new ProxyOptions(proxy.proxy())).build());
  }
}
