package io.fleethub.core.c2d;

import java.time.Duration;
import java.util.Objects;

/**
 * The hub's cloud-to-device settings, with IoT Hub's names, defaults and ranges ({@code properties.cloudToDevice}
 * of an IoT hub resource).
 *
 * @param defaultTtl {@code defaultTtlAsIso8601}: how long a message lives when its sender set no expiry
 * @param maxDeliveryCount {@code maxDeliveryCount}: the abandon that brings a message's delivery count to this
 *     dead-letters it
 * @param feedbackTtl {@code feedback.ttlAsIso8601}: how long a feedback record waits for a service to take it
 * @param feedbackMaxDeliveryCount {@code feedback.maxDeliveryCount}: abandons after which a record is dropped
 * @param feedbackLockDuration {@code feedback.lockDurationAsIso8601}: how long a receiver holds a feedback batch
 */
public record CloudToDeviceConfig(
    Duration defaultTtl,
    int maxDeliveryCount,
    Duration feedbackTtl,
    int feedbackMaxDeliveryCount,
    Duration feedbackLockDuration) {

  public static final Duration MIN_TTL = Duration.ofMinutes(1);
  public static final Duration MAX_TTL = Duration.ofDays(2);
  public static final int MIN_DELIVERY_COUNT = 1;
  public static final int MAX_DELIVERY_COUNT = 100;
  public static final Duration MIN_FEEDBACK_LOCK = Duration.ofSeconds(5);
  public static final Duration MAX_FEEDBACK_LOCK = Duration.ofSeconds(300);

  /** IoT Hub's defaults: one hour, 10 deliveries, one hour of feedback, 10 feedback deliveries, 60 s locks. */
  public static final CloudToDeviceConfig DEFAULTS =
      new CloudToDeviceConfig(Duration.ofHours(1), 10, Duration.ofHours(1), 10, Duration.ofSeconds(60));

  public CloudToDeviceConfig {
    requireWithin("defaultTtlAsIso8601", defaultTtl, MIN_TTL, MAX_TTL);
    requireWithin("maxDeliveryCount", maxDeliveryCount);
    requireWithin("feedback.ttlAsIso8601", feedbackTtl, MIN_TTL, MAX_TTL);
    requireWithin("feedback.maxDeliveryCount", feedbackMaxDeliveryCount);
    requireWithin("feedback.lockDurationAsIso8601", feedbackLockDuration, MIN_FEEDBACK_LOCK, MAX_FEEDBACK_LOCK);
  }

  private static void requireWithin(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + value);
    }
  }

  private static void requireWithin(String name, int value) {
    if (value < MIN_DELIVERY_COUNT || value > MAX_DELIVERY_COUNT) {
      throw new IllegalArgumentException(
          name + " must be from " + MIN_DELIVERY_COUNT + " to " + MAX_DELIVERY_COUNT + ", not " + value);
    }
  }
}
