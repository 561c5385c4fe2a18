package io.fleethub.server.tls;

/** The hub's certificates cannot be created or used; the message says what to do about it. */
public class CertificateSetupException extends RuntimeException {
  public CertificateSetupException(String message) {
    super(message);
  }
}
