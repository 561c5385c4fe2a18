package io.fleethub.bench.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The CA certificates a target is trusted by: PEM files given by the user. Stateless. */
public final class CaFiles {
  private CaFiles() {}

  /** Returns {@code file}, or throws {@link IllegalArgumentException} when it cannot be read. */
  static Path requireReadable(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("the CA file " + file.toAbsolutePath() + " does not exist or cannot be"
          + " read");
    }
    return file;
  }

  /**
   * A TLS context trusting only the certificates in {@code caFile}, or the JVM's trusted CAs when it is empty.
   *
   * @throws IllegalArgumentException when the file holds no usable certificate
   */
  public static SSLContext sslContext(Optional<Path> caFile) {
    if (caFile.isEmpty()) {
      return jvmDefault();
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : read(caFile.get())) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the CA file " + caFile.get().toAbsolutePath() + ": "
          + e.getMessage(), e);
    }
  }

  private static SSLContext jvmDefault() {
    try {
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }

  private static Collection<? extends Certificate> read(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new GeneralSecurityException("it holds no certificate");
      }
      return certificates;
    }
  }
}
