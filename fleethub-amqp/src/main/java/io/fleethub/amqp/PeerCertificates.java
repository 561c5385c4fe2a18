package io.fleethub.amqp;

import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Where a connection's TLS client certificates come from: the TLS session of its own socket, or, for a connection
 * bridged from a WebSocket, the chain the HTTPS listener saw. Resolved when first asked, not at accept.
 */
@FunctionalInterface
interface PeerCertificates {
  Supplier<List<X509Certificate>> of(NetSocket socket);

  /** The client chain (leaf first) of the socket's TLS session; empty without TLS or without a certificate. */
  static PeerCertificates fromTls() {
    return socket -> () -> tlsChain(socket);
  }

  private static List<X509Certificate> tlsChain(NetSocket socket) {
    if (!socket.isSsl()) {
      return List.of();
    }
    try {
      List<Certificate> chain = socket.peerCertificates();
      return chain == null ? List.of() : chain.stream()
          .filter(X509Certificate.class::isInstance)
          .map(X509Certificate.class::cast)
          .toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }
}
