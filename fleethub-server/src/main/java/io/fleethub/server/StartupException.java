package io.fleethub.server;

/** The hub cannot start; the message says why and what the user can do about it. */
public class StartupException extends RuntimeException {
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
