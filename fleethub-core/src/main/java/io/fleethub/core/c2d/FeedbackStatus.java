package io.fleethub.core.c2d;

import java.util.Objects;

/** The final state of a cloud-to-device message, as a feedback record's {@code statusCode} names it. */
public enum FeedbackStatus {
  /** The device completed the message. */
  SUCCESS("Success"),
  /** The message expired before the device completed it. */
  EXPIRED("Expired"),
  /** The device abandoned the message as many times as the hub's maximum delivery count allows. */
  DELIVERY_COUNT_EXCEEDED("DeliveryCountExceeded"),
  /** The device rejected the message. */
  REJECTED("Rejected"),
  /** The service purged the device's queue while the message was in it. */
  PURGED("Purged");

  private final String wireName;

  FeedbackStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** True for the one positive outcome, {@link #SUCCESS}; every other status is a dead-lettering. */
  public boolean isSuccess() {
    return this == SUCCESS;
  }

  /** Parses a wire name exactly; {@link IllegalArgumentException} for any other value. */
  public static FeedbackStatus fromWireName(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    for (FeedbackStatus status : values()) {
      if (status.wireName.equals(wireName)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown feedback status code '" + wireName + "'");
  }
}
