package io.fleethub.core.c2d;

import io.fleethub.core.identity.DeviceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub tells the service about one cloud-to-device message's final state: one element of a feedback
 * message's JSON array ({@code originalMessageId}, {@code enqueuedTimeUtc}, {@code statusCode},
 * {@code description}, {@code deviceId}, {@code deviceGenerationId}).
 *
 * @param originalMessageId the message's {@code message-id}; empty when its sender gave none
 * @param enqueuedTime when the outcome happened (the device settled it, it expired, it was purged)
 * @param description the status code's own text, as IoT Hub writes it
 */
public record FeedbackRecord(
    Optional<String> originalMessageId,
    Instant enqueuedTime,
    FeedbackStatus status,
    String description,
    DeviceId deviceId,
    String deviceGenerationId) {

  public FeedbackRecord {
    Objects.requireNonNull(originalMessageId, "originalMessageId");
    Objects.requireNonNull(enqueuedTime, "enqueuedTime");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(deviceGenerationId, "deviceGenerationId");
  }

  /** The record of {@code message} ending in {@code status} at {@code at}. */
  public static FeedbackRecord of(CloudToDeviceMessage message, FeedbackStatus status, Instant at) {
    return new FeedbackRecord(message.properties().messageId(), at, status, status.wireName(),
        message.target().deviceId(), message.deviceGenerationId());
  }
}
