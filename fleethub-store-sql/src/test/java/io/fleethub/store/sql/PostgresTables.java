package io.fleethub.store.sql;

import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Empties a test database between tests, so that a test class can keep one database and one pool. */
final class PostgresTables {
  private PostgresTables() {}

  static void truncateAll(EmbeddedPostgresDatabase database) {
    try (Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "TRUNCATE device_twin, module_twin, module, device, shared_access_policy, ca_certificate, consumer_group,"
              + " file_notification"
              + " RESTART IDENTITY");
    } catch (SQLException e) {
      throw new IllegalStateException("could not empty " + database.jdbcUrl(), e);
    }
  }

  static SqlStores open(EmbeddedPostgresDatabase database) {
    return SqlStores.postgres(database.jdbcUrl(), database.user(), database.password());
  }
}
