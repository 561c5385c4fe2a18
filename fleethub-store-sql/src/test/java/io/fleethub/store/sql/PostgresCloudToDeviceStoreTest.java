package io.fleethub.store.sql;

import io.fleethub.core.c2d.CloudToDeviceStore;
import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import io.fleethub.testkit.store.CloudToDeviceStoreContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresCloudToDeviceStoreTest implements CloudToDeviceStoreContract {
  private static EmbeddedPostgresDatabase database;
  private static SqlStores stores;

  @BeforeAll
  static void openStores() {
    database = EmbeddedPostgresDatabase.create();
    stores = PostgresTables.open(database);
  }

  @AfterAll
  static void closeStores() {
    stores.close();
  }

  @Override
  public CloudToDeviceStore newStore() {
    try (Connection connection =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE c2d_message, c2d_feedback RESTART IDENTITY");
    } catch (SQLException e) {
      throw new IllegalStateException("could not empty " + database.jdbcUrl(), e);
    }
    return stores.cloudToDevice();
  }
}
