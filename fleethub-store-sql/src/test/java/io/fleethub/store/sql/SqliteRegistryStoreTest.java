package io.fleethub.store.sql;

import io.fleethub.core.registry.RegistryStore;
import io.fleethub.testkit.store.RegistryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistryStoreTest implements RegistryStoreContract {
  @TempDir
  Path directory;

  private SqlStores stores;

  @Override
  public RegistryStore newStore() {
    stores = SqlStores.sqlite(directory.resolve("fleethub.db"));
    return stores.registry();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
