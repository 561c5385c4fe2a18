package io.fleethub.compat.eventhubs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust in a hub's CA certificate ({@code ca.pem} from its data directory), as a user sets it up. */
final class HubTrust {
  private HubTrust() {}

  /** A TLS context trusting only the CA in {@code caPem}. */
  static SSLContext context(Path caPem) throws IOException {
    try (InputStream pem = Files.newInputStream(caPem)) {
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(pem);
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("fleethub-ca", ca);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the hub CA " + caPem, e);
    }
  }

  /**
   * Makes the CA the trust of this JVM's default TLS context, which the Event Hubs SDK uses (with host name
   * verification) for {@code amqps}: what a user does with {@code -Djavax.net.ssl.trustStore}.
   */
  static void makeDefault(Path caPem) throws IOException {
    SSLContext.setDefault(context(caPem));
  }
}
