package io.fleethub.core.c2d;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cloud-to-device message as the service back end sent it, before the hub queues it. The body is not copied:
 * callers must not change it afterwards.
 *
 * @param applicationProperties the sender's properties, without {@link Acknowledgement#PROPERTY_NAME}
 * @param ack which outcomes the sender wants feedback about
 * @param expiryTime the sender's absolute expiry time; the hub's default time to live applies when empty
 */
public record OutgoingMessage(
    byte[] body,
    SystemProperties properties,
    Map<String, String> applicationProperties,
    Acknowledgement ack,
    Optional<Instant> expiryTime) {

  public OutgoingMessage {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(properties, "properties");
    applicationProperties = Map.copyOf(applicationProperties);
    Objects.requireNonNull(ack, "ack");
    Objects.requireNonNull(expiryTime, "expiryTime");
  }

  /** A message with only a body: no properties, no feedback, the default time to live. */
  public static OutgoingMessage of(byte[] body) {
    return new OutgoingMessage(body, SystemProperties.NONE, Map.of(), Acknowledgement.NONE, Optional.empty());
  }

  public OutgoingMessage withProperties(SystemProperties newProperties) {
    return new OutgoingMessage(body, newProperties, applicationProperties, ack, expiryTime);
  }

  public OutgoingMessage withApplicationProperties(Map<String, String> newProperties) {
    return new OutgoingMessage(body, properties, newProperties, ack, expiryTime);
  }

  public OutgoingMessage withAck(Acknowledgement newAck) {
    return new OutgoingMessage(body, properties, applicationProperties, newAck, expiryTime);
  }

  public OutgoingMessage withExpiryTime(Instant newExpiryTime) {
    return new OutgoingMessage(body, properties, applicationProperties, ack, Optional.of(newExpiryTime));
  }

  /**
   * The size IoT Hub counts against its limit, in UTF-8 bytes: the body, the system property values, and the
   * application property names and values, among them {@code iothub-ack} when feedback is requested.
   */
  public int billedSize() {
    int size = body.length + properties.billedSize();
    for (Map.Entry<String, String> property : applicationProperties.entrySet()) {
      size += utf8Length(property.getKey()) + utf8Length(property.getValue());
    }
    if (ack != Acknowledgement.NONE) {
      size += utf8Length(Acknowledgement.PROPERTY_NAME) + utf8Length(ack.wireName());
    }
    return size;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OutgoingMessage that
        && Arrays.equals(body, that.body)
        && properties.equals(that.properties)
        && applicationProperties.equals(that.applicationProperties)
        && ack == that.ack
        && expiryTime.equals(that.expiryTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(body), properties, applicationProperties, ack, expiryTime);
  }

  @Override
  public String toString() {
    return "OutgoingMessage[body=" + body.length + " bytes, properties=" + properties + ", applicationProperties="
        + applicationProperties + ", ack=" + ack + ", expiryTime=" + expiryTime + "]";
  }
}
