package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.files.BlobStorage;
import io.fleethub.core.files.FileUploadGrant;
import io.fleethub.core.files.FileUploads;
import io.fleethub.core.identity.DeviceId;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Date;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A back end's receiver of {@code /messages/servicebound/filenotifications}, over raw AMQP; the devices' uploads
 * are played through the core, on the hub's manual clock.
 */
class FileNotificationReceiverTest {
  /** As the Java service SDK writes it. */
  private static final String NOTIFICATIONS = "/messages/serviceBound/filenotifications";

  private AmqpTestHub hub;
  private RawAmqpClient client;

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
    client = RawAmqpClient.plain(hub);
    hub.registerDevice("camera-3");
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    hub.close();
  }

  @Test
  void sendsANotificationAsIotHubWritesIt() throws Exception {
    // GIVEN a device that uploaded a blob and reported success
    uploaded("snapshots/one.jpg", 5);
    RawAmqpClient.Receiver receiver = client.serviceReceiver(hub, NOTIFICATIONS);

    // WHEN
    Message message = receiver.take(1).get(0);

    // THEN
    assertThat(message.getContentType()).isEqualTo("application/vnd.microsoft.iothub.filenotification.json");
    assertThat(new String(message.getUserId(), StandardCharsets.UTF_8)).isEqualTo(AmqpTestHub.HUB_NAME);
    assertThat(message.getMessageId()).isNotNull();
    assertThat(message.getMessageAnnotations().getValue())
        .containsEntry(Symbol.valueOf("iothub-enqueuedtime"), Date.from(hub.clock().instant()));
    JsonObject body = body(message);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("deviceId", "blobUri", "blobName", "lastUpdatedTime",
        "blobSizeInBytes", "enqueuedTimeUtc");
    assertThat(body.getString("deviceId")).isEqualTo("camera-3");
    assertThat(body.getString("blobName")).isEqualTo("camera-3/snapshots/one.jpg");
    assertThat(body.getString("blobUri"))
        .isEqualTo("https://" + AmqpTestHub.HOST_NAME + "/fileuploads/camera-3/snapshots/one.jpg");
    assertThat(body.getLong("blobSizeInBytes")).isEqualTo(5L);
    assertThat(body.getString("lastUpdatedTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
    assertThat(body.getString("enqueuedTimeUtc")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void anAcceptedNotificationIsGone() throws Exception {
    // GIVEN two notifications: the first accepted; the second then delivered, which the link reads only once the
    // first's outcome is applied
    uploaded("first.txt", 1);
    uploaded("second.txt", 2);
    RawAmqpClient.Receiver receiver = client.serviceSettlingReceiver(hub, NOTIFICATIONS);
    Message first = receiver.take(1).get(0);
    receiver.settle(first, Accepted.getInstance());
    Message second = receiver.take(1).get(0);

    // WHEN every lock has expired and the second is released
    hub.clock().advance(Duration.ofMinutes(2));
    receiver.settle(second, Released.getInstance());
    Message next = receiver.take(1).get(0);

    // THEN the second comes again, not the first
    assertThat(body(first).getString("blobName")).isEqualTo("camera-3/first.txt");
    assertThat(body(second).getString("blobName")).isEqualTo("camera-3/second.txt");
    assertThat(body(next).getString("blobName")).isEqualTo("camera-3/second.txt");
  }

  @Test
  void aReleasedNotificationComesAgainUnderANewLock() throws Exception {
    uploaded("again.txt", 3);
    RawAmqpClient.Receiver receiver = client.serviceSettlingReceiver(hub, NOTIFICATIONS);
    Message first = receiver.take(1).get(0);

    receiver.settle(first, Released.getInstance());
    Message second = receiver.take(1).get(0);

    assertThat(body(second)).isEqualTo(body(first));
    assertThat(second.getMessageId()).isNotEqualTo(first.getMessageId());
  }

  @Test
  void refusesAReceiverWithoutAClaim() throws Exception {
    RawAmqpClient.Receiver receiver = client.receiver(NOTIFICATIONS);

    assertThat(receiver.isOpen()).isFalse();
    assertThat(receiver.awaitClosed().getCondition().toString()).isEqualTo("amqp:unauthorized-access");
  }

  private void uploaded(String name, int size) throws Exception {
    FileUploads uploads = hub.core().fileUploads();
    DeviceId device = DeviceId.of("camera-3");
    FileUploadGrant grant = uploads.start(device, name);
    BlobStorage storage = uploads.storage();
    storage.putBlob(grant.blobName(), Files.write(storage.newTempFile(), new byte[size]));
    uploads.complete(device, grant.correlationId(), true);
  }

  private static JsonObject body(Message message) {
    Binary body = ((Data) message.getBody()).getValue();
    return new JsonObject(new String(body.getArray(), body.getArrayOffset(), body.getLength(),
        StandardCharsets.UTF_8));
  }
}
