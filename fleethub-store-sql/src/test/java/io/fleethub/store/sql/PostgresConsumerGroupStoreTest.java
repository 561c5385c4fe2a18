package io.fleethub.store.sql;

import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import io.fleethub.testkit.store.ConsumerGroupStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresConsumerGroupStoreTest implements ConsumerGroupStoreContract {
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
  public ConsumerGroupStore newStore() {
    PostgresTables.truncateAll(database);
    return stores.consumerGroups();
  }
}
