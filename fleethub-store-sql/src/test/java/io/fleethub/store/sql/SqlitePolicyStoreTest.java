package io.fleethub.store.sql;

import io.fleethub.core.auth.PolicyStore;
import io.fleethub.testkit.store.PolicyStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqlitePolicyStoreTest implements PolicyStoreContract {
  @TempDir
  Path directory;

  private SqlStores stores;

  @Override
  public PolicyStore newStore() {
    stores = SqlStores.sqlite(directory.resolve("fleethub.db"));
    return stores.policies();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
