package io.fleethub.store.sql;

import io.fleethub.core.files.FileNotificationStore;
import io.fleethub.testkit.store.FileNotificationStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileNotificationStoreTest implements FileNotificationStoreContract {
  @TempDir
  Path directory;

  private SqlStores stores;

  @Override
  public FileNotificationStore newStore() {
    stores = SqlStores.sqlite(directory.resolve("fleethub.db"));
    return stores.fileNotifications();
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }
}
