package io.fleethub.core.files;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * File upload settings, with IoT Hub's values as {@link #DEFAULTS}.
 *
 * @param containerName the blob container the hub's HTTPS listener serves uploads under, {@code /{container}/...}:
 *     an Azure Storage container name (3 to 63 lower-case letters, digits and single hyphens) that names none of the
 *     hub's other top-level paths
 * @param sasTtl how long a SAS URI handed to a device allows writing its blob (IoT Hub: 1 hour)
 * @param maxActiveUploads how many uploads a device may have started and not yet notified (IoT Hub: 10)
 * @param notificationTtl how long a file upload notification waits for a service receiver (IoT Hub: 1 hour)
 * @param notificationMaxDeliveryCount how many times a notification may be abandoned before it is dropped (10)
 * @param notificationLockDuration how long a receiver holds a notification before it is offered again
 */
public record FileUploadConfig(String containerName, Duration sasTtl, int maxActiveUploads, Duration notificationTtl,
    int notificationMaxDeliveryCount, Duration notificationLockDuration) {
  /** Names of the hub's own top-level paths, which a container must not shadow. */
  private static final java.util.Set<String> TAKEN = java.util.Set.of("devices", "twins", "jobs", "statistics",
      "configurations", "certificates", "query", "digitaltwins");
  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

  public static final FileUploadConfig DEFAULTS = new FileUploadConfig("fileuploads", Duration.ofHours(1), 10,
      Duration.ofHours(1), 10, Duration.ofMinutes(1));

  public FileUploadConfig {
    Objects.requireNonNull(containerName, "containerName");
    if (!CONTAINER.matcher(containerName).matches() || TAKEN.contains(containerName)) {
      throw new IllegalArgumentException("containerName must be 3 to 63 lower-case letters, digits and single "
          + "hyphens, and none of " + TAKEN + ", not '" + containerName + "'");
    }
    requirePositive("sasTtl", sasTtl);
    requirePositive("notificationTtl", notificationTtl);
    requirePositive("notificationLockDuration", notificationLockDuration);
    if (maxActiveUploads < 1) {
      throw new IllegalArgumentException("maxActiveUploads must be at least 1, not " + maxActiveUploads);
    }
    if (notificationMaxDeliveryCount < 1) {
      throw new IllegalArgumentException(
          "notificationMaxDeliveryCount must be at least 1, not " + notificationMaxDeliveryCount);
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }
}
