package io.fleethub.core.auth;

/** A SAS token that cannot be parsed; the message says what is wrong with it. */
public class SasTokenException extends IllegalArgumentException {
  public SasTokenException(String message) {
    super(message);
  }
}
