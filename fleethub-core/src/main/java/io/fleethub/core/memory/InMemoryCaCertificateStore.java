package io.fleethub.core.memory;

import io.fleethub.core.certificates.CaCertificate;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.certificates.CertificateName;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link CaCertificateStore} in memory, for tests of the layers above the stores. Thread-safe by one lock. */
public final class InMemoryCaCertificateStore implements CaCertificateStore {
  private final TreeMap<CertificateName, CaCertificate> certificates = new TreeMap<>();

  @Override
  public synchronized boolean insert(CaCertificate certificate) {
    return certificates.putIfAbsent(certificate.name(), certificate) == null;
  }

  @Override
  public synchronized Optional<CaCertificate> find(CertificateName name) {
    return Optional.ofNullable(certificates.get(name));
  }

  @Override
  public synchronized List<CaCertificate> list() {
    return List.copyOf(certificates.values());
  }

  @Override
  public synchronized boolean replace(CaCertificate certificate, long expectedVersion) {
    CaCertificate stored = certificates.get(certificate.name());
    if (stored == null || stored.version() != expectedVersion) {
      return false;
    }
    certificates.put(certificate.name(), certificate);
    return true;
  }

  @Override
  public synchronized boolean delete(CertificateName name, long expectedVersion) {
    CaCertificate stored = certificates.get(name);
    if (stored == null || stored.version() != expectedVersion) {
      return false;
    }
    certificates.remove(name);
    return true;
  }
}
