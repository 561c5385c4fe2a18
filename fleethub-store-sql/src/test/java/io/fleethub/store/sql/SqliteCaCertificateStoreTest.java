package io.fleethub.store.sql;

import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.testkit.store.CaCertificateStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteCaCertificateStoreTest implements CaCertificateStoreContract {
  @TempDir
  Path directory;

  private SqlStores stores;

  @Override
  public CaCertificateStore newStore() {
    stores = SqlStores.sqlite(directory.resolve("fleethub.db"));
    return stores.caCertificates();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
