package io.fleethub.store.sql;

import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import io.fleethub.testkit.store.TwinStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresTwinStoreTest implements TwinStoreContract, TwinLifecycleContract {
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
  public Backend newBackend() {
    SqlStores emptied = newStores();
    return new Backend(emptied.registry(), emptied.twins());
  }

  @Override
  public SqlStores newStores() {
    PostgresTables.truncateAll(database);
    return stores;
  }
}
