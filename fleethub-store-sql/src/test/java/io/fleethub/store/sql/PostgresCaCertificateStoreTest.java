package io.fleethub.store.sql;

import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import io.fleethub.testkit.store.CaCertificateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresCaCertificateStoreTest implements CaCertificateStoreContract {
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
  public CaCertificateStore newStore() {
    PostgresTables.truncateAll(database);
    return stores.caCertificates();
  }
}
