package io.fleethub.store.sql;

import io.fleethub.core.consumergroups.ConsumerGroupStore;
import io.fleethub.testkit.store.ConsumerGroupStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteConsumerGroupStoreTest implements ConsumerGroupStoreContract {
  @TempDir
  Path directory;

  private SqlStores stores;

  @Override
  public ConsumerGroupStore newStore() {
    stores = SqlStores.sqlite(directory.resolve("fleethub.db"));
    return stores.consumerGroups();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
