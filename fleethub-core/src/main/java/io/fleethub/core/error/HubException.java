package io.fleethub.core.error;

import java.util.Objects;

/** A refusal the caller can act on: an IoT Hub error code and a message saying why. */
public class HubException extends RuntimeException {
  private final ErrorCode code;

  public HubException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public HubException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
