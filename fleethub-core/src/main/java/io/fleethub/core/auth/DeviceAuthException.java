package io.fleethub.core.auth;

import java.util.Objects;

/** A device connection refused; the reason maps to the protocol's own refusal (CONNACK code, AMQP condition). */
public class DeviceAuthException extends RuntimeException {
  /** Why a device was refused. */
  public enum Reason {
    /** No such device or module is registered. */
    UNKNOWN_IDENTITY,
    /** The device or module is disabled. */
    DISABLED,
    /** The token or certificate is malformed, badly signed, for another identity, or not registered. */
    BAD_CREDENTIALS,
    /** The token has expired. */
    EXPIRED
  }

  private final Reason reason;

  public DeviceAuthException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
