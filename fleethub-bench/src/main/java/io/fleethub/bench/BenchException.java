package io.fleethub.bench;

/** A bench run cannot go on for a reason the user can act on; the message says which, without a stack trace. */
public class BenchException extends RuntimeException {
  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
