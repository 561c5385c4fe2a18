package io.fleethub.transport.http.device;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.files.FileNotification;
import io.fleethub.core.files.FileNotificationDelivery;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.net.URLEncoder;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceFileUploadApiTest {
  private static final String FILES = "/devices/d1/files?api-version=2020-09-30";
  private static final String NOTIFICATIONS = "/devices/d1/files/notifications";

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
  void startAnswersTheSasUriPartsOfTheDevicesBlob() {
    Response response = start("reports/today.txt");

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode grant = response.json();
    assertThat(grant.get("correlationId").asText()).isNotBlank();
    assertThat(grant.get("hostName").asText()).isEqualTo(RunningHub.HOST_NAME);
    assertThat(grant.get("containerName").asText()).isEqualTo("fileuploads");
    assertThat(grant.get("blobName").asText()).isEqualTo("d1/reports/today.txt");
    assertThat(grant.get("sasToken").asText()).startsWith("?sv=").contains("&sr=b&").contains("&sig=");
  }

  @Test
  void refusesTheEleventhConcurrentUploadWith403006() {
    for (int i = 0; i < 10; i++) {
      assertThat(start("file-" + i).status()).isEqualTo(200);
    }

    Response eleventh = start("file-10");

    assertIotHubError(eleventh, 403, "DeviceMaximumActiveFileUploadLimitExceeded");
  }

  @Test
  void refusesAMissingOrInvalidBlobName() {
    assertIotHubError(hub.request("POST", FILES).token(token).body("{}").send(), 400, "ArgumentInvalid");
    assertIotHubError(start("../other-device/x"), 400, "ArgumentInvalid");
    assertIotHubError(hub.request("POST", FILES).token(token).body("not json").send(), 400, "ArgumentInvalid");
  }

  @Test
  void refusesAnotherDevicesToken() {
    String other = identities.token("/devices/d2", identities.device("d2"));

    Response response = hub.request("POST", FILES).token(other).body("{\"blobName\":\"x\"}").send();

    assertIotHubError(response, 403, "Forbidden");
  }

  @Test
  void javaNotificationFormQueuesANotificationOfTheUploadedBlob() {
    JsonNode grant = start("photo.jpg").json();
    upload(grant, "jpeg bytes");

    Response response = hub.request("POST", NOTIFICATIONS + "?api-version=2020-09-30").token(token)
        .body("{\"correlationId\":\"" + grant.get("correlationId").asText()
            + "\",\"isSuccess\":true,\"statusCode\":200,\"statusDescription\":\"done\"}").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    FileNotification notification = receiveNotification().orElseThrow().notification();
    assertThat(notification.deviceId().value()).isEqualTo("d1");
    assertThat(notification.blobName()).isEqualTo("d1/photo.jpg");
    assertThat(notification.blobSizeInBytes()).isEqualTo("jpeg bytes".length());
    assertThat(notification.blobUri()).isEqualTo("https://" + RunningHub.HOST_NAME + "/fileuploads/d1/photo.jpg");
  }

  @Test
  void nodeNotificationFormTakesTheCorrelationIdFromThePath() {
    JsonNode grant = start("log.txt").json();
    upload(grant, "log");

    Response response = hub.request("POST", NOTIFICATIONS + "/"
            + URLEncoder.encode(grant.get("correlationId").asText(), UTF_8) + "?api-version=2020-09-30")
        .token(token).body("{\"isSuccess\":true,\"statusCode\":200,\"statusDescription\":\"ok\"}").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    assertThat(receiveNotification().orElseThrow().notification().blobName()).isEqualTo("d1/log.txt");
  }

  @Test
  void failedUploadIsAcknowledgedWithoutNotification() {
    JsonNode grant = start("broken.bin").json();

    Response response = hub.request("POST", NOTIFICATIONS).token(token).body("{\"correlationId\":\""
        + grant.get("correlationId").asText() + "\",\"isSuccess\":false,\"statusCode\":500,"
        + "\"statusDescription\":\"disk full\"}").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    assertThat(receiveNotification()).isEmpty();
  }

  @Test
  void refusesAnUnknownCorrelationIdWith404AndABodyWithoutIsSuccessWith400() {
    Response unknown = hub.request("POST", NOTIFICATIONS).token(token)
        .body("{\"correlationId\":\"nope\",\"isSuccess\":true}").send();
    JsonNode grant = start("x").json();
    Response noOutcome = hub.request("POST", NOTIFICATIONS + "/" + grant.get("correlationId").asText())
        .token(token).body("{\"statusCode\":200}").send();

    assertIotHubError(unknown, 404, "NotFound");
    assertIotHubError(noOutcome, 400, "ArgumentInvalid");
  }

  @Test
  void moduleFormUploadsUnderTheDevice() {
    String moduleToken = identities.token("/devices/d1/modules/m1", identities.module("d1", "m1"));

    Response response = hub.request("POST", "/devices/d1/modules/m1/files").token(moduleToken)
        .body("{\"blobName\":\"m.txt\"}").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().get("blobName").asText()).isEqualTo("d1/m.txt");
    Response notified = hub.request("POST", "/devices/d1/modules/m1/files/notifications").token(moduleToken)
        .body("{\"correlationId\":\"" + response.json().get("correlationId").asText() + "\",\"isSuccess\":false}")
        .send();
    assertThat(notified.status()).as(notified.toString()).isEqualTo(204);
  }

  private Response start(String blobName) {
    return hub.request("POST", FILES).token(token).body("{\"blobName\":\"" + blobName + "\"}").send();
  }

  private void upload(JsonNode grant, String content) {
    Response put = hub.request("PUT", "/" + grant.get("containerName").asText() + "/"
            + grant.get("blobName").asText() + grant.get("sasToken").asText())
        .header("x-ms-blob-type", "BlockBlob").body("application/octet-stream", content.getBytes(UTF_8)).send();
    assertThat(put.status()).as(put.toString()).isEqualTo(201);
  }

  private Optional<FileNotificationDelivery> receiveNotification() {
    return hub.hub().fileNotifications().receive();
  }
}
