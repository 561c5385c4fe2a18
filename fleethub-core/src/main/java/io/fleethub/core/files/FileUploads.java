package io.fleethub.core.files;

import io.fleethub.core.HubIdentity;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import io.fleethub.core.identity.DeviceId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IoT Hub's file upload, device side: a device starts an upload and gets a SAS URI for one blob of the hub's blob
 * store ({@link #start}), writes the blob there, then reports the outcome ({@link #complete}); a successful upload
 * queues a {@link FileNotification} for the service.
 *
 * <p>An upload is active from its start until its outcome is reported or its SAS expires; a device may have
 * {@link FileUploadConfig#maxActiveUploads()} active at once. The correlation id carries the upload, signed
 * ({@link CorrelationIds}), so an outcome reported after a restart of the hub is still accepted. Which uploads are
 * active, and which were reported, is kept in this hub's memory: after a restart the count of active uploads starts
 * again from zero, and an outcome reported before the restart may be reported again (its notification is then
 * queued twice: at least once).
 *
 * <p>Thread-safe. {@link #complete} blocks on the blob store and the notification store.
 */
public final class FileUploads {
  private final HubIdentity hub;
  private final Clock clock;
  private final BlobStorage storage;
  private final BlobSas sas;
  private final FileNotificationQueue notifications;
  private final FileUploadConfig config;
  private final CorrelationIds correlationIds;
  private final Map<DeviceId, Map<String, Active>> active = new ConcurrentHashMap<>();
  /** Correlation ids whose outcome was reported, until their upload would have expired. */
  private final Map<String, Instant> reported = new ConcurrentHashMap<>();

  /** An upload started and not yet reported. */
  private record Active(BlobPath blob, Instant expiry) {}

  public FileUploads(HubIdentity hub, Clock clock, BlobStorage storage, FileNotificationQueue notifications,
      FileUploadConfig config) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storage = Objects.requireNonNull(storage, "storage");
    this.notifications = Objects.requireNonNull(notifications, "notifications");
    this.config = Objects.requireNonNull(config, "config");
    this.sas = new BlobSas(storage, hub.hostName());
    this.correlationIds = new CorrelationIds(storage);
  }

  /**
   * Starts an upload of the device's blob {@code name}. Refuses a name that makes no valid blob name (400
   * ArgumentInvalid) and a device with {@link FileUploadConfig#maxActiveUploads()} active uploads (403
   * DeviceMaximumActiveFileUploadLimitExceeded).
   */
  public FileUploadGrant start(DeviceId device, String name) {
    Objects.requireNonNull(device, "device");
    if (name == null || name.isEmpty()) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The request names no blob: send {\"blobName\":\"...\"}.");
    }
    BlobPath blob;
    try {
      blob = BlobPath.of(device, name);
    } catch (IllegalArgumentException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The blob name '" + name + "' is not valid: "
          + e.getMessage() + ".");
    }
    Instant now = clock.instant();
    Instant expiry = now.plus(config.sasTtl());
    String correlationId = correlationIds.issue(new CorrelationIds.Upload(blob, expiry));
    active.compute(device, (id, uploads) -> {
      Map<String, Active> kept = new HashMap<>();
      if (uploads != null) {
        uploads.forEach((key, upload) -> {
          if (now.isBefore(upload.expiry())) {
            kept.put(key, upload);
          }
        });
      }
      if (kept.size() >= config.maxActiveUploads()) {
        throw new HubException(ErrorCode.DEVICE_MAXIMUM_ACTIVE_FILE_UPLOAD_LIMIT_EXCEEDED, "Number of active file "
            + "upload requests cannot exceed " + config.maxActiveUploads() + " for device '" + device
            + "': report the outcome of an upload (POST /devices/{id}/files/notifications) or wait for its SAS to "
            + "expire.");
      }
      kept.put(correlationId, new Active(blob, expiry));
      return kept;
    });
    return new FileUploadGrant(correlationId, hub.hostName(), config.containerName(), blob,
        "?" + sas.issue(config.containerName(), blob, expiry), expiry);
  }

  /**
   * Ends the device's upload {@code correlationId}. On success, queues a notification of the blob as it is stored
   * now (durable when this returns); on failure, queues nothing. Refuses a correlation id this hub did not issue to
   * the device, whose upload expired, or whose outcome was reported already (404 NotFound), and a success whose blob
   * was never committed (400 ArgumentInvalid, the upload stays active).
   */
  public void complete(DeviceId device, String correlationId, boolean success) {
    Objects.requireNonNull(device, "device");
    Instant now = clock.instant();
    reported.values().removeIf(expiry -> !now.isBefore(expiry));
    CorrelationIds.Upload upload = Optional.ofNullable(correlationId).flatMap(correlationIds::open)
        .filter(named -> named.blob().deviceSegment().equals(device.value()))
        .filter(named -> now.isBefore(named.expiry()))
        .filter(named -> reported.putIfAbsent(correlationId, named.expiry()) == null)
        .orElseThrow(() -> new HubException(ErrorCode.NOT_FOUND, "Device '" + device + "' has no active file "
            + "upload with correlation id '" + correlationId + "': it was reported already, its SAS expired, or "
            + "it was not issued to this device."));
    if (success) {
      try {
        BlobProperties blob = storage.properties(upload.blob()).orElseThrow(() -> new HubException(
            ErrorCode.ARGUMENT_INVALID, "The upload '" + correlationId + "' reports success, but blob '"
            + upload.blob() + "' was never written; upload it, or report isSuccess=false."));
        notifications.add(new FileNotification(device, upload.blob().value(), blobUri(upload.blob()),
            blob.lastModified(), blob.size(), now));
      } catch (RuntimeException e) {
        reported.remove(correlationId);
        throw e;
      }
    }
    active.computeIfPresent(device, (id, uploads) -> {
      Map<String, Active> kept = new HashMap<>(uploads);
      kept.remove(correlationId);
      return kept.isEmpty() ? null : kept;
    });
  }

  /** {@code https://{host}/{container}/{blob}}, each segment of the blob name URL-encoded. */
  public String blobUri(BlobPath blob) {
    StringBuilder uri = new StringBuilder("https://").append(hub.hostName()).append('/')
        .append(config.containerName());
    for (String segment : blob.value().split("/", -1)) {
      uri.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return uri.toString();
  }

  /** The SAS issuer and checker of the blob store. */
  public BlobSas sas() {
    return sas;
  }

  public BlobStorage storage() {
    return storage;
  }

  public FileUploadConfig config() {
    return config;
  }
}
