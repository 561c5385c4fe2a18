package io.fleethub.bench.target;

/** A target refused what the bench asked, or could not be reached; the message says which and why. */
public final class TargetException extends RuntimeException {
  public TargetException(String message) {
    super(message);
  }

  public TargetException(String message, Throwable cause) {
    super(message, cause);
  }
}
