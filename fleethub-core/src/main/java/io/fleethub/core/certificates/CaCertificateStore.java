package io.fleethub.core.certificates;

import java.util.List;
import java.util.Optional;

/**
 * Persists the CA certificates registered with the hub. Dumb by design: it stores what it is given and compares
 * versions; parsing certificates, codes and versions is the caller's ({@link CaCertificateRegistry}'s) business.
 *
 * <p>Every method may be called from any thread and blocks until the change is durable.
 */
public interface CaCertificateStore {

  /** Stores a new certificate; returns false, changing nothing, when one with that name exists. */
  boolean insert(CaCertificate certificate);

  Optional<CaCertificate> find(CertificateName name);

  /** Every certificate, in ascending name order. */
  List<CaCertificate> list();

  /**
   * Replaces the certificate with the same name if its stored version is {@code expectedVersion}; returns false,
   * changing nothing, when it is absent or at another version.
   */
  boolean replace(CaCertificate certificate, long expectedVersion);

  /**
   * Deletes the certificate if its stored version is {@code expectedVersion}; returns false, changing nothing,
   * when it is absent or at another version.
   */
  boolean delete(CertificateName name, long expectedVersion);
}
