package io.fleethub.store.sql;

import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import io.fleethub.testkit.store.FileNotificationStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresFileNotificationStoreTest implements FileNotificationStoreContract {
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
  public FileNotificationStore newStore() {
    PostgresTables.truncateAll(database);
    return stores.fileNotifications();
  }
}
