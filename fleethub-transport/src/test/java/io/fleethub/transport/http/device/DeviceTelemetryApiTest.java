package io.fleethub.transport.http.device;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleethub.core.eventlog.StoredEvent;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.telemetry.MessageProperties;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceTelemetryApiTest {
  private static final String BATCH = "application/vnd.microsoft.iothub.json";

  private RunningHub hub;
  private DeviceIdentities identities;
  private String token;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
    identities = new DeviceIdentities(hub);
    token = identities.token("/devices/d1", identities.device("d1"));
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void storesAMessageWithItsSystemAndApplicationPropertiesAndTheSendersStamps() throws Exception {
    // WHEN the device posts a message with IoT Hub's system and application property headers
    Response response = hub.request("POST", "/devices/d1/messages/events?api-version=2020-09-30").token(token)
        .header("iothub-to", "/devices/d1/messages/events")
        .header("iothub-messageid", "m-1")
        .header("iothub-correlationid", "c-1")
        .header("iothub-userid", "u-1")
        .header("iothub-contenttype", "application/json")
        .header("iothub-contentencoding", "utf-8")
        .header("iothub-creation-time-utc", "2024-01-02T03:04:05.000Z")
        .header("iothub-app-Reading-Kind", "temperature & humidity")
        .header("iothub-app-seq", "7")
        .header("iothub-connection-device-id", "spoofed")
        .body("binary/octet-stream", "{\"t\":21}".getBytes(UTF_8))
        .send();

    // THEN it is stored once, with its body and properties, stamped as the device's
    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    List<StoredEvent> stored = hub.eventLog().all();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).data().body()).isEqualTo("{\"t\":21}".getBytes(UTF_8));
    assertThat(stored.get(0).data().applicationProperties())
        .isEqualTo(Map.of("Reading-Kind", "temperature & humidity", "seq", "7"));
    assertThat(stored.get(0).data().systemProperties())
        .containsEntry(MessageProperties.MESSAGE_ID, "m-1")
        .containsEntry(MessageProperties.CORRELATION_ID, "c-1")
        .containsEntry(MessageProperties.USER_ID, "u-1")
        .containsEntry(MessageProperties.TO, "/devices/d1/messages/events")
        .containsEntry(MessageProperties.CONTENT_TYPE, "application/json")
        .containsEntry(MessageProperties.CONTENT_ENCODING, "utf-8")
        .containsEntry(MessageProperties.CREATION_TIME, "2024-01-02T03:04:05.000Z")
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "d1")
        .containsEntry(MessageProperties.MESSAGE_SOURCE, "Telemetry")
        .containsKey(MessageProperties.ENQUEUED_TIME)
        .doesNotContainKey(MessageProperties.CONNECTION_MODULE_ID);
    assertThat(stored.get(0).data().systemProperties().get(MessageProperties.CONNECTION_AUTH_METHOD))
        .contains("\"scope\":\"device\"").contains("\"type\":\"sas\"");
  }

  @Test
  void recordsTheDevicesLastActivityAtMostOncePerMinute() {
    // GIVEN a device that sends a message
    send("first");
    Instant first = lastActivity("d1");
    assertThat(first).isEqualTo(hub.clock().instant());

    // WHEN it sends again within the minute, and then after it
    hub.clock().advance(Duration.ofSeconds(30));
    send("second");
    Instant withinTheMinute = lastActivity("d1");
    hub.clock().advance(Duration.ofSeconds(31));
    send("third");

    // THEN the registry's lastActivityTime moved only with the request after the minute
    assertThat(withinTheMinute).isEqualTo(first);
    assertThat(lastActivity("d1")).isEqualTo(hub.clock().instant());
  }

  private void send(String body) {
    Response response = hub.request("POST", "/devices/d1/messages/events").token(token)
        .body("binary/octet-stream", body.getBytes(UTF_8)).send();
    assertThat(response.status()).as(response.toString()).isEqualTo(204);
  }

  private Instant lastActivity(String deviceId) {
    return hub.hub().registry().getDevice(new DeviceId(deviceId)).activity().lastActivityTime();
  }

  @Test
  void storesAModulesMessageStampedWithTheModule() {
    String moduleToken = identities.token("/devices/d1/modules/m1", identities.module("d1", "m1"));

    Response response = hub.request("POST", "/devices/d1/modules/m1/messages/events").token(moduleToken)
        .body("binary/octet-stream", "hello".getBytes(UTF_8)).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    assertThat(hub.eventLog().all()).singleElement().satisfies(event -> assertThat(event.data().systemProperties())
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "d1")
        .containsEntry(MessageProperties.CONNECTION_MODULE_ID, "m1"));
  }

  @Test
  void matchesPathsInAnyCaseWithAnyApiVersion() {
    Response response = hub.request("POST", "/DEVICES/d1/Messages/Events?api-version=1999-01-01").token(token)
        .body("binary/octet-stream", "x".getBytes(UTF_8)).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    assertThat(hub.eventLog().all()).hasSize(1);
  }

  @Test
  void storesABatchInOrderWithEachMessagesProperties() {
    // GIVEN a batch as the SDKs write it: base64 bodies and prefixed property names; one text body too
    String batch = "["
        + item("first", "\"iothub-messageid\":\"b-1\",\"iothub-app-kind\":\"a\"") + ","
        + item("second", "\"iothub-messageid\":\"b-2\",\"iothub-correlationid\":\"c-2\"") + ","
        + "{\"body\":\"third as text\",\"base64Encoded\":false}"
        + "]";

    // WHEN the device posts it
    Response response = hub.request("POST", "/devices/d1/messages/events").token(token)
        .body(BATCH, batch.getBytes(UTF_8)).send();

    // THEN all three are stored, in order, each with its own properties
    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    List<StoredEvent> stored = hub.eventLog().all();
    assertThat(stored).extracting(event -> new String(event.data().body(), UTF_8))
        .containsExactly("first", "second", "third as text");
    assertThat(stored.get(0).data().systemProperties()).containsEntry(MessageProperties.MESSAGE_ID, "b-1");
    assertThat(stored.get(0).data().applicationProperties()).isEqualTo(Map.of("kind", "a"));
    assertThat(stored.get(1).data().systemProperties())
        .containsEntry(MessageProperties.MESSAGE_ID, "b-2")
        .containsEntry(MessageProperties.CORRELATION_ID, "c-2");
    assertThat(stored).allSatisfy(event -> assertThat(event.data().systemProperties())
        .containsEntry(MessageProperties.CONNECTION_DEVICE_ID, "d1"));
  }

  @Test
  void refusesAMalformedBatchAndStoresNothingOfIt() {
    List<String> malformed = List.of(
        "not json",
        "{\"body\":\"eA==\",\"base64Encoded\":true}",
        "[]",
        "[" + item("ok", "") + ",{\"base64Encoded\":true}]",
        "[" + item("ok", "") + ",{\"body\":\"!!not base64!!\",\"base64Encoded\":true}]",
        "[" + item("ok", "") + ",{\"body\":\"eA==\",\"base64Encoded\":true,\"properties\":[1]}]",
        "[" + item("ok", "") + ",{\"body\":\"eA==\",\"base64Encoded\":true,\"properties\":{\"a\":{\"b\":1}}}]",
        "[" + item("ok", "") + ",42]");

    for (String batch : malformed) {
      Response response = hub.request("POST", "/devices/d1/messages/events").token(token)
          .body(BATCH, batch.getBytes(UTF_8)).send();
      assertThat(assertIotHubError(response, 400, "ArgumentInvalid")).as(batch).contains("batch");
    }
    assertThat(hub.eventLog().all()).isEmpty();
  }

  @Test
  void refusesAMessageOrBatchOver256KilobytesAndStoresNothingOfIt() {
    byte[] tooBig = new byte[256 * 1024 + 1];
    Response single = hub.request("POST", "/devices/d1/messages/events").token(token)
        .body("binary/octet-stream", tooBig).send();
    String half = Base64.getEncoder().encodeToString(new byte[130 * 1024]);
    String batch = "[{\"body\":\"" + half + "\",\"base64Encoded\":true},{\"body\":\"" + half
        + "\",\"base64Encoded\":true}]";
    Response twoHalves = hub.request("POST", "/devices/d1/messages/events").token(token)
        .body(BATCH, batch.getBytes(UTF_8)).send();
    Response hugeBody = hub.request("POST", "/devices/d1/messages/events").token(token)
        .body("binary/octet-stream", new byte[DeviceApi.MAX_BODY_BYTES + 1]).send();

    assertIotHubError(single, 413, "MessageTooLarge");
    assertIotHubError(twoHalves, 413, "MessageTooLarge");
    assertIotHubError(hugeBody, 413, "MessageTooLarge");
    assertThat(hub.eventLog().all()).isEmpty();
  }

  @Test
  void acceptsAMessageAtTheLimit() {
    Response response = hub.request("POST", "/devices/d1/messages/events").token(token)
        .body("binary/octet-stream", new byte[256 * 1024]).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
  }

  @Test
  void answersOnlyOnceTheMessageIsDurable() {
    // GIVEN an event log that has not yet made appends durable
    CompletableFuture<Void> durable = hub.holdAppends();

    // WHEN the device posts a message
    CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() ->
        hub.request("POST", "/devices/d1/messages/events").token(token)
            .body("binary/octet-stream", "held".getBytes(UTF_8)).send());

    // THEN no answer comes while the append waits, and 204 comes once it is durable
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !answer.isDone());
    durable.complete(null);
    Response response = answer.join();
    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    assertThat(hub.eventLog().all()).hasSize(1);
  }

  @Test
  void answersServerErrorWhenTheMessageCannotBeStored() {
    hub.holdAppends().completeExceptionally(new IOException("disk full"));

    Response response = hub.request("POST", "/devices/d1/messages/events").token(token)
        .body("binary/octet-stream", "lost?".getBytes(UTF_8)).send();

    String message = assertIotHubError(response, 500, "ServerError");
    assertThat(message).doesNotContain("disk full");
    assertThat(hub.eventLog().all()).isEmpty();
  }

  private static String item(String body, String properties) {
    return "{\"body\":\"" + Base64.getEncoder().encodeToString(body.getBytes(UTF_8)) + "\",\"base64Encoded\":true"
        + (properties.isEmpty() ? "" : ",\"properties\":{" + properties + "}") + "}";
  }
}
