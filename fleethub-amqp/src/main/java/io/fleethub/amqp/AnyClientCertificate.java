package io.fleethub.amqp;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Lets any client certificate through the TLS handshake. The handshake still proves that the client holds the
 * certificate's private key; whether the certificate identifies the device (a registered thumbprint, or a chain
 * to a verified CA) is decided afterwards, when the connection names the device it claims to be, by
 * the core. Names no acceptable issuers, so clients may offer whatever certificate they have.
 */
final class AnyClientCertificate implements X509TrustManager {
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // Authentication happens per device, after the handshake.
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    throw new UnsupportedOperationException("only used by the server side");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
