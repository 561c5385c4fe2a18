package io.fleethub.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.twin.Twin;
import io.fleethub.testkit.store.RegistryExamples;
import io.fleethub.testkit.store.TwinExamples;
import io.fleethub.testkit.store.TwinStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTwinStoreTest implements TwinStoreContract, TwinLifecycleContract {
  @TempDir
  Path directory;

  private SqlStores stores;

  @Override
  public Backend newBackend() {
    SqlStores opened = newStores();
    return new Backend(opened.registry(), opened.twins());
  }

  @Override
  public SqlStores newStores() {
    stores = SqlStores.sqlite(directory.resolve("fleethub.db"));
    return stores;
  }

  @AfterEach
  void closeStores() {
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void twinsSurviveClosingAndReopeningTheFile() {
    Path file = directory.resolve("reopened.db");
    IdentityRef module = TwinExamples.module("persistent", "sensor");
    Twin twin = TwinExamples.twin(module);
    try (SqlStores first = SqlStores.sqlite(file)) {
      first.registry().insertDevice(RegistryExamples.device("persistent"));
      first.registry().insertModule(RegistryExamples.module("persistent", "sensor"));
      first.twins().insert(twin);
    }

    try (SqlStores reopened = SqlStores.sqlite(file)) {
      assertThat(reopened.twins().find(module)).contains(twin);
    }
  }
}
