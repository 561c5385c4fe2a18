package io.fleethub.transport.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the HTTPS listener serves. Port 0 picks a free port (see {@link HttpsListener#port()}).
 *
 * @param bindHost the interface to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port 0 to 65535
 * @param certificateChainPem the server certificate, then its intermediates, in PEM
 * @param privateKeyPem the certificate's private key in PEM (PKCS#8, or PKCS#1 for RSA)
 */
public record HttpsSettings(String bindHost, int port, Path certificateChainPem, Path privateKeyPem) {
  public HttpsSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(certificateChainPem, "certificateChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost must name an interface, e.g. 0.0.0.0");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535 (0 = any free port), not " + port);
    }
  }
}
