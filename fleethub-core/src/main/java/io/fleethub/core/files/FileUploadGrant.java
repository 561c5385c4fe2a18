package io.fleethub.core.files;

import java.time.Instant;
import java.util.Objects;

/**
 * What a device gets when it starts an upload, IoT Hub's answer to {@code POST /devices/{id}/files}: the blob to
 * write is {@code https://{hostName}/{containerName}/{blobName}{sasToken}}.
 *
 * @param correlationId names the upload when the device reports its outcome
 * @param blobName {@code {deviceId}/{the name the device chose}}
 * @param sasToken the blob's SAS as a query string starting with {@code ?}
 * @param expiry when the SAS, and the upload, expire
 */
public record FileUploadGrant(String correlationId, String hostName, String containerName, BlobPath blobName,
    String sasToken, Instant expiry) {
  public FileUploadGrant {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(containerName, "containerName");
    Objects.requireNonNull(blobName, "blobName");
    Objects.requireNonNull(sasToken, "sasToken");
    Objects.requireNonNull(expiry, "expiry");
  }
}
