package io.fleethub.core.c2d;

import io.fleethub.core.identity.IdentityRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cloud-to-device message in its device's (or module's) queue. The body is not copied: callers must not change
 * it.
 *
 * @param target the device or module whose queue holds it
 * @param deviceGenerationId the generation id of the target's device when the message was sent, for feedback
 * @param applicationProperties the sender's properties, without {@link Acknowledgement#PROPERTY_NAME}
 * @param enqueuedTime when the hub accepted it
 * @param expiryTime from this instant on, it is no longer delivered and is dead-lettered
 * @param deliveryCount how many times a device abandoned it
 * @param lock the lock it was last given; it holds only until {@link MessageLock#lockedUntil()}
 */
public record CloudToDeviceMessage(
    IdentityRef target,
    String deviceGenerationId,
    byte[] body,
    SystemProperties properties,
    Map<String, String> applicationProperties,
    Acknowledgement ack,
    Instant enqueuedTime,
    Instant expiryTime,
    int deliveryCount,
    Optional<MessageLock> lock) {

  public CloudToDeviceMessage {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(deviceGenerationId, "deviceGenerationId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(properties, "properties");
    applicationProperties = Map.copyOf(applicationProperties);
    Objects.requireNonNull(ack, "ack");
    Objects.requireNonNull(enqueuedTime, "enqueuedTime");
    Objects.requireNonNull(expiryTime, "expiryTime");
    if (deliveryCount < 0) {
      throw new IllegalArgumentException("deliveryCount must not be negative, not " + deliveryCount);
    }
    Objects.requireNonNull(lock, "lock");
  }

  /**
   * The {@code to} system property the hub gives the message: {@code /devices/{id}/messages/devicebound}, with
   * {@code /modules/{id}} after the device id for a module.
   */
  public String to() {
    return target.moduleId()
        .map(module -> "/devices/" + target.deviceId() + "/modules/" + module + "/messages/devicebound")
        .orElse("/devices/" + target.deviceId() + "/messages/devicebound");
  }

  /** True from {@link #expiryTime()} on. */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiryTime);
  }

  /** True while a lock holds on it. */
  public boolean isLockedAt(Instant now) {
    return lock.filter(l -> l.holdsAt(now)).isPresent();
  }

  public CloudToDeviceMessage withLock(MessageLock newLock) {
    return new CloudToDeviceMessage(target, deviceGenerationId, body, properties, applicationProperties, ack,
        enqueuedTime, expiryTime, deliveryCount, Optional.of(newLock));
  }

  public CloudToDeviceMessage withoutLock() {
    return new CloudToDeviceMessage(target, deviceGenerationId, body, properties, applicationProperties, ack,
        enqueuedTime, expiryTime, deliveryCount, Optional.empty());
  }

  /** Back in the queue after an abandon: unlocked, its delivery count one higher. */
  public CloudToDeviceMessage abandoned() {
    return new CloudToDeviceMessage(target, deviceGenerationId, body, properties, applicationProperties, ack,
        enqueuedTime, expiryTime, deliveryCount + 1, Optional.empty());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CloudToDeviceMessage that
        && target.equals(that.target)
        && deviceGenerationId.equals(that.deviceGenerationId)
        && Arrays.equals(body, that.body)
        && properties.equals(that.properties)
        && applicationProperties.equals(that.applicationProperties)
        && ack == that.ack
        && enqueuedTime.equals(that.enqueuedTime)
        && expiryTime.equals(that.expiryTime)
        && deliveryCount == that.deliveryCount
        && lock.equals(that.lock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, deviceGenerationId, Arrays.hashCode(body), properties, applicationProperties, ack,
        enqueuedTime, expiryTime, deliveryCount, lock);
  }

  @Override
  public String toString() {
    return "CloudToDeviceMessage[target=" + target + ", body=" + body.length + " bytes, properties=" + properties
        + ", applicationProperties=" + applicationProperties + ", ack=" + ack + ", enqueuedTime=" + enqueuedTime
        + ", expiryTime=" + expiryTime + ", deliveryCount=" + deliveryCount + ", lock=" + lock + "]";
  }
}
