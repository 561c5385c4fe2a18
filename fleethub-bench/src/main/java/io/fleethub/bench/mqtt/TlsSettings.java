package io.fleethub.bench.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client side of TLS is set up.
 *
 * @param caFile the CA certificates (PEM) to trust; empty for the JVM's trusted CAs
 * @param serverName the name sent as SNI and checked against the server certificate
 * @param provider {@code jdk} or {@code openssl} (needs netty-tcnative on the class path)
 */
public record TlsSettings(Optional<Path> caFile, String serverName, String provider) {
  public TlsSettings {
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(serverName, "serverName");
    if (!provider.equals("jdk") && !provider.equals("openssl")) {
      throw new IllegalArgumentException("the TLS provider is jdk or openssl, not " + provider);
    }
  }
}
