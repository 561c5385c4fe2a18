package io.fleethub.store.sql;

import static io.fleethub.store.sql.SqlText.assignments;
import static io.fleethub.store.sql.SqlText.names;
import static io.fleethub.store.sql.SqlText.placeholders;

import io.fleethub.core.certificates.CaCertificate;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.certificates.CertificateName;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link CaCertificateStore} on the {@code ca_certificate} table, for every {@link SqlDialect}. Each method is
 * one statement in its own transaction: a version check is the {@code WHERE} clause of the statement that writes,
 * and an insert of a taken name is an {@code ON CONFLICT DO NOTHING}. Thread-safe.
 */
final class JdbcCaCertificateStore implements CaCertificateStore {
  /** The columns a write sets, in binding order; the name is not among them. */
  private static final List<String> WRITTEN = List.of("certificate", "subject", "thumbprint", "sha256_thumbprint",
      "expiry_us", "created_us", "updated_us", "verified", "verification_code", "version");
  private static final List<String> ALL = Stream.concat(Stream.of("name"), WRITTEN.stream()).toList();
  private static final String SELECT = "SELECT " + names(ALL) + " FROM ca_certificate";

  private static final String INSERT = "INSERT INTO ca_certificate (" + names(ALL) + ") VALUES ("
      + placeholders(ALL) + ") ON CONFLICT (name) DO NOTHING";
  private static final String FIND = SELECT + " WHERE name = ?";
  private static final String LIST = SELECT + " ORDER BY name";
  private static final String REPLACE = "UPDATE ca_certificate SET " + assignments(WRITTEN)
      + " WHERE name = ? AND version = ?";
  private static final String DELETE = "DELETE FROM ca_certificate WHERE name = ? AND version = ?";

  private final Jdbc jdbc;

  JdbcCaCertificateStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean insert(CaCertificate certificate) {
    return jdbc.update(INSERT, binder -> bindWritten(binder.text(certificate.name().value()), certificate)) == 1;
  }

  @Override
  public Optional<CaCertificate> find(CertificateName name) {
    return jdbc.queryFirst(FIND, binder -> binder.text(name.value()), JdbcCaCertificateStore::read);
  }

  @Override
  public List<CaCertificate> list() {
    return jdbc.query(LIST, Jdbc.Parameters.NONE, JdbcCaCertificateStore::read);
  }

  @Override
  public boolean replace(CaCertificate certificate, long expectedVersion) {
    return jdbc.update(REPLACE, binder -> bindWritten(binder, certificate)
        .text(certificate.name().value())
        .number(expectedVersion)) == 1;
  }

  @Override
  public boolean delete(CertificateName name, long expectedVersion) {
    return jdbc.update(DELETE, binder -> binder.text(name.value()).number(expectedVersion)) == 1;
  }

  private static Binder bindWritten(Binder binder, CaCertificate certificate) throws SQLException {
    return binder.text(certificate.certificate())
        .text(certificate.subject())
        .text(certificate.thumbprint())
        .text(certificate.sha256Thumbprint())
        .instant(certificate.expiry())
        .instant(certificate.created())
        .instant(certificate.updated())
        .flag(certificate.verified())
        .optionalText(certificate.verificationCode())
        .number(certificate.version());
  }

  private static CaCertificate read(Row row) throws SQLException {
    return new CaCertificate(
        CertificateName.of(row.text("name")),
        row.text("certificate"),
        row.text("subject"),
        row.text("thumbprint"),
        row.text("sha256_thumbprint"),
        row.instant("expiry_us"),
        row.instant("created_us"),
        row.instant("updated_us"),
        row.flag("verified"),
        row.optionalText("verification_code"),
        row.number("version"));
  }
}
