package io.fleethub.core.auth;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The client certificate chain (leaf first) a TLS connection presented, for X.509 device authentication. The
 * hub's listeners ask for one but never require it, so the chain is often empty. Stateless and thread-safe.
 */
public final class ClientCertificates {
  private ClientCertificates() {}

  /** The X.509 certificates of {@code session}'s peer; empty without TLS or when the client sent none. */
  public static List<X509Certificate> of(SSLSession session) {
    if (session == null) {
      return List.of();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return Arrays.stream(chain)
          .filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast)
          .toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
