package io.fleethub.transport.http;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts any client certificate during the TLS handshake. The listener only asks for one (it never requires
 * it) so that X.509 devices over WebSockets can present theirs; whether a certificate proves anything is decided
 * afterwards by the core's device authentication against the registry.
 */
final class TrustAnyClientCertificate implements X509TrustManager {
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
    throw new UnsupportedOperationException("used on the server side only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
