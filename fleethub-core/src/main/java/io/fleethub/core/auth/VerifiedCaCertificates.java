package io.fleethub.core.auth;

import java.security.cert.X509Certificate;
import java.util.List;

/** The CA certificates registered with the hub whose proof of possession was verified. */
@FunctionalInterface
public interface VerifiedCaCertificates {
  List<X509Certificate> verified();

  static VerifiedCaCertificates none() {
    return List::of;
  }
}
