package io.fleethub.store.sql;

import io.fleethub.core.auth.PolicyStore;
import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.core.registry.RegistryStore;
import io.fleethub.core.twin.TwinStore;
import java.nio.file.Path;

/**
 * The stores Fleethub keeps in a SQL database: SQLite in a local file (the embedded default) or PostgreSQL (the
 * cluster store). Both open a connection pool and bring the schema to the newest version before returning.
 *
 * <p>The stores are thread-safe; each call borrows a pooled connection, blocks until its change is durable, and
 * throws {@link SqlStoreException} when the database fails. Closing releases the pool; the stores must not be
 * used afterwards.
 */
public interface SqlStores extends AutoCloseable {

  RegistryStore registry();

  PolicyStore policies();

  /** The CA certificates registered for X.509 CA device authentication. */
  CaCertificateStore caCertificates();

  /** Device and module twins, deleted with their device or module. */
  TwinStore twins();

  /** The cloud-to-device queues and their feedback. */
  CloudToDeviceStore cloudToDevice();

  /** The consumer groups of the built-in endpoint. */
  ConsumerGroupStore consumerGroups();

  /** The file upload notifications waiting for the service. */
  FileNotificationStore fileNotifications();

  /** Closes the connection pool. Idempotent. */
  @Override
  void close();

  /**
   * Opens (creating file and schema if absent) a SQLite database in WAL mode. Commits are fsynced
   * ({@code synchronous=FULL}), so a write is durable when its method returns. Only one process may use the
   * file at a time.
   *
   * @throws SqlStoreException when the file cannot be opened or its schema cannot be migrated
   */
  static SqlStores sqlite(Path databaseFile) {
    return JdbcStores.open(SqlDialect.SQLITE, DataSources.sqlite(databaseFile));
  }

  /**
   * Connects to PostgreSQL and migrates the schema with Flyway. Several hub nodes may share the database;
   * Flyway's lock lets only one of them migrate it.
   *
   * @param user null when the URL carries it ({@code ?user=...}) or the driver's default applies
   * @param password null when the URL carries it or the server needs none
   * @throws SqlStoreException when the database cannot be reached or its schema cannot be migrated
   */
  static SqlStores postgres(String jdbcUrl, String user, String password) {
    return JdbcStores.open(SqlDialect.POSTGRESQL, DataSources.postgres(jdbcUrl, user, password));
  }
}
