package io.fleethub.core.files;

import io.fleethub.core.identity.DeviceId;
import java.util.Objects;
import java.time.Instant;

/**
 * A file upload notification: a device told the hub that it uploaded a blob, and the service may learn of it on
 * {@code /messages/servicebound/filenotifications}.
 *
 * @param blobName the blob's name in the container, {@code {deviceId}/{name the device chose}}
 * @param blobUri the blob's URI, {@code https://{host}/{container}/{blobName, URL-encoded}}
 * @param lastUpdatedTime when the blob was last written
 * @param enqueuedTime when the hub queued the notification
 */
public record FileNotification(DeviceId deviceId, String blobName, String blobUri, Instant lastUpdatedTime,
    long blobSizeInBytes, Instant enqueuedTime) {
  public FileNotification {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(blobName, "blobName");
    Objects.requireNonNull(blobUri, "blobUri");
    Objects.requireNonNull(lastUpdatedTime, "lastUpdatedTime");
    Objects.requireNonNull(enqueuedTime, "enqueuedTime");
    if (blobSizeInBytes < 0) {
      throw new IllegalArgumentException("a blob cannot hold " + blobSizeInBytes + " bytes");
    }
  }
}
