package io.fleethub.transport.http.device;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.c2d.Acknowledgement;
import io.fleethub.core.c2d.FeedbackBatch;
import io.fleethub.core.c2d.FeedbackQueue;
import io.fleethub.core.c2d.FeedbackRecord;
import io.fleethub.core.c2d.FeedbackStatus;
import io.fleethub.core.c2d.OutgoingMessage;
import io.fleethub.core.c2d.SystemProperties;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceCloudToDeviceApiTest {
  private static final IdentityRef D1 = IdentityRef.device(DeviceId.of("d1"));
  private static final IdentityRef M1 = IdentityRef.module(DeviceId.of("d1"), ModuleId.of("m1"));
  private static final String QUEUE = "/devices/d1/messages/devicebound";

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
  void answersNoContentWhenTheQueueIsEmpty() {
    Response response = get(QUEUE + "?api-version=2020-09-30");

    assertThat(response.status()).as(response.toString()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void receivesTheOldestMessageWithAQuotedLockTokenAndItsProperties() {
    // GIVEN a message with system and application properties, asking for full feedback
    send(D1, OutgoingMessage.of("reboot".getBytes(UTF_8))
        .withProperties(new SystemProperties(Optional.of("mid-1"), Optional.of("cid-1"), Optional.of("uid-1"),
            Optional.of("text/plain"), Optional.of("utf-8")))
        .withApplicationProperties(Map.of("reason", "update 2.0", "Priority", "high"))
        .withAck(Acknowledgement.FULL));
    send(D1, OutgoingMessage.of("second".getBytes(UTF_8)));

    // WHEN the device polls, as the Java SDK does (with a lock timeout it asks for)
    Response response = hub.request("GET", QUEUE + "?api-version=2020-09-30").token(token)
        .header("iothub-messagelocktimeout", "180").send();

    // THEN it gets the first message, locked under a quoted ETag, with IoT Hub's headers
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("reboot");
    assertThat(response.header("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f-]{36}\""));
    assertThat(response.header("iothub-messageid")).contains("mid-1");
    assertThat(response.header("iothub-correlationid")).contains("cid-1");
    assertThat(response.header("iothub-userid")).contains("uid-1");
    assertThat(response.header("iothub-contenttype")).contains("text/plain");
    assertThat(response.header("iothub-contentencoding")).contains("utf-8");
    assertThat(response.header("iothub-to")).contains("/devices/d1/messages/devicebound");
    assertThat(response.header("iothub-ack")).contains("full");
    assertThat(response.header("iothub-deliverycount")).contains("0");
    assertThat(response.header("iothub-expiry")).hasValueSatisfying(
        expiry -> assertThat(expiry).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{7}Z"));
    assertThat(response.header("iothub-app-reason")).contains("update 2.0");
    assertThat(response.header("iothub-app-Priority")).contains("high");

    // AND while it is locked, the next poll gets the second message
    assertThat(get("/devices/d1/messages/deviceBound").body()).isEqualTo("second");
  }

  @Test
  void completesALockedMessageByDeleteWithIfMatchAndRecordsSuccess() {
    send(D1, OutgoingMessage.of("done".getBytes(UTF_8)).withAck(Acknowledgement.FULL));
    String lock = lockOf(get(QUEUE));

    Response completed = hub.request("DELETE", QUEUE + "/" + lock + "?api-version=2020-09-30").token(token)
        .header("If-Match", lock).send();

    assertThat(completed.status()).as(completed.toString()).isEqualTo(204);
    hub.clock().advance(Duration.ofMinutes(2));
    assertThat(get(QUEUE).status()).isEqualTo(204);
    assertThat(feedback()).extracting(FeedbackRecord::status).containsExactly(FeedbackStatus.SUCCESS);
  }

  @Test
  void rejectsInBothQueryFormsTheSdksSendAndDeadLettersWithRejectedFeedback() {
    send(D1, OutgoingMessage.of("node".getBytes(UTF_8)).withAck(Acknowledgement.NEGATIVE));
    send(D1, OutgoingMessage.of("java".getBytes(UTF_8)).withAck(Acknowledgement.NEGATIVE));
    String nodeLock = lockOf(get(QUEUE));
    String javaLock = lockOf(get(QUEUE));

    Response node = hub.request("DELETE", QUEUE + "/" + nodeLock + "?api-version=2020-09-30&reject").token(token)
        .header("If-Match", "\"" + nodeLock + "\"").send();
    Response java = hub.request("DELETE", QUEUE + "/" + javaLock + "?api-version=2020-09-30&%3Freject=true")
        .token(token).header("If-Match", javaLock).send();

    assertThat(node.status()).as(node.toString()).isEqualTo(204);
    assertThat(java.status()).as(java.toString()).isEqualTo(204);
    hub.clock().advance(Duration.ofMinutes(2));
    assertThat(get(QUEUE).status()).as("rejected messages are never redelivered").isEqualTo(204);
    assertThat(feedback()).extracting(FeedbackRecord::status)
        .containsExactly(FeedbackStatus.REJECTED, FeedbackStatus.REJECTED);
  }

  @Test
  void abandonPutsTheMessageBackWithOneMoreDelivery() {
    send(D1, OutgoingMessage.of("again".getBytes(UTF_8)));
    String lock = lockOf(get(QUEUE));

    Response abandoned = hub.request("POST", QUEUE + "/" + lock + "/abandon?api-version=2020-09-30").token(token)
        .header("If-Match", lock).body("application/octet-stream", new byte[1]).send();

    assertThat(abandoned.status()).as(abandoned.toString()).isEqualTo(204);
    Response redelivered = get(QUEUE);
    assertThat(redelivered.status()).isEqualTo(200);
    assertThat(redelivered.body()).isEqualTo("again");
    assertThat(redelivered.header("iothub-deliverycount")).contains("1");
    assertThat(lockOf(redelivered)).isNotEqualTo(lock);
  }

  @Test
  void refusesAWrongOrSpentLockTokenAndKeepsTheMessage() {
    send(D1, OutgoingMessage.of("kept".getBytes(UTF_8)));
    String lock = lockOf(get(QUEUE));

    Response wrong = hub.request("DELETE", QUEUE + "/00000000-0000-0000-0000-000000000000").token(token).send();
    Response wrongAbandon = hub.request("POST", QUEUE + "/not-a-lock/abandon").token(token).send();
    Response mismatch = hub.request("DELETE", QUEUE + "/" + lock).token(token).header("If-Match", "other").send();

    assertIotHubError(wrong, 412, "DeviceMessageLockLost");
    assertIotHubError(wrongAbandon, 412, "DeviceMessageLockLost");
    assertIotHubError(mismatch, 412, "PreconditionFailed");
    // the lock still holds: its owner completes the message, and completing twice is refused
    assertThat(hub.request("DELETE", QUEUE + "/" + lock).token(token).send().status()).isEqualTo(204);
    assertIotHubError(hub.request("DELETE", QUEUE + "/" + lock).token(token).send(), 412, "DeviceMessageLockLost");
  }

  @Test
  void redeliversAMessageWhoseLockExpiredAndRefusesTheOldLock() {
    send(D1, OutgoingMessage.of("slow device".getBytes(UTF_8)));
    String oldLock = lockOf(get(QUEUE));

    hub.clock().advance(Duration.ofSeconds(61));
    Response again = get(QUEUE);

    assertThat(again.body()).isEqualTo("slow device");
    assertIotHubError(hub.request("DELETE", QUEUE + "/" + oldLock).token(token).send(), 412, "DeviceMessageLockLost");
    assertThat(hub.request("DELETE", QUEUE + "/" + lockOf(again)).token(token).send().status()).isEqualTo(204);
  }

  @Test
  void aModuleHasItsOwnQueue() {
    String moduleToken = identities.token("/devices/d1/modules/m1", identities.module("d1", "m1"));
    send(M1, OutgoingMessage.of("for the module".getBytes(UTF_8)));

    Response device = get(QUEUE);
    Response module = hub.request("GET", "/devices/d1/modules/m1/messages/devicebound").token(moduleToken).send();

    assertThat(device.status()).isEqualTo(204);
    assertThat(module.status()).as(module.toString()).isEqualTo(200);
    assertThat(module.body()).isEqualTo("for the module");
    assertThat(module.header("iothub-to")).contains("/devices/d1/modules/m1/messages/devicebound");
    Response completed = hub.request("DELETE", "/devices/d1/modules/m1/messages/devicebound/" + lockOf(module))
        .token(moduleToken).send();
    assertThat(completed.status()).isEqualTo(204);
  }

  private Response get(String path) {
    return hub.request("GET", path).token(token).send();
  }

  private void send(IdentityRef target, OutgoingMessage message) {
    hub.hub().cloudToDevice().send(target, message);
  }

  private static String lockOf(Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.header("ETag").orElseThrow().replace("\"", "");
  }

  private List<FeedbackRecord> feedback() {
    hub.clock().advance(FeedbackQueue.BATCH_WINDOW);
    return hub.hub().cloudToDevice().feedback().receive().map(FeedbackBatch::records).orElse(List.of());
  }
}
