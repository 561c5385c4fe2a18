package io.fleethub.core.c2d;

import java.util.Locale;
import java.util.Objects;

/**
 * Which final states of a cloud-to-device message its sender wants feedback about: the values of IoT Hub's
 * {@code iothub-ack} application property.
 */
public enum Acknowledgement {
  /** No feedback; IoT Hub's default when the property is absent. */
  NONE("none"),
  /** Feedback when the device completes the message. */
  POSITIVE("positive"),
  /** Feedback when the message is dead-lettered: expired, rejected, abandoned too often, or purged. */
  NEGATIVE("negative"),
  /** Feedback in every final state. */
  FULL("full");

  /** The application property that carries the acknowledgement on the wire, both ways. */
  public static final String PROPERTY_NAME = "iothub-ack";

  private final String wireName;

  Acknowledgement(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether a message sent with this acknowledgement produces feedback when it ends in {@code status}. */
  public boolean wants(FeedbackStatus status) {
    return switch (this) {
      case NONE -> false;
      case POSITIVE -> status.isSuccess();
      case NEGATIVE -> !status.isSuccess();
      case FULL -> true;
    };
  }

  /** Parses a wire name, ignoring case; {@link IllegalArgumentException} for any other value. */
  public static Acknowledgement fromWireName(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    String lower = wireName.toLowerCase(Locale.ROOT);
    for (Acknowledgement ack : values()) {
      if (ack.wireName.equals(lower)) {
        return ack;
      }
    }
    throw new IllegalArgumentException(
        PROPERTY_NAME + " must be none, positive, negative or full, not '" + wireName + "'");
  }
}
