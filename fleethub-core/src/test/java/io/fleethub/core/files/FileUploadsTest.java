package io.fleethub.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.TestClock;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.memory.InMemoryFileNotificationStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUploadsTest {
  private static final DeviceId DEVICE = DeviceId.of("camera-1");

  @TempDir
  Path directory;

  private final TestClock clock = TestClock.at("2026-01-02T03:04:05Z");
  private BlobStorage storage;
  private FileNotificationQueue queue;
  private FileUploads uploads;

  private void newHub() {
    storage = BlobStorage.open(directory, clock);
    queue = new FileNotificationQueue(new InMemoryFileNotificationStore(), clock, FileUploadConfig.DEFAULTS);
    uploads = new FileUploads(new HubIdentity("hub.fleethub.test", "hub"), clock, storage, queue,
        FileUploadConfig.DEFAULTS);
  }

  @Test
  void grantNamesTheDevicesBlobAndASasForItAlone() {
    newHub();

    FileUploadGrant grant = uploads.start(DEVICE, "photos/a b.jpg");

    assertThat(grant.blobName().value()).isEqualTo("camera-1/photos/a b.jpg");
    assertThat(grant.hostName()).isEqualTo("hub.fleethub.test");
    assertThat(grant.containerName()).isEqualTo("fileuploads");
    assertThat(grant.sasToken()).startsWith("?sv=").contains("&sr=b&").contains("&sig=");
    assertThat(grant.expiry()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void refusesTheEleventhConcurrentUploadOfADevice() {
    newHub();
    for (int i = 0; i < 10; i++) {
      uploads.start(DEVICE, "file-" + i);
    }

    assertThatThrownBy(() -> uploads.start(DEVICE, "file-10"))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code())
            .isEqualTo(ErrorCode.DEVICE_MAXIMUM_ACTIVE_FILE_UPLOAD_LIMIT_EXCEEDED));
    assertThat(uploads.start(DeviceId.of("other"), "file-0")).isNotNull();
  }

  @Test
  void aReportedOrExpiredUploadFreesItsPlace() {
    newHub();
    FileUploadGrant first = uploads.start(DEVICE, "first");
    for (int i = 1; i < 10; i++) {
      uploads.start(DEVICE, "file-" + i);
    }

    uploads.complete(DEVICE, first.correlationId(), false);
    uploads.start(DEVICE, "replacement");
    clock.advance(Duration.ofHours(1));

    for (int i = 0; i < 10; i++) {
      uploads.start(DEVICE, "after-expiry-" + i);
    }
  }

  @Test
  void successfulUploadQueuesANotificationOfTheStoredBlob() throws IOException {
    newHub();
    FileUploadGrant grant = uploads.start(DEVICE, "logs/today.txt");
    Path filled = storage.newTempFile();
    Files.write(filled, new byte[1234]);
    storage.putBlob(grant.blobName(), filled);
    clock.advance(Duration.ofSeconds(5));

    uploads.complete(DEVICE, grant.correlationId(), true);

    FileNotification notification = queue.receive().orElseThrow().notification();
    assertThat(notification.deviceId()).isEqualTo(DEVICE);
    assertThat(notification.blobName()).isEqualTo("camera-1/logs/today.txt");
    assertThat(notification.blobUri()).isEqualTo("https://hub.fleethub.test/fileuploads/camera-1/logs/today.txt");
    assertThat(notification.blobSizeInBytes()).isEqualTo(1234);
    assertThat(notification.lastUpdatedTime()).isEqualTo(clock.instant().minusSeconds(5));
    assertThat(notification.enqueuedTime()).isEqualTo(clock.instant());
  }

  @Test
  void failedUploadQueuesNothing() {
    newHub();
    FileUploadGrant grant = uploads.start(DEVICE, "never-written");

    uploads.complete(DEVICE, grant.correlationId(), false);

    assertThat(queue.receive()).isEmpty();
  }

  @Test
  void refusesAnUnknownOrAlreadyReportedCorrelationIdWith404() {
    newHub();
    FileUploadGrant grant = uploads.start(DEVICE, "x");
    uploads.complete(DEVICE, grant.correlationId(), false);

    assertThatThrownBy(() -> uploads.complete(DEVICE, grant.correlationId(), false))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThatThrownBy(() -> uploads.complete(DEVICE, "no-such-upload", true))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void anOutcomeReportedAfterARestartIsAcceptedOnce() throws IOException {
    newHub();
    FileUploadGrant grant = uploads.start(DEVICE, "before-restart.bin");
    storage.putBlob(grant.blobName(), Files.write(storage.newTempFile(), new byte[7]));

    newHub();
    uploads.complete(DEVICE, grant.correlationId(), true);

    assertThat(queue.receive().orElseThrow().notification().blobSizeInBytes()).isEqualTo(7);
    assertThatThrownBy(() -> uploads.complete(DEVICE, grant.correlationId(), true))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void refusesAForgedOrExpiredCorrelationId() {
    newHub();
    FileUploadGrant grant = uploads.start(DEVICE, "x");
    String forged = grant.correlationId().substring(0, grant.correlationId().indexOf('.') + 1) + "AAAA";

    assertThatThrownBy(() -> uploads.complete(DEVICE, forged, false))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> uploads.complete(DEVICE, grant.correlationId(), false))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void anotherDeviceCannotReportTheUpload() {
    newHub();
    FileUploadGrant grant = uploads.start(DEVICE, "x");

    assertThatThrownBy(() -> uploads.complete(DeviceId.of("other"), grant.correlationId(), false))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void successWithoutABlobIsRefusedAndTheUploadStaysActive() {
    newHub();
    FileUploadGrant grant = uploads.start(DEVICE, "missing");

    assertThatThrownBy(() -> uploads.complete(DEVICE, grant.correlationId(), true))
        .isInstanceOfSatisfying(HubException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID));
    uploads.complete(DEVICE, grant.correlationId(), false);
  }

  @Test
  void refusesBlobNamesThatAreNoSafePath() {
    newHub();
    for (String name : new String[] {"", "../escape", "a//b", "a/./b", "back\\slash", "x".repeat(1100)}) {
      assertThatThrownBy(() -> uploads.start(DEVICE, name)).as(name)
          .isInstanceOfSatisfying(HubException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID));
    }
  }
}
