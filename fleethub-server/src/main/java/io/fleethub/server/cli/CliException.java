package io.fleethub.server.cli;

/** A CLI command failed for a reason the user can act on; the message says which, without a stack trace. */
public class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
