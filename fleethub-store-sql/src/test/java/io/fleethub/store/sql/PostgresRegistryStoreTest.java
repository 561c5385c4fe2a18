package io.fleethub.store.sql;

import io.fleethub.core.registry.RegistryStore;
import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import io.fleethub.testkit.store.RegistryStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresRegistryStoreTest implements RegistryStoreContract {
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
  public RegistryStore newStore() {
    PostgresTables.truncateAll(database);
    return stores.registry();
  }
}
